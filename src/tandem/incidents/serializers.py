"""Incident reports over the API: parse and check the request, build an ``IncidentReport`` for
``incident_log``, and describe incidents in responses.

Formats are checked here (a message per field, nested under ``location`` and ``people[i]``); the
rules every channel shares (dates in order, hate strands only with hate) are the service's.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_EVEN, Decimal
from typing import Any

from django.utils import timezone
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from tandem.accounts.models import Agency, User
from tandem.cases.models import Case
from tandem.cases.selectors import cases_visible_to
from tandem.core.config_cache import config_cached
from tandem.core.redaction import RedactedFieldsMixin, RestrictedField
from tandem.geography.models import Area
from tandem.geography.selectors import (
    postcode_is_valid,
    postcode_normalise,
    ward_by_code,
    ward_for_location,
)
from tandem.incidents.models import (
    Category,
    Channel,
    HappenedBefore,
    HateStrand,
    Incident,
    IncidentPerson,
    IncidentType,
    PersonRole,
)
from tandem.incidents.services import IncidentReport, PersonInvolved
from tandem.people.intake import IntakeCandidate, IntakePerson, intake_people
from tandem.people.matching import Thresholds, matching_thresholds
from tandem.people.models import ContactChannel
from tandem.people.selectors import NO_INCIDENTS, RepeatSummary, repeat_summaries
from tandem.people.services import PersonDetails

# ---------------------------------------------------------------------------------------------
# Fields


class CodeField(serializers.SlugRelatedField):
    """A configurable-list item by its code, looked up in the list kept in the process
    (``tandem.core.config_cache``) rather than queried on every report."""

    def to_internal_value(self, data: Any) -> Any:
        if not isinstance(data, str):
            self.fail("invalid")
        queryset = self.get_queryset()
        assert queryset is not None  # every code field is given its queryset
        rows = config_cached(
            f"codes:{queryset.model._meta.label}",
            lambda: {row.code: row for row in queryset},
        )
        if data not in rows:
            self.fail("does_not_exist", slug_name=self.slug_field, value=data)
        return rows[data]


def code_field(*, noun: str, **kwargs: Any) -> Any:
    """An active configurable-list item (category, type, hate strand) given by its code.

    Pass ``many=True`` for a list of codes; an unknown code is refused by name.
    """
    return CodeField(
        slug_field="code",
        error_messages={
            "does_not_exist": f'There is no {noun} with the code "{{value}}".',
            "invalid": f"Give the {noun} as its code.",
            "empty": f"Select at least one {noun}.",
        },
        **kwargs,
    )


class PostcodeField(serializers.CharField):
    """A UK postcode in any spacing or case, returned normalised (``ME14 1XX``); blank allowed."""

    default_error_messages = {"postcode": "Enter a real postcode, like ME14 1XX."}

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 10)
        kwargs.setdefault("allow_blank", True)
        kwargs.setdefault("required", False)
        kwargs.setdefault("default", "")
        super().__init__(**kwargs)

    def to_internal_value(self, data: Any) -> str:
        value = super().to_internal_value(data)
        if not value:
            return ""
        if not postcode_is_valid(value):
            self.fail("postcode")
        return postcode_normalise(value)


class CoordinateField(serializers.DecimalField):
    """Degrees (WGS84), rounded to six decimal places (about 10 cm) rather than refused."""

    def __init__(self, *, limit: int, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("allow_null", True)
        kwargs.setdefault("default", None)
        super().__init__(
            max_digits=9,
            decimal_places=6,
            min_value=Decimal(-limit),
            max_value=Decimal(limit),
            rounding=ROUND_HALF_EVEN,
            coerce_to_string=False,
            **kwargs,
        )

    def validate_precision(self, value: Decimal) -> Decimal:
        return value  # the range is checked by min_value/max_value; quantize() rounds


# ---------------------------------------------------------------------------------------------
# Requests


class LocationSerializer(serializers.Serializer):
    address = serializers.CharField(max_length=300)
    postcode = PostcodeField()
    ward = serializers.CharField(
        max_length=12,
        required=False,
        allow_blank=True,
        default="",
        help_text="ONS code of the ward (E05…); found from the postcode or point when not given.",
    )
    latitude = CoordinateField(limit=90)
    longitude = CoordinateField(limit=180)

    def validate_ward(self, value: str) -> Area | None:
        if not value:
            return None
        ward = ward_by_code(value)
        if ward is None:
            raise serializers.ValidationError(f'There is no ward with the code "{value}".')
        return ward

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        latitude, longitude = attrs.get("latitude"), attrs.get("longitude")
        if (latitude is None) != (longitude is None):
            missing = "longitude" if longitude is None else "latitude"
            raise serializers.ValidationError(
                {missing: ["Give both latitude and longitude, or neither."]}
            )
        if attrs.get("ward") is None:
            attrs["ward"] = ward_for_location(
                postcode=attrs.get("postcode", ""), latitude=latitude, longitude=longitude
            )
        return attrs


class PersonInvolvedSerializer(serializers.Serializer):
    role = serializers.ChoiceField(choices=PersonRole.choices)
    first_name = serializers.CharField(max_length=100)
    last_name = serializers.CharField(max_length=100)
    date_of_birth = serializers.DateField(required=False, allow_null=True, default=None)
    address = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    postcode = PostcodeField()
    phone = serializers.CharField(max_length=30, required=False, allow_blank=True, default="")
    email = serializers.EmailField(max_length=254, required=False, allow_blank=True, default="")
    preferred_channel = serializers.ChoiceField(
        choices=ContactChannel.choices, required=False, allow_blank=True, default=""
    )

    def validate_date_of_birth(self, value: Any) -> Any:
        if value is not None and value > timezone.localdate():
            raise serializers.ValidationError("The date of birth must be in the past.")
        return value


@dataclass(frozen=True)
class PersonIntake:
    """One person as reported, linked to someone already known when the match is confident."""

    involved: PersonInvolved
    possible_matches: list[IntakeCandidate] = field(default_factory=list)


@dataclass(frozen=True)
class IncidentIntake:
    report: IncidentReport
    people: list[PersonIntake]


def person_intakes(people: list[IntakePerson], *, thresholds: Thresholds) -> list[PersonIntake]:
    """Link each person to a known person only when exactly one candidate is confident and shares
    a birth date, phone or email as well as the name; offer the rest as possible matches.
    Nobody is ever merged."""
    intakes = []
    for person in people:
        link = person.confident_link(thresholds)
        existing = link.person if link is not None else None
        counted = next((c.repeat for c in person.candidates if c.candidate == link), None)
        intakes.append(
            PersonIntake(
                involved=PersonInvolved(
                    role=person.role, details=person.details, existing=existing, repeat=counted
                ),
                possible_matches=[
                    option for option in person.candidates if option.candidate.person != existing
                ],
            )
        )
    return intakes


class IncidentCreateSerializer(serializers.Serializer):
    """A report of an incident; needs ``request`` in its context (the agency and the cases)."""

    occurred_at = serializers.DateTimeField()
    reported_at = serializers.DateTimeField(
        required=False, help_text="When it was reported to us; now if not given."
    )
    channel = serializers.ChoiceField(choices=Channel.choices)
    receiving_agency = serializers.CharField(
        max_length=20, required=False, help_text="Agency code; your own agency if not given."
    )
    category = code_field(noun="category", queryset=Category.objects.filter(active=True))
    types = code_field(
        noun="incident type",
        queryset=IncidentType.objects.filter(active=True),
        many=True,
        allow_empty=False,
    )
    description = serializers.CharField()
    location = LocationSerializer()
    hate_motivated = serializers.BooleanField(default=False)
    hate_strands = code_field(
        noun="hate strand",
        queryset=HateStrand.objects.filter(active=True),
        many=True,
        required=False,
        default=list,
    )
    domestic_abuse = serializers.BooleanField(default=False)
    crime_reference = serializers.CharField(
        max_length=50, required=False, allow_blank=True, default=""
    )
    happened_before = serializers.ChoiceField(
        choices=HappenedBefore.choices,
        required=False,
        allow_blank=True,
        default="",
        help_text="The victim's answer to 'has this happened to you before?': yes, no or "
        "unknown; blank if not asked.",
    )
    case = serializers.CharField(
        max_length=20,
        required=False,
        allow_blank=True,
        default="",
        help_text="Reference of an open case to add this incident to; a new case if not given.",
    )
    people = PersonInvolvedSerializer(many=True, required=False, default=list)

    @property
    def user(self) -> User:
        user = self.context["request"].user
        assert isinstance(user, User)
        return user

    def validate_receiving_agency(self, value: str) -> Agency:
        own = self.user.agency
        if own is None or value.strip().upper() != own.code.upper():
            raise serializers.ValidationError(
                "You can log reports only for your own agency"
                + (f" ({own.code})." if own is not None else ".")
            )
        return own

    def validate_case(self, value: str) -> Case | None:
        if not value:
            return None
        case = cases_visible_to(self.user).filter(reference=value.strip().upper()).first()
        if case is None:
            # The same answer whether it does not exist or belongs to someone else.
            raise serializers.ValidationError("There is no such case.")
        return case

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if "receiving_agency" not in attrs:
            if self.user.agency is None:
                raise serializers.ValidationError(
                    {"receiving_agency": ["Give the agency that received the report."]}
                )
            attrs["receiving_agency"] = self.user.agency
        return attrs

    def intake(self) -> IncidentIntake:
        """The validated request as the service's report, people matched to known people."""
        data = self.validated_data
        location = data["location"]
        thresholds = matching_thresholds()
        people = person_intakes(
            intake_people(
                [
                    (
                        person["role"],
                        PersonDetails(
                            first_name=person["first_name"],
                            last_name=person["last_name"],
                            date_of_birth=person["date_of_birth"],
                            address=person["address"],
                            postcode=person["postcode"],
                            phone=person["phone"],
                            email=person["email"],
                            preferred_channel=person["preferred_channel"],
                        ),
                    )
                    for person in data["people"]
                ],
                thresholds=thresholds,
            ),
            thresholds=thresholds,
        )
        report = IncidentReport(
            occurred_at=data["occurred_at"],
            reported_at=data.get("reported_at") or timezone.now(),
            channel=data["channel"],
            receiving_agency=data["receiving_agency"],
            category=data["category"],
            types=list(data["types"]),
            description=data["description"],
            address=location["address"],
            postcode=location["postcode"],
            ward=location["ward"],
            latitude=location["latitude"],
            longitude=location["longitude"],
            hate_motivated=data["hate_motivated"],
            hate_strands=list(data["hate_strands"]),
            domestic_abuse=data["domestic_abuse"],
            crime_reference=data["crime_reference"],
            happened_before=data["happened_before"],
            case=data["case"],
            people=[person.involved for person in people],
        )
        return IncidentIntake(report=report, people=people)


# ---------------------------------------------------------------------------------------------
# Responses


class CodeNameSerializer(serializers.Serializer):
    """An item of a configurable list or a choice: a stable code and a name for people."""

    code = serializers.CharField()
    name = serializers.CharField()


class WardSerializer(serializers.Serializer):
    code = serializers.CharField(source="ons_code")
    name = serializers.CharField()


class LocationOutSerializer(serializers.Serializer):
    address = serializers.CharField()
    postcode = serializers.CharField()
    ward = WardSerializer(allow_null=True)
    latitude = serializers.DecimalField(
        max_digits=9, decimal_places=6, coerce_to_string=False, allow_null=True
    )
    longitude = serializers.DecimalField(
        max_digits=9, decimal_places=6, coerce_to_string=False, allow_null=True
    )


class IncidentSerializer(RedactedFieldsMixin, serializers.Serializer):
    """An incident. Its hate strands (protected characteristics) and domestic-abuse flag are
    sensitive: ``null`` and listed in ``restricted`` unless the context says ``sensitive``."""

    sensitive_fields = ("hate_strands", "domestic_abuse")

    reference = serializers.CharField()
    case = serializers.CharField(source="case.reference")
    occurred_at = serializers.DateTimeField()
    reported_at = serializers.DateTimeField()
    channel = serializers.ChoiceField(choices=Channel.choices)
    receiving_agency = serializers.CharField(source="receiving_agency.code")
    category = CodeNameSerializer()
    types = CodeNameSerializer(many=True)
    description = serializers.CharField()
    location = LocationOutSerializer(source="*")
    hate_motivated = serializers.BooleanField()
    hate_strands = CodeNameSerializer(
        many=True, allow_null=True, help_text="What the hate was perceived to be motivated by."
    )
    domestic_abuse = serializers.BooleanField(allow_null=True)
    crime_reference = serializers.CharField()
    happened_before = serializers.ChoiceField(
        choices=[("", "Not asked"), *HappenedBefore.choices],
        help_text="Whether the victim said it had happened before: yes, no, unknown, or blank.",
    )
    created_at = serializers.DateTimeField()
    restricted = RestrictedField()


class InvolvementSerializer(serializers.Serializer):
    """A person's part in an incident."""

    id = serializers.IntegerField(source="person.pk")
    name = serializers.CharField(source="person.full_name")
    role = serializers.ChoiceField(choices=PersonRole.choices)


class IncidentDetailSerializer(IncidentSerializer):
    """An incident with the people involved (for a case's page; prefetch ``involvements``)."""

    people = InvolvementSerializer(many=True, source="involvements")


class RepeatSerializer(serializers.Serializer):
    """Counts only, across every agency: never another agency's case details."""

    is_repeat = serializers.BooleanField(
        help_text="More than one incident in the last 12 months (this one included, once stored)."
    )
    incidents_last_12_months = serializers.IntegerField()
    agencies_involved = serializers.IntegerField(
        help_text="How many agencies received those incidents."
    )


class PossibleMatchSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="candidate.person.pk")
    name = serializers.CharField(source="candidate.person.full_name")
    confidence = serializers.FloatField(
        source="candidate.confidence", help_text="0 to 1; see the matching thresholds."
    )
    reasons = serializers.ListField(
        source="candidate.reasons",
        child=serializers.CharField(),
        help_text='Why they may be the same person, in words: "similar name", "same phone"…',
    )
    repeat = RepeatSerializer(
        allow_null=True,
        help_text="Their incidents in the reported role (victim or alleged perpetrator) in the "
        "last 12 months; null for other roles.",
    )


@dataclass(frozen=True)
class LoggedPerson:
    person_id: int
    role: str
    matched_existing: bool
    possible_matches: list[IntakeCandidate]
    repeat_victim: RepeatSummary | None = None
    repeat_perpetrator: RepeatSummary | None = None


class LoggedPersonSerializer(serializers.Serializer):
    person_id = serializers.IntegerField()
    role = serializers.ChoiceField(choices=PersonRole.choices)
    matched_existing = serializers.BooleanField(
        help_text="Linked to a person already known: the only confident match, sharing a birth "
        "date, phone or email as well as the name."
    )
    possible_matches = PossibleMatchSerializer(
        many=True,
        help_text="Other known people who may be the same person, most likely first; for a "
        "person to check. Nothing is merged automatically.",
    )
    repeat_victim = RepeatSerializer(
        allow_null=True,
        help_text="For a victim: their incidents as a victim in the last 12 months, across every "
        "agency, including this one and those of records merged into theirs.",
    )
    repeat_perpetrator = RepeatSerializer(
        allow_null=True,
        help_text="For an alleged perpetrator: incidents naming them so in the last 12 months.",
    )


def logged_people(*, incident: Incident, intakes: list[PersonIntake]) -> list[LoggedPerson]:
    """Each reported person with the record they ended up as and their repeat counts.

    The counts the intake found before the report was stored, plus this incident; a new person
    has only this one. Existing people the intake did not count are counted now.
    ``incident_log`` creates new people in the order given, so their ids rise in that order.
    """
    existing_ids = {
        intake.involved.existing.pk for intake in intakes if intake.involved.existing is not None
    }
    created = iter(
        IncidentPerson.objects.filter(incident=incident)
        .exclude(person_id__in=existing_ids)
        .order_by("person_id")
        .values_list("person_id", flat=True)
        if len(existing_ids) < len(intakes)
        else ()
    )
    ids = []
    for intake in intakes:
        existing = intake.involved.existing
        ids.append(existing.pk if existing is not None else next(created))
    counts: dict[str, dict[int, RepeatSummary]] = {}
    for role in (PersonRole.VICTIM, PersonRole.ALLEGED_PERPETRATOR):
        after: dict[int, RepeatSummary] = {}
        uncounted = []
        for pk, intake in zip(ids, intakes, strict=True):
            involved = intake.involved
            if involved.role != role:
                continue
            if involved.existing is None:
                after[pk] = _with(NO_INCIDENTS, incident)
            elif involved.repeat is not None:
                after[pk] = _with(involved.repeat, incident)
            else:
                uncounted.append(pk)
        if uncounted:
            # Counted now that the report is stored: this incident is included already.
            after.update(repeat_summaries(uncounted, role=role))
        counts[role] = after
    return [
        LoggedPerson(
            person_id=pk,
            role=intake.involved.role,
            matched_existing=intake.involved.existing is not None,
            possible_matches=intake.possible_matches,
            repeat_victim=counts[PersonRole.VICTIM].get(pk)
            if intake.involved.role == PersonRole.VICTIM
            else None,
            repeat_perpetrator=counts[PersonRole.ALLEGED_PERPETRATOR].get(pk)
            if intake.involved.role == PersonRole.ALLEGED_PERPETRATOR
            else None,
        )
        for pk, intake in zip(ids, intakes, strict=True)
    ]


def _with(summary: RepeatSummary, incident: Incident) -> RepeatSummary:
    return summary.including(
        agency_id=incident.receiving_agency_id, reported_at=incident.reported_at
    )


class IncidentCreatedSerializer(IncidentSerializer):
    """The stored incident with its case and what became of each person; needs ``people``
    (a list of ``LoggedPerson``) in its context."""

    people = serializers.SerializerMethodField()

    @extend_schema_field(LoggedPersonSerializer(many=True))
    def get_people(self, incident: Incident) -> Any:
        return LoggedPersonSerializer(self.context["people"], many=True).data
