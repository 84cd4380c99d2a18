"""A case's shares over the API: the same visibility, rules and audit as the case page."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, generics, status
from rest_framework.request import Request
from rest_framework.response import Response

from tandem.accounts.models import User
from tandem.audit.models import AuditAction
from tandem.audit.services import audit_record
from tandem.cases.models import Case
from tandem.cases.selectors import case_get_visible
from tandem.core.api import ApiAccess, staff_user
from tandem.sharing.models import CaseShare
from tandem.sharing.policies import can_share_case
from tandem.sharing.selectors import case_share_get, case_shares_for
from tandem.sharing.serializers import (
    ShareCreateSerializer,
    ShareRevokeSerializer,
    ShareSerializer,
    share_api_errors,
)
from tandem.sharing.services import (
    case_share_grant,
    case_share_revoke,
    end_of_day,
    start_of_day,
)

REFERENCE = OpenApiParameter(
    "reference", str, OpenApiParameter.PATH, description="The case reference, e.g. ASB-2026-7K2QF."
)
SHARE_ID = OpenApiParameter("share_id", int, OpenApiParameter.PATH, description="The share's id.")
REASON = OpenApiParameter(
    "reason", str, OpenApiParameter.QUERY, required=False, description="Why it is revoked."
)
NOT_YOURS = "Only the lead agency's supervisors and administrators may share this case."


def _sharer(user: User, reference: str) -> Case:
    """The case, if the user may see it (404 otherwise) and share it (403 otherwise)."""
    case = case_get_visible(user, reference)
    if not can_share_case(user, case):
        raise exceptions.PermissionDenied(NOT_YOURS)
    return case


class CaseSharesView(ApiAccess, generics.GenericAPIView[CaseShare]):
    """Who the case is shared with (``GET``: every share, in force or ended, for the lead
    agency; only your own agency's shares in force for a partner), and a new share (``POST``,
    by the lead agency's supervisors and administrators)."""

    serializer_class = ShareSerializer

    @extend_schema(
        operation_id="cases_shares_list",
        parameters=[REFERENCE],
        responses={
            200: ShareSerializer(many=True),
            404: OpenApiResponse(description="No such case."),
        },
    )
    def get(self, request: Request, reference: str) -> Response:
        user = staff_user(request)
        case = case_get_visible(user, reference)
        audit_record(
            actor=user,
            action=AuditAction.VIEW,
            object_type="case_shares",
            object_id=case.reference,
            case_reference=case.reference,
            request=request,
        )
        return Response(ShareSerializer(case_shares_for(user, case), many=True).data)

    @extend_schema(
        operation_id="cases_shares_create",
        parameters=[REFERENCE],
        request=ShareCreateSerializer,
        responses={
            201: ShareSerializer,
            400: OpenApiResponse(
                description="Field errors: `agency`, `purpose`, `legal_basis`, `agreement`, "
                "`expires`, `starts`."
            ),
            403: OpenApiResponse(description=NOT_YOURS),
            404: OpenApiResponse(description="No such case."),
        },
    )
    def post(self, request: Request, reference: str) -> Response:
        user = staff_user(request)
        case = _sharer(user, reference)
        serializer = ShareCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        try:
            share = case_share_grant(
                case=case,
                agency=data["agency"],
                purpose=data["purpose"],
                legal_basis=data["legal_basis"],
                agreement=data["agreement"],
                expires_at=end_of_day(data["expires"]) if data["expires"] else None,
                starts_at=start_of_day(data["starts"]) if data["starts"] else None,
                actor=user,
            )
        except DjangoValidationError as error:
            raise exceptions.ValidationError(share_api_errors(error.message_dict)) from None
        body = ShareSerializer(case_share_get(case, share.pk)).data
        return Response(body, status=status.HTTP_201_CREATED)


class CaseShareDetailView(ApiAccess, generics.GenericAPIView[CaseShare]):
    """Revoke a share (``DELETE``): the agency no longer sees the case through it. The share
    stays on record, with its status ``revoked``."""

    serializer_class = ShareSerializer

    @extend_schema(
        operation_id="cases_shares_destroy",
        parameters=[REFERENCE, SHARE_ID, REASON],
        request=ShareRevokeSerializer,
        responses={
            204: OpenApiResponse(description="Revoked."),
            400: OpenApiResponse(description="The share has already ended."),
            403: OpenApiResponse(description=NOT_YOURS),
            404: OpenApiResponse(description="No such case, or no such share on it."),
        },
    )
    def delete(self, request: Request, reference: str, share_id: int) -> Response:
        user = staff_user(request)
        case = _sharer(user, reference)
        share = case_share_get(case, share_id)
        data = (
            request.data if hasattr(request.data, "get") and request.data else request.query_params
        )
        serializer = ShareRevokeSerializer(data={"reason": data.get("reason", "")})
        serializer.is_valid(raise_exception=True)
        try:
            case_share_revoke(share=share, actor=user, reason=serializer.validated_data["reason"])
        except DjangoValidationError as error:
            raise exceptions.ValidationError({"non_field_errors": error.messages}) from None
        return Response(status=status.HTTP_204_NO_CONTENT)
