from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import transaction
from django.db.models import Count
from django.test import override_settings
from shapely.geometry import Point, shape

from tandem.accounts.models import Agency, AgencyKind, Role, User
from tandem.cases.models import Case, CaseEvent, CaseEventKind, CaseStatus
from tandem.core.demo import DEMO_PASSWORD, FULL_QUEUE_OFFICER, seed_demo
from tandem.geography.models import Area, AreaKind, Postcode
from tandem.geography.selectors import postcode_is_valid, ward_containing
from tandem.incidents.models import Incident, IncidentPerson, IncidentType, PersonRole
from tandem.people.models import Person

# Hashing 45 demo passwords with Argon2 is most of the seed's time; it is not what we test here.
FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    """Seed once for the module inside a transaction that is rolled back at the end."""
    with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=FAST_HASHERS):
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            output = io.StringIO()
            call_command("seed_demo", stdout=output)
            yield output.getvalue()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def counts() -> dict[str, int]:
    return {
        model.__name__: model.objects.count()
        for model in (
            Area,
            Postcode,
            Agency,
            User,
            Incident,
            Case,
            CaseEvent,
            Person,
            IncidentPerson,
        )
    }


@pytest.mark.usefixtures("db")
def test_areas_and_postcodes(seeded):
    partnership = Area.objects.get(kind=AreaKind.PARTNERSHIP, name="Kent & Medway")
    districts = Area.objects.filter(kind=AreaKind.DISTRICT, parent=partnership)
    assert districts.count() == 13
    assert set(districts.values_list("ons_code", flat=True)) >= {"E07000110", "E06000035"}
    wards = list(Area.objects.filter(kind=AreaKind.WARD, parent__parent=partnership))
    assert len(wards) >= 36
    assert all(ward.ons_code.startswith("E05") for ward in wards)

    shapes = [shape(ward.boundary) for ward in wards]
    for index, first in enumerate(shapes):
        assert first.is_valid
        for second in shapes[index + 1 :]:
            assert not first.intersects(second)

    postcodes = Postcode.objects.select_related("ward")
    assert postcodes.count() >= 3 * len(wards)
    for postcode in postcodes:
        assert postcode_is_valid(postcode.postcode), postcode.postcode
        point = Point(float(postcode.longitude), float(postcode.latitude))
        assert shape(postcode.ward.boundary).contains(point), postcode.postcode
    sample = postcodes.first()
    assert ward_containing(sample.latitude, sample.longitude) == sample.ward


@pytest.mark.usefixtures("db")
def test_agencies_users_and_sign_in(seeded):
    assert set(Agency.objects.values_list("kind", flat=True)) == set(AgencyKind.values)
    for role in Role:
        agencies = User.objects.filter(role=role).values("agency").distinct().count()
        assert agencies >= 2, role
    admin = User.objects.get(username="admin")
    assert admin.is_superuser
    assert admin.is_staff
    assert admin.agency.code == "KCC"
    officer = User.objects.get(username=FULL_QUEUE_OFFICER)
    assert officer.check_password(DEMO_PASSWORD)
    assert officer.agency.code == "MAIDSTONE"
    assert "maidstone.officer" in seeded
    assert DEMO_PASSWORD in seeded
    assert "Two-factor sign-in is off for the demo" in seeded


@pytest.mark.usefixtures("db")
def test_incidents_and_cases(seeded):
    incidents = Incident.objects.all()
    assert 180 <= incidents.count() <= 220
    assert not incidents.filter(ward__isnull=True).exists()
    assert not incidents.filter(latitude__isnull=True).exists()
    assert incidents.values("category").distinct().count() == 3
    used_types = IncidentType.objects.filter(incidents__isnull=False).distinct().count()
    assert used_types >= IncidentType.objects.count() - 2
    assert incidents.values("ward").distinct().count() >= 20
    assert incidents.values("receiving_agency").distinct().count() >= 8
    assert incidents.filter(hate_motivated=True, hate_strands__isnull=False).exists()
    assert incidents.filter(domestic_abuse=True).count() >= 3
    assert incidents.filter(types__code="threats-violence").exists()
    assert incidents.exclude(crime_reference="").count() >= 10
    assert all(incident.occurred_at <= incident.reported_at for incident in incidents)

    assert set(Case.objects.values_list("status", flat=True)) == set(CaseStatus.values)
    assert not Case.objects.filter(status=CaseStatus.CLOSED, closed_at__isnull=True).exists()
    assert CaseEvent.objects.filter(kind=CaseEventKind.STATUS_CHANGED).exists()
    joined = Case.objects.annotate(n=Count("incidents")).filter(n__gte=2)
    assert joined.count() >= 5
    assert Case.objects.filter(officer__isnull=True).exists()
    assert Case.objects.filter(officer__isnull=False).count() > Case.objects.count() / 2
    active = Case.objects.filter(officer__username=FULL_QUEUE_OFFICER).exclude(
        status=CaseStatus.CLOSED
    )
    assert active.count() >= 10

    repeat_victims = (
        IncidentPerson.objects.filter(role=PersonRole.VICTIM)
        .values("person")
        .annotate(
            incidents=Count("incident", distinct=True),
            agencies=Count("incident__receiving_agency", distinct=True),
        )
        .filter(incidents__gte=3, agencies__gte=2)
    )
    assert repeat_victims.exists()

    people = Person.objects.exclude(phone="")
    assert all(person.phone.startswith("07700 900") for person in people)
    assert all(person.email.endswith("@example.com") for person in Person.objects.exclude(email=""))
    assert all(Decimal("50.9") < incident.latitude < Decimal("51.6") for incident in incidents)


@pytest.mark.usefixtures("db")
def test_running_again_changes_nothing(seeded):
    before = counts()
    summary = seed_demo()
    assert summary.users_created == 0
    assert summary.incidents_created == 0
    assert counts() == before


@pytest.mark.usefixtures("db")
def test_sharing_demo(seeded):
    from tandem.cases.selectors import cases_visible_to
    from tandem.sharing.models import CaseShare, PartnershipRule, ShareStatus, SharingAgreement

    assert SharingAgreement.objects.get(reference="KM-ASB-ISA-2025").in_force()
    assert SharingAgreement.objects.get(reference="WK-TENANCY-ISA").review_state() == "overdue"
    assert PartnershipRule.objects.filter(active=True, agreement__isnull=False).count() == 2
    statuses = {share.agency.code: share.status for share in CaseShare.objects.all()}
    assert statuses == {
        "WMH": ShareStatus.IN_FORCE,
        "MAIDSTONE": ShareStatus.IN_FORCE,
        "VICTIMSUP": ShareStatus.EXPIRED,
    }
    for username, code in (("wmh.partner", "WMH"), ("maidstone.partner", "MAIDSTONE")):
        shared = CaseShare.objects.get(agency__code=code).case
        user = User.objects.get(username=username)
        assert shared.lead_agency != user.agency
        assert cases_visible_to(user).filter(pk=shared.pk).exists()
    expired = CaseShare.objects.get(agency__code="VICTIMSUP").case
    victim_support = User.objects.get(username="victimsupport.partner")
    assert not cases_visible_to(victim_support).filter(pk=expired.pk).exists()

    seed_demo()
    assert CaseShare.objects.count() == 3
    assert SharingAgreement.objects.count() == 3
