"""API views that belong to no one app: the reference lists, the OpenAPI schema and its docs."""

from __future__ import annotations

import base64
import hashlib
import re
from typing import TYPE_CHECKING, Any

from django.db.models import TextChoices
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework import generics, serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from tandem.accounts.models import Agency, AgencyKind
from tandem.core.api import ApiAccess
from tandem.geography.models import Area, AreaKind
from tandem.incidents.models import Category, Channel, HateStrand, IncidentType, PersonRole
from tandem.incidents.serializers import CodeNameSerializer, WardSerializer
from tandem.people.models import ContactChannel

if TYPE_CHECKING:
    from rest_framework.views import AsView, GenericView


class CategoryReferenceSerializer(CodeNameSerializer):
    description = serializers.CharField()
    default_priority = serializers.IntegerField()


class IncidentTypeReferenceSerializer(CodeNameSerializer):
    serious = serializers.BooleanField(help_text="Violence or threats: a priority case.")


class AgencyReferenceSerializer(CodeNameSerializer):
    kind = serializers.ChoiceField(choices=AgencyKind.choices)


class WardReferenceSerializer(WardSerializer):
    district = WardSerializer(source="parent", allow_null=True)


class ReferenceDataSerializer(serializers.Serializer):
    categories = CategoryReferenceSerializer(many=True)
    types = IncidentTypeReferenceSerializer(many=True)
    channels = CodeNameSerializer(many=True, help_text="How a report reached us.")
    roles = CodeNameSerializer(many=True, help_text="A person's part in an incident.")
    hate_strands = CodeNameSerializer(many=True)
    contact_channels = CodeNameSerializer(many=True, help_text="How a person prefers contact.")
    agencies = AgencyReferenceSerializer(many=True)
    wards = WardReferenceSerializer(many=True)


def _choices(choices: type[TextChoices]) -> list[dict[str, str]]:
    return [{"code": str(value), "name": str(label)} for value, label in choices.choices]


class ReferenceDataView(ApiAccess, generics.GenericAPIView[Any]):
    """The codes a client needs to make a report: active items only."""

    serializer_class = ReferenceDataSerializer

    @extend_schema(operation_id="reference_retrieve", responses={200: ReferenceDataSerializer})
    def get(self, request: Request) -> Response:
        data = {
            "categories": Category.objects.filter(active=True),
            "types": IncidentType.objects.filter(active=True),
            "channels": _choices(Channel),
            "roles": _choices(PersonRole),
            "hate_strands": HateStrand.objects.filter(active=True),
            "contact_channels": _choices(ContactChannel),
            "agencies": Agency.objects.filter(active=True).order_by("name"),
            "wards": Area.objects.filter(kind=AreaKind.WARD)
            .select_related("parent")
            .order_by("parent__name", "name"),
        }
        return Response(self.get_serializer(data).data)


class SchemaView(ApiAccess, SpectacularAPIView):
    """The OpenAPI 3 schema, for signed-in staff and token clients only."""

    permission_classes = [IsAuthenticated]


# Swagger UI comes from the npm package swagger-ui-dist, served from /static/swagger-ui/; its
# start-up script is a separate same-origin request (``?script``), so no inline script runs. The
# page template's one inline style element is allowed by its hash, worked out as it is rendered.
DOCS_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'{style_hashes}; "
    "img-src 'self' data:; font-src 'self'; connect-src 'self'; form-action 'self'; "
    "frame-ancestors 'none'; base-uri 'self'; object-src 'none'"
)
_STYLE_ELEMENT = re.compile(rb"<style[^>]*>(.*?)</style>", re.DOTALL)


def docs_csp(content: bytes) -> str:
    """The docs page's Content Security Policy, allowing exactly its inline style elements."""
    hashes = "".join(
        f" 'sha256-{base64.b64encode(hashlib.sha256(style).digest()).decode()}'"
        for style in _STYLE_ELEMENT.findall(content)
    )
    return DOCS_CSP.format(style_hashes=hashes)


def _set_docs_csp(response: Any) -> None:
    response.headers["Content-Security-Policy"] = docs_csp(response.content)


class DocsView(SpectacularSwaggerSplitView):
    """Swagger UI for the schema. A page for people: signing in goes through the sign-in page."""

    tandem_policy = "signed_in"
    permission_classes = [IsAuthenticated]
    url_name = "api:schema"

    @classmethod
    def as_view(cls, **initkwargs: Any) -> AsView[GenericView]:
        view = super().as_view(**initkwargs)
        # DRF exempts its views from LoginRequiredMiddleware; this one is a page for people, so
        # an anonymous visitor goes to the sign-in page rather than getting a bare 401.
        view.login_required = True  # type: ignore[attr-defined]
        return view

    def finalize_response(
        self, request: Request, response: Response, *args: Any, **kwargs: Any
    ) -> Response:
        response = super().finalize_response(request, response, *args, **kwargs)
        # The middleware leaves /api/docs/ without its policy; this one is as strict but for a hash.
        response.add_post_render_callback(_set_docs_csp)
        return response
