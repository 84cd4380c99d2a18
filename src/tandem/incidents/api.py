"""Incident intake over the API."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, status
from rest_framework.request import Request
from rest_framework.response import Response

from tandem.core.api import ApiAccess, has_capability, staff_user
from tandem.core.policies import Capability, capability_policy
from tandem.incidents.models import Incident
from tandem.incidents.serializers import (
    IncidentCreatedSerializer,
    IncidentCreateSerializer,
    logged_people,
)
from tandem.incidents.services import incident_log
from tandem.people.policies import can_see_sensitive


class IncidentCreateView(ApiAccess, generics.GenericAPIView[Incident]):
    """Log an incident, with its people, on a new case or an existing one."""

    tandem_policy = capability_policy([Capability.LOG_REPORTS])
    permission_classes = [has_capability(Capability.LOG_REPORTS)]
    serializer_class = IncidentCreateSerializer

    @extend_schema(
        operation_id="incidents_create",
        request=IncidentCreateSerializer,
        responses={
            201: IncidentCreatedSerializer,
            400: OpenApiResponse(description="Field errors, nested under location and people."),
            401: OpenApiResponse(description="Not signed in."),
            403: OpenApiResponse(description="Your role may not log reports."),
        },
    )
    def post(self, request: Request) -> Response:
        serializer = IncidentCreateSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        intake = serializer.intake()
        incident = incident_log(actor=staff_user(request), report=intake.report)
        people = logged_people(incident=incident, intakes=intake.people)
        body = IncidentCreatedSerializer(
            incident,
            context={
                "people": people,
                "sensitive": can_see_sensitive(staff_user(request), incident.case),
            },
        ).data
        return Response(body, status=status.HTTP_201_CREATED)
