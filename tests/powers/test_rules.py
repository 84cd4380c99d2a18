"""A rule check for each power: refusals where the law forbids, warnings where judgement
applies, follow-up deadlines set — all from the catalogue's data."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from tandem.audit.models import AuditEvent
from tandem.powers.models import Power, PowerUse
from tandem.powers.rules import REFUSE, WARN, UseDetails, check_power
from tandem.powers.services import PowerWarnings, power_record
from tandem.standards.models import CaseDeadline

pytestmark = pytest.mark.django_db

ISSUED = date(2026, 6, 1)


def at(day: date = ISSUED, hour: int = 9) -> datetime:
    return timezone.make_aware(datetime(day.year, day.month, day.day, hour))


def power(code: str) -> Power:
    return Power.objects.get(code=code)


def record(case, officer, code, *, person=None, name="", ack=(), **kwargs):
    kind = kwargs.pop("respondent_kind", "person" if person is not None else "premises")
    kwargs.setdefault("issued_on", ISSUED)
    kwargs.setdefault("starts_at", at(kwargs["issued_on"]))
    return power_record(
        case=case,
        actor=officer,
        power=power(code),
        respondent_kind=kind,
        respondent_person=person,
        respondent_name=name,
        acknowledged=ack,
        **kwargs,
    )


def refused(case, officer, code, **kwargs) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as error:
        record(case, officer, code, **kwargs)
    assert not isinstance(error.value, PowerWarnings), error.value
    return error.value.message_dict


def warned(case, officer, code, **kwargs) -> list[str]:
    with pytest.raises(PowerWarnings) as error:
        record(case, officer, code, **kwargs)
    return [warning.code for warning in error.value.warnings]


def deadlines(case, use) -> dict[str, date]:
    return {
        d.kind: d.due_on for d in CaseDeadline.objects.filter(case=case, source=f"power:{use.pk}")
    }


def test_the_catalogue_holds_every_intervention_in_the_issue():
    assert set(Power.objects.values_list("code", flat=True)) >= {
        "warning-letter",
        "aba",
        "mediation",
        "restorative-justice",
        "support-referral",
        "target-hardening",
        "cpw",
        "cpn",
        "civil-injunction",
        "cbo",
        "dispersal",
        "closure-notice",
        "closure-order",
        "pspo",
        "nosp",
        "demotion",
        "absolute-ground",
        "community-remedy",
    }


@pytest.mark.parametrize(
    "code", ["warning-letter", "aba", "mediation", "restorative-justice", "support-referral"]
)
def test_non_statutory_interventions_are_recorded_without_rules(case, officer, respondent, code):
    use = record(case, officer, code, person=respondent(30))
    assert use.pk
    assert not use.power.statutory
    assert AuditEvent.objects.filter(object_type="power_use", object_id=str(use.pk)).exists()


def test_target_hardening_is_for_premises(case, officer):
    use = record(case, officer, "target-hardening", name="12 Acacia Road")
    assert use.respondent == "12 Acacia Road"
    assert "respondent_kind" in refused(
        case, officer, "target-hardening", respondent_kind="area", name="The park"
    )


def test_civil_injunction_refused_under_10(case, officer, respondent):
    errors = refused(case, officer, "civil-injunction", person=respondent(9), indefinite=True)
    assert "under 10" in errors["respondent_person"][0]


def test_civil_injunction_under_18_at_most_12_months_and_yot_warning(case, officer, respondent):
    child = respondent(15)
    errors = refused(
        case, officer, "civil-injunction", person=child, duration=13, duration_unit="months"
    )
    assert "12 months" in errors["duration"][0]
    assert "duration" in refused(case, officer, "civil-injunction", person=child, indefinite=True)
    assert warned(
        case, officer, "civil-injunction", person=child, duration=12, duration_unit="months"
    ) == ["under18-consultation"]
    use = record(
        case,
        officer,
        "civil-injunction",
        person=child,
        duration=12,
        duration_unit="months",
        ack=["under18-consultation"],
    )
    assert use.acknowledged_warnings[0]["code"] == "under18-consultation"
    assert deadlines(case, use) == {"power-ends": date(2027, 6, 1)}


def test_civil_injunction_adult_may_be_indefinite(case, officer, respondent):
    use = record(case, officer, "civil-injunction", person=respondent(30), indefinite=True)
    assert use.indefinite
    assert use.ends_at is None


def test_disability_warning_before_legal_action(case, officer, respondent):
    codes = warned(
        case,
        officer,
        "civil-injunction",
        person=respondent(40),
        indefinite=True,
        respondent_disabled=True,
    )
    assert codes == ["disability"]


def test_cbo_refused_without_conviction(case, officer, respondent):
    errors = refused(case, officer, "cbo", person=respondent(30), indefinite=True)
    assert "conviction" in errors["conviction_reference"][0]


def test_cbo_adult_at_least_two_years(case, officer, respondent):
    adult = respondent(30)
    errors = refused(
        case,
        officer,
        "cbo",
        person=adult,
        conviction_reference="C1",
        duration=1,
        duration_unit="years",
    )
    assert "at least 2 years" in errors["duration"][0]
    assert record(case, officer, "cbo", person=adult, conviction_reference="C1", indefinite=True)


def test_cbo_under_18_one_to_three_years_with_yearly_review(case, officer, respondent):
    child = respondent(16)
    details = {"person": child, "conviction_reference": "C1", "duration_unit": "years"}
    assert "duration" in refused(case, officer, "cbo", duration=4, **details)
    assert "duration" in refused(
        case, officer, "cbo", indefinite=True, **{**details, "duration_unit": ""}
    )
    use = record(case, officer, "cbo", duration=2, **details)
    assert deadlines(case, use) == {
        "power-ends": date(2028, 6, 1),
        "power-under18-review": date(2027, 6, 1),
    }


def test_dispersal_needs_an_inspector_and_at_most_48_hours(case, officer, respondent):
    youth = respondent(14)
    errors = refused(case, officer, "dispersal", person=youth, duration=24, duration_unit="hours")
    assert "inspector" in errors["authorised_by"][0]
    errors = refused(
        case,
        officer,
        "dispersal",
        person=youth,
        duration=49,
        duration_unit="hours",
        authorised_by="Insp. Jones",
    )
    assert "48 hours" in errors["duration"][0]
    assert "respondent_person" in refused(
        case,
        officer,
        "dispersal",
        person=respondent(9),
        duration=1,
        duration_unit="hours",
        authorised_by="Insp. Jones",
    )
    use = record(
        case,
        officer,
        "dispersal",
        person=youth,
        duration=48,
        duration_unit="hours",
        authorised_by="Insp. Jones",
    )
    assert use.ends_at == at() + timedelta(hours=48)


def test_cpw_compliance_date_is_a_follow_up(case, officer, respondent):
    use = record(case, officer, "cpw", person=respondent(20), duration=14, duration_unit="days")
    assert deadlines(case, use) == {"power-compliance-check": date(2026, 6, 15)}


def test_cpn_refused_without_an_earlier_cpw_for_the_same_respondent(case, officer, respondent):
    first, second = respondent(20), respondent(25)
    record(case, officer, "cpw", person=first, duration=14, duration_unit="days")
    errors = refused(case, officer, "cpn", person=second)
    assert "Community Protection Warning" in errors["power"][0]
    use = record(case, officer, "cpn", person=first, served_on=date(2026, 6, 2))
    assert deadlines(case, use) == {"power-appeal-window": date(2026, 6, 23)}


def test_cpn_refused_under_16(case, officer, respondent):
    child = respondent(15)
    # The warning itself is refused too: both need the person to be 16.
    assert "respondent_person" in refused(case, officer, "cpw", person=child)
    assert "respondent_person" in refused(case, officer, "cpn", person=child)


def test_cpn_against_a_body(case, officer):
    record(case, officer, "cpw", respondent_kind="body", name="Acme Scrap Ltd")
    assert record(case, officer, "cpn", respondent_kind="body", name="acme scrap ltd")


def test_closure_notice_24_hours_or_48_with_senior_sign_off(case, officer):
    premises = {"name": "1 Crack House Lane", "duration_unit": "hours"}
    errors = refused(case, officer, "closure-notice", duration=36, **premises)
    assert "superintendent" in errors["senior_authorisation"][0]
    assert "duration" in refused(
        case, officer, "closure-notice", duration=49, senior_authorisation=True, **premises
    )
    use = record(
        case, officer, "closure-notice", duration=48, senior_authorisation=True, **premises
    )
    assert deadlines(case, use) == {"power-court-hearing": date(2026, 6, 3)}
    assert record(case, officer, "closure-notice", duration=24, **premises)


def test_closure_order_needs_a_notice_and_at_most_6_months_in_total(case, officer):
    premises = {"name": "1 Crack House Lane", "duration_unit": "months"}
    assert "power" in refused(case, officer, "closure-order", duration=3, **premises)
    record(
        case, officer, "closure-notice", name=premises["name"], duration=24, duration_unit="hours"
    )
    assert "duration" in refused(case, officer, "closure-order", duration=4, **premises)
    first = record(case, officer, "closure-order", duration=3, **premises)
    assert deadlines(case, first) == {
        "power-expiry": date(2026, 9, 1),
        "power-absolute-ground-notice": date(2026, 9, 1),
        "power-appeal-window": date(2026, 6, 22),
    }
    record(case, officer, "closure-order", duration=3, issued_on=date(2026, 9, 1), **premises)
    errors = refused(
        case, officer, "closure-order", duration=1, issued_on=date(2026, 12, 1), **premises
    )
    assert "6 months" in errors["duration"][0]


def test_pspo_at_most_3_years_with_six_week_challenge(case, officer):
    area = {"respondent_kind": "area", "name": "Town centre", "duration_unit": "years"}
    assert "duration" in refused(case, officer, "pspo", duration=4, **area)
    use = record(case, officer, "pspo", duration=3, **area)
    assert deadlines(case, use) == {
        "power-expiry": date(2029, 6, 1),
        "power-appeal-window": date(2026, 7, 13),
    }


def test_absolute_ground_within_12_months_of_conviction(case, officer, respondent):
    tenant = respondent(40)
    errors = refused(case, officer, "absolute-ground", person=tenant, grounds_on=date(2025, 5, 31))
    assert "12 months" in errors["issued_on"][0]
    assert "grounds_on" in refused(case, officer, "absolute-ground", person=tenant)
    use = record(case, officer, "absolute-ground", person=tenant, grounds_on=date(2025, 6, 1))
    assert deadlines(case, use) == {"power-review-request": date(2026, 6, 8)}


def test_absolute_ground_within_3_months_of_a_closure_order(case, officer, respondent):
    tenant = respondent(40)
    errors = refused(
        case,
        officer,
        "absolute-ground",
        person=tenant,
        grounds_on=date(2026, 2, 1),
        grounds_closure_order=True,
    )
    assert "3 months" in errors["issued_on"][0]


@pytest.mark.parametrize("code", ["nosp", "demotion"])
def test_housing_notices_warn_for_a_disabled_tenant(case, officer, respondent, code):
    tenant = respondent(50)
    assert warned(case, officer, code, person=tenant, respondent_disabled=True) == ["disability"]
    assert record(case, officer, code, person=tenant)


def test_community_remedy_always_asks_for_judgement(case, officer, respondent):
    person = respondent(20)
    assert warned(case, officer, "community-remedy", person=person) == ["judgement"]
    assert record(case, officer, "community-remedy", person=person, ack=["judgement"])


def test_unknown_age_is_a_warning_not_a_refusal(case, officer, respondent):
    assert warned(
        case,
        officer,
        "dispersal",
        person=respondent(None),
        duration=2,
        duration_unit="hours",
        authorised_by="Insp. Jones",
    ) == ["age-unknown"]


def test_respondent_must_be_on_the_case(case, officer):
    from tests.factories import PersonFactory

    errors = refused(case, officer, "warning-letter", person=PersonFactory())
    assert "not on this case" in errors["respondent_person"][0]


def test_changing_the_data_changes_the_outcome(case, officer, respondent):
    """The rules live in the catalogue: lower the CPW/CPN age and a 15-year-old may be warned."""
    child = respondent(15)
    assert "respondent_person" in refused(case, officer, "cpw", person=child)
    Power.objects.filter(code__in=["cpw", "cpn"]).update(minimum_age=14)
    assert record(case, officer, "cpw", person=child)
    # And remove the prerequisite: a notice no longer needs a warning first.
    other = respondent(30)
    assert "power" in refused(case, officer, "cpn", person=other)
    Power.objects.filter(code="cpn").update(prerequisite=None)
    assert record(case, officer, "cpn", person=other)


def test_the_engine_is_pure_and_reads_only_the_row():
    rule = Power(
        code="x",
        name="Test order",
        minimum_age=12,
        duration_unit="days",
        maximum_duration=5,
        respondent_kinds="person",
    )
    details = UseDetails(
        respondent_kind="person", issued_on=ISSUED, starts_at=at(), duration=6, duration_unit="days"
    )
    levels = {(r.level, r.code) for r in check_power(rule, 11, [], details)}
    assert levels == {(REFUSE, "minimum-age"), (REFUSE, "maximum-duration")}
    rule.under18_consultation = "a parent"
    rule.minimum_age = None
    rule.maximum_duration = None
    assert [(r.level, r.code) for r in check_power(rule, 11, [], details)] == [
        (WARN, "under18-consultation")
    ]


def test_follow_ups_move_the_case_next_deadline(case, officer):
    use = record(
        case,
        officer,
        "closure-notice",
        name="1 Crack House Lane",
        duration=24,
        duration_unit="hours",
        issued_on=timezone.localdate(),
    )
    case.refresh_from_db()
    due = deadlines(case, use)["power-court-hearing"]
    assert case.next_deadline is not None
    assert case.next_deadline <= due
    assert PowerUse.objects.filter(case=case).count() == 1
