"""Cases over the API: the list's filters, a row of the list, and one case in full."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from tandem.cases.models import CaseEventKind, CaseStatus, Priority
from tandem.cases.selectors import QueueFilters, QueueScope
from tandem.cases.timeline import event_summary_for_reader
from tandem.casework.selectors import case_deadlines, deadlines_summary
from tandem.core.redaction import reader_sees_sensitive
from tandem.incidents.serializers import (
    CodeNameSerializer,
    IncidentDetailSerializer,
    WardSerializer,
)


class CaseListFiltersSerializer(serializers.Serializer):
    """Query parameters of the case list, as in the work queue."""

    scope = serializers.ChoiceField(
        choices=[(QueueScope.MINE, "My cases"), (QueueScope.AGENCY, "My agency's cases")],
        default=QueueScope.AGENCY,
        help_text="`mine`: cases you are the officer for; `agency`: all your agency's cases.",
    )
    status = serializers.ListField(
        child=serializers.ChoiceField(choices=CaseStatus.choices),
        required=False,
        default=list,
        help_text="Repeat for several; open cases (not closed) if not given.",
    )
    category = serializers.CharField(
        max_length=50, required=False, allow_blank=True, default="", help_text="Category code."
    )
    ward = serializers.CharField(
        max_length=12, required=False, allow_blank=True, default="", help_text="Ward ONS code."
    )

    def filters(self) -> QueueFilters:
        data = self.validated_data
        return QueueFilters(
            scope=data["scope"],
            statuses=tuple(dict.fromkeys(data["status"])),
            category=data["category"].strip(),
            ward=data["ward"].strip().upper(),
        )


class OfficerSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    name = serializers.CharField(source="display_name")


class WardWithDistrictSerializer(WardSerializer):
    district = WardSerializer(source="parent", allow_null=True)


class CaseSummarySerializer(serializers.Serializer):
    """A row of the case list; expects ``officer``, ``category``, ``ward`` and ``lead_agency``
    selected with the case."""

    reference = serializers.CharField()
    status = serializers.ChoiceField(choices=CaseStatus.choices)
    priority = serializers.ChoiceField(choices=Priority.choices)
    category = CodeNameSerializer()
    ward = WardSerializer(allow_null=True)
    address = serializers.CharField()
    postcode = serializers.CharField()
    lead_agency = serializers.CharField(source="lead_agency.code")
    officer = OfficerSerializer(allow_null=True)
    hate_motivated = serializers.BooleanField()
    next_deadline = serializers.DateField(allow_null=True)
    opened_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()


class CaseEventSerializer(serializers.Serializer):
    """A change to the case. A priority change's sensitive reasons (domestic abuse, a vulnerable
    victim) read "a restricted reason" unless the context says ``sensitive``."""

    kind = serializers.ChoiceField(choices=CaseEventKind.choices)
    occurred_at = serializers.DateTimeField()
    actor = serializers.CharField(source="actor.display_name", allow_null=True)
    summary = serializers.SerializerMethodField()
    restricted = serializers.SerializerMethodField(
        help_text="Part of the summary is withheld from you as sensitive."
    )

    def _summary(self, event: Any) -> tuple[str, bool]:
        return event_summary_for_reader(event, reader_sees_sensitive(self))

    def get_summary(self, event: Any) -> str:
        return self._summary(event)[0]

    def get_restricted(self, event: Any) -> bool:
        return self._summary(event)[1]


class CaseDeadlinesSerializer(serializers.Serializer):
    """When each service-standard clock on the case falls due (ISO dates; null when the case has
    no such clock): the earliest open one of its kind, else the latest one."""

    first_contact_due = serializers.DateField(allow_null=True)
    appointment_due = serializers.DateField(
        allow_null=True, help_text="Serious cases: an appointment offered within a working day."
    )
    next_update_due = serializers.DateField(allow_null=True)
    review_due = serializers.DateField(allow_null=True)
    reassessment_due = serializers.DateField(allow_null=True)


class CaseDeadlinesMetSerializer(serializers.Serializer):
    """Whether each clock was kept: true when met on or before its due date, false when met
    late or still open after it, null when there is no clock or it is not yet due."""

    first_contact = serializers.BooleanField(allow_null=True)
    appointment = serializers.BooleanField(allow_null=True)
    next_update = serializers.BooleanField(allow_null=True)
    review = serializers.BooleanField(allow_null=True)
    reassessment = serializers.BooleanField(allow_null=True)


class CaseDetailSerializer(CaseSummarySerializer):
    """One case with its incidents, their people and its timeline (``case_get_visible``).
    Context ``sensitive``: may the reader see sensitive data on the case (``can_see_sensitive``).
    """

    ward = WardWithDistrictSerializer(allow_null=True)
    closed_at = serializers.DateTimeField(allow_null=True)
    incidents = IncidentDetailSerializer(many=True)
    events = CaseEventSerializer(many=True)

    deadlines = serializers.SerializerMethodField()
    deadlines_met = serializers.SerializerMethodField()

    def _summary(self, case: Any) -> tuple[dict[str, Any], dict[str, Any]]:
        cached: tuple[dict[str, Any], dict[str, Any]] | None = getattr(
            case, "_deadlines_summary", None
        )
        if cached is None:
            cached = deadlines_summary(case_deadlines(case), timezone.localdate())
            case._deadlines_summary = cached
        return cached

    @extend_schema_field(CaseDeadlinesSerializer)
    def get_deadlines(self, case: Any) -> dict[str, Any]:
        return self._summary(case)[0]

    @extend_schema_field(CaseDeadlinesMetSerializer)
    def get_deadlines_met(self, case: Any) -> dict[str, Any]:
        return self._summary(case)[1]
