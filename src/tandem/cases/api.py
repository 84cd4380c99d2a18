"""Cases over the API: the same visibility and work-queue order as the pages."""

from __future__ import annotations

from dataclasses import asdict

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request
from rest_framework.response import Response

from tandem.audit.models import AuditAction
from tandem.audit.services import audit_record
from tandem.cases.models import Case
from tandem.cases.selectors import case_get_visible, work_queue
from tandem.cases.serializers import (
    CaseDetailSerializer,
    CaseListFiltersSerializer,
    CaseSummarySerializer,
)
from tandem.core.api import ApiAccess, staff_user
from tandem.people.policies import can_see_sensitive


class CaseListView(ApiAccess, generics.GenericAPIView[Case]):
    """The cases you may see, most urgent first (by priority, then the nearest deadline)."""

    serializer_class = CaseSummarySerializer
    pagination_class = PageNumberPagination

    @extend_schema(
        operation_id="cases_list",
        parameters=[CaseListFiltersSerializer],
        responses={200: CaseSummarySerializer(many=True)},
    )
    def get(self, request: Request) -> Response:
        user = staff_user(request)
        params = CaseListFiltersSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        filters = params.filters()
        paginator = PageNumberPagination()
        page = paginator.paginate_queryset(work_queue(user, filters), request, view=self)
        audit_record(
            actor=user,
            action=AuditAction.SEARCH,
            object_type="case",
            detail={
                "filters": asdict(filters),
                "count": paginator.page.paginator.count if paginator.page else len(page or []),
            },
            request=request,
        )
        return paginator.get_paginated_response(self.get_serializer(page, many=True).data)


class CaseDetailView(ApiAccess, generics.GenericAPIView[Case]):
    """One case with its incidents and people; a case you may not see is a 404 like a missing
    one."""

    serializer_class = CaseDetailSerializer
    lookup_field = "reference"

    @extend_schema(
        operation_id="cases_retrieve",
        responses={200: CaseDetailSerializer, 404: OpenApiResponse(description="No such case.")},
    )
    def get(self, request: Request, reference: str) -> Response:
        user = staff_user(request)
        case = case_get_visible(user, reference)
        audit_record(
            actor=user,
            action=AuditAction.VIEW,
            object_type="case",
            object_id=case.reference,
            case_reference=case.reference,
            request=request,
        )
        context = {**self.get_serializer_context(), "sensitive": can_see_sensitive(user, case)}
        return Response(CaseDetailSerializer(case, context=context).data)
