"""The risk matrix and assessments over the API: the same rules and visibility as the pages."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, generics, status
from rest_framework.permissions import SAFE_METHODS, BasePermission, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from tandem.accounts.models import User
from tandem.audit.models import AuditAction
from tandem.audit.services import audit_record
from tandem.cases.models import Case
from tandem.cases.selectors import case_get_visible
from tandem.core.api import ApiAccess, staff_user
from tandem.core.policies import Capability, user_can
from tandem.people.policies import can_see_sensitive
from tandem.risk.models import RiskAssessment, RiskMatrix
from tandem.risk.policies import may_assess
from tandem.risk.selectors import case_assessments, published_matrix, sensitive_question_codes
from tandem.risk.serializers import (
    AssessmentCreateSerializer,
    AssessmentSerializer,
    RiskMatrixSerializer,
)
from tandem.risk.services import NO_MATRIX, assessment_record

REFERENCE = OpenApiParameter(
    "reference", str, OpenApiParameter.PATH, description="The case reference, e.g. ASB-2026-7K2QF."
)


class RiskMatrixView(ApiAccess, generics.GenericAPIView[RiskMatrix]):
    """The risk matrix new assessments use: its questions with their codes and answers, the
    bands with their thresholds and consequences, and the automatic-high rules."""

    serializer_class = RiskMatrixSerializer

    @extend_schema(
        operation_id="risk_matrix_retrieve",
        responses={
            200: RiskMatrixSerializer,
            404: OpenApiResponse(description="No matrix is published."),
        },
    )
    def get(self, request: Request) -> Response:
        matrix = published_matrix()
        if matrix is None:
            raise exceptions.NotFound(NO_MATRIX)
        return Response(RiskMatrixSerializer(matrix).data)


def _reader_context(user: User, case: Case) -> dict[str, Any]:
    """What the assessment serializer needs to withhold sensitive answers from ``user``."""
    sensitive = can_see_sensitive(user, case)
    return {
        "sensitive": sensitive,
        "sensitive_codes": frozenset() if sensitive else sensitive_question_codes(),
    }


class RecordingNeedsRole(BasePermission):
    """Reading is for any signed-in member of staff who can see the case; recording an
    assessment needs a role that assesses risk."""

    message = "Your role may not assess risk."

    def has_permission(self, request: Request, view: APIView) -> bool:
        return request.method in SAFE_METHODS or user_can(request.user, Capability.ASSESS_RISK)


class CaseAssessmentsView(ApiAccess, generics.GenericAPIView[RiskAssessment]):
    """A case's risk assessments (``GET``, newest first, superseded ones included), and a new
    assessment of one of its victims (``POST``, by the roles that assess risk in the lead
    agency)."""

    permission_classes = [IsAuthenticated, RecordingNeedsRole]
    serializer_class = AssessmentSerializer

    @extend_schema(
        operation_id="cases_assessments_list",
        parameters=[REFERENCE],
        responses={
            200: AssessmentSerializer(many=True),
            404: OpenApiResponse(description="No such case."),
        },
    )
    def get(self, request: Request, reference: str) -> Response:
        user = staff_user(request)
        case = case_get_visible(user, reference)
        audit_record(
            actor=user,
            action=AuditAction.VIEW,
            object_type="risk_assessment",
            case_reference=case.reference,
            request=request,
        )
        return Response(
            AssessmentSerializer(
                case_assessments(case), many=True, context=_reader_context(user, case)
            ).data
        )

    @extend_schema(
        operation_id="cases_assessments_create",
        parameters=[REFERENCE],
        request=AssessmentCreateSerializer,
        responses={
            201: AssessmentSerializer,
            400: OpenApiResponse(
                description="Field errors: `person`, `answers` (by question code), "
                "`override_band`, `override_reason`."
            ),
            403: OpenApiResponse(description="Your role or agency may not assess risk."),
            404: OpenApiResponse(description="No such case, or no matrix is published."),
        },
    )
    def post(self, request: Request, reference: str) -> Response:
        user = staff_user(request)
        case = case_get_visible(user, reference)
        if not may_assess(user, case):
            raise exceptions.PermissionDenied("Only the lead agency may assess risk on this case.")
        matrix = published_matrix()
        if matrix is None:
            raise exceptions.NotFound(NO_MATRIX)
        serializer = AssessmentCreateSerializer(
            data=request.data, context={"case": case, "matrix": matrix}
        )
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        assessment = assessment_record(
            case=case,
            person=data["person"],
            actor=user,
            answers=data["answers"],
            override_band=data.get("override_band"),
            override_reason=data.get("override_reason", ""),
        )
        body = AssessmentSerializer(
            case_assessments(case).get(pk=assessment.pk), context=_reader_context(user, case)
        ).data
        return Response(body, status=status.HTTP_201_CREATED)
