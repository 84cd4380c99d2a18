"""The audit over the API: the search's query parameters and one event."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from tandem.audit.models import AuditAction
from tandem.audit.selectors import AuditFilters


class AuditFiltersSerializer(serializers.Serializer):
    """Query parameters of ``GET /api/v1/audit/``; all optional, combined with AND."""

    case = serializers.CharField(
        max_length=20, required=False, default="", help_text="Case reference: events about it."
    )
    user = serializers.CharField(
        max_length=150, required=False, default="", help_text="Username: events by them."
    )
    agency = serializers.CharField(
        max_length=20, required=False, default="", help_text="Agency code: events by its staff."
    )
    person = serializers.IntegerField(
        min_value=1, required=False, default=None, help_text="Person record number."
    )
    object_type = serializers.CharField(
        max_length=50, required=False, default="", help_text="Record type, e.g. `case`, `person`."
    )
    object_id = serializers.CharField(
        max_length=50, required=False, default="", help_text="Record number or reference."
    )
    action = serializers.ChoiceField(
        choices=AuditAction.choices, required=False, default="", help_text="What was done."
    )
    date_from = serializers.DateField(
        required=False, default=None, help_text="First day (YYYY-MM-DD, UK time), inclusive."
    )
    date_to = serializers.DateField(
        required=False, default=None, help_text="Last day (YYYY-MM-DD, UK time), inclusive."
    )

    def get_fields(self) -> dict[str, serializers.Field]:
        # ``from`` and ``to`` are Python keywords: declared under other names, renamed here.
        fields = super().get_fields()
        fields["from"] = fields.pop("date_from")
        fields["to"] = fields.pop("date_to")
        return fields

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        start, end = attrs.get("from"), attrs.get("to")
        if start and end and end < start:
            raise serializers.ValidationError({"to": ["Must be the same as or after `from`."]})
        return attrs

    def filters(self) -> AuditFilters:
        data = self.validated_data
        return AuditFilters(
            username=data["user"].strip(),
            agency=data["agency"].strip().upper(),
            case_reference=data["case"].strip().upper(),
            person_id=data["person"],
            object_type=data["object_type"].strip(),
            object_id=data["object_id"].strip(),
            action=data["action"],
            date_from=data["from"],
            date_to=data["to"],
        )


class AuditEventSerializer(serializers.Serializer):
    """One audit event; expects ``actor`` and ``actor_agency`` selected with it."""

    id = serializers.IntegerField()
    occurred_at = serializers.DateTimeField()
    user = serializers.CharField(
        source="actor.username", allow_null=True, default=None, help_text="Null: no one signed in."
    )
    user_name = serializers.CharField(source="actor.display_name", allow_null=True, default=None)
    agency = serializers.CharField(
        source="actor_agency.code", allow_null=True, default=None, help_text="The user's agency."
    )
    action = serializers.ChoiceField(choices=AuditAction.choices)
    object_type = serializers.CharField()
    object_id = serializers.CharField()
    case_reference = serializers.CharField()
    detail = serializers.DictField(
        help_text="What else there is: fields an update changed (names only), a search's "
        "filters, the page. `redacted: true` once personal data was removed under retention."
    )
    ip_address = serializers.IPAddressField(allow_null=True)
    user_agent = serializers.CharField()
