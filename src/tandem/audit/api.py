"""The audit over the API, for information governance staff: the same events, filters and
visibility as the auditor's pages. Reading it is recorded too."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request
from rest_framework.response import Response

from tandem.audit.models import AuditAction, AuditEvent
from tandem.audit.policies import CAN_READ_AUDIT
from tandem.audit.selectors import audit_search
from tandem.audit.serializers import AuditEventSerializer, AuditFiltersSerializer
from tandem.audit.services import audit_record
from tandem.core.api import ApiAccess, has_capability, staff_user
from tandem.core.policies import capability_policy


class AuditEventListView(ApiAccess, generics.GenericAPIView[AuditEvent]):
    """Audit events you may read, newest first: by your agency's staff, and about cases your
    agency leads (everything, for a partnership-wide audit team)."""

    tandem_policy = capability_policy(CAN_READ_AUDIT)
    permission_classes = [has_capability(*CAN_READ_AUDIT)]
    serializer_class = AuditEventSerializer
    pagination_class = PageNumberPagination

    @extend_schema(
        operation_id="audit_list",
        parameters=[AuditFiltersSerializer],
        responses={
            200: AuditEventSerializer(many=True),
            400: OpenApiResponse(description="Field errors in the query parameters."),
            403: OpenApiResponse(description="Only auditors may read the audit."),
        },
    )
    def get(self, request: Request) -> Response:
        user = staff_user(request)
        params = AuditFiltersSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        filters = params.filters()
        paginator = PageNumberPagination()
        page = paginator.paginate_queryset(audit_search(user, filters), request, view=self)
        audit_record(
            actor=user,
            action=AuditAction.SEARCH,
            object_type="audit",
            detail={
                "page": "api_audit",
                "filters": filters.as_detail(),
                "count": paginator.page.paginator.count if paginator.page else len(page or []),
            },
            request=request,
        )
        return paginator.get_paginated_response(self.get_serializer(page, many=True).data)
