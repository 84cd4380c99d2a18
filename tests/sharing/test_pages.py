from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from tandem.accounts.models import Role
from tandem.audit.models import AuditAction, AuditEvent
from tandem.sharing.models import AgreementStatus, CaseShare, ShareStatus, SharingAgreement
from tandem.sharing.services import case_share_grant
from tests.factories import AgencyFactory, UserFactory
from tests.sharing.conftest import client_for

pytestmark = pytest.mark.django_db


def grant(case, supervisor, agency, **overrides):
    values = {"purpose": "Joint visit to the flats", "legal_basis": "CDA 1998 s.115"}
    values.update(overrides)
    return case_share_grant(case=case, agency=agency, actor=supervisor, **values)


# The "Shared with" panel ----------------------------------------------------------------------


def test_the_lead_agency_sees_every_share(case, officer, supervisor, partner):
    other = AgencyFactory(code="FIRE", name="Test Fire")
    grant(case, supervisor, partner)
    revoked = grant(case, supervisor, other)
    revoked.revoked_at, revoked.revoked_by = timezone.now(), supervisor
    revoked.save()

    page = client_for(supervisor).get(f"/cases/{case.reference}/").content.decode()
    assert "Shared with" in page
    assert "Test Homes" in page
    assert "Test Fire" in page
    assert "Joint visit to the flats" in page
    assert "Revoked" in page
    assert "In force" in page
    assert f"/cases/{case.reference}/shares/new/" in page
    assert page.count("Revoke<span") == 1  # only the open share

    page = client_for(officer).get(f"/cases/{case.reference}/").content.decode()
    assert "Test Fire" in page
    assert "Share this case" not in page
    assert "Revoke<span" not in page


def test_a_partner_sees_only_that_the_case_is_shared_with_it(case, supervisor, partner_worker):
    grant(case, supervisor, partner_worker.agency)
    grant(case, supervisor, AgencyFactory(code="FIRE", name="Test Fire"), purpose="Fire safety")
    page = client_for(partner_worker).get(f"/cases/{case.reference}/").content.decode()
    assert "shares this case with Test Homes until it is revoked" in page
    assert "Test Fire" not in page
    assert "Fire safety" not in page
    assert "Share this case" not in page


def test_a_case_not_shared(case, supervisor):
    page = client_for(supervisor).get(f"/cases/{case.reference}/").content.decode()
    assert "No other agency has a share of this case" in page


# Sharing and revoking -------------------------------------------------------------------------


def test_share_a_case(case, supervisor, partner, agreement):
    client = client_for(supervisor)
    url = f"/cases/{case.reference}/shares/new/"
    page = client.get(url).content.decode()
    assert "Test Homes" in page
    assert "Test ASB information-sharing agreement" in page
    assert case.lead_agency.name not in page.split("Agency to share with")[1].split("</select>")[0]

    until = timezone.localdate() + timedelta(days=10)
    response = client.post(
        url,
        {
            "agency": partner.pk,
            "purpose": "Tenancy enforcement",
            "agreement": agreement.pk,
            "legal_basis": "",
            "expires_on_0": until.day,
            "expires_on_1": until.month,
            "expires_on_2": until.year,
        },
    )
    assert response.status_code == 302
    share = CaseShare.objects.get()
    assert (share.agency, share.agreement, share.last_day) == (partner, agreement, until)


def test_share_form_errors(case, supervisor, partner):
    client = client_for(supervisor)
    url = f"/cases/{case.reference}/shares/new/"
    page = client.post(url, {"agency": "", "purpose": ""}).content.decode()
    assert "There is a problem" in page
    assert "Choose the agency to share the case with" in page
    assert "Say why the case is being shared" in page
    assert "Choose an information-sharing agreement or give the legal basis" in page

    yesterday = timezone.localdate() - timedelta(days=1)
    page = client.post(
        url,
        {
            "agency": partner.pk,
            "purpose": "x",
            "legal_basis": "y",
            "expires_on_0": yesterday.day,
            "expires_on_1": yesterday.month,
            "expires_on_2": yesterday.year,
        },
    ).content.decode()
    assert "The expiry date must be today or in the future" in page

    grant(case, supervisor, partner)
    page = client.post(url, {"agency": partner.pk, "purpose": "x", "legal_basis": "y"})
    assert "already shared with Test Homes" in page.content.decode()
    assert CaseShare.objects.count() == 1


def test_only_the_lead_agencys_supervisors_and_administrators_share(case, officer, partner):
    url = f"/cases/{case.reference}/shares/new/"
    assert client_for(officer).get(url).status_code == 403
    other_supervisor = UserFactory(agency=partner, role=Role.SUPERVISOR)
    assert client_for(other_supervisor).get(url).status_code == 404  # cannot see the case
    admin = UserFactory(agency=case.lead_agency, role=Role.ADMINISTRATOR)
    assert client_for(admin).get(url).status_code == 200


def test_revoke_a_share(case, officer, supervisor, partner):
    share = grant(case, supervisor, partner)
    url = f"/cases/{case.reference}/shares/{share.pk}/revoke/"
    assert client_for(officer).get(url).status_code == 403
    client = client_for(supervisor)
    page = client.get(url).content.decode()
    assert "Revoke the share with Test Homes" in page
    page = client.post(url, {"reason": ""}).content.decode()
    assert "Give the reason for revoking the share" in page
    response = client.post(url, {"reason": "Work finished"})
    assert response.status_code == 302
    share.refresh_from_db()
    assert share.status == ShareStatus.REVOKED
    assert share.revoke_reason == "Work finished"
    # Already ended: back to the case.
    assert client.get(url).status_code == 302
    assert client.get(f"/cases/{case.reference}/shares/999999/revoke/").status_code == 404


# The agreements register ----------------------------------------------------------------------


def test_the_register_is_for_all_staff_to_read(agreement, partner_worker):
    client = client_for(partner_worker)
    page = client.get("/sharing-agreements/").content.decode()
    assert "Test ASB information-sharing agreement" in page
    assert "Add an agreement" not in page
    page = client.get("/sharing-agreements/TEST-ISA-1/").content.decode()
    assert "Crime and Disorder Act 1998 s.115" in page
    assert "Change the agreement" not in page
    assert client.get("/sharing-agreements/NOSUCH/").status_code == 404
    assert client.get("/sharing-agreements/new/").status_code == 403
    assert client.get("/sharing-agreements/TEST-ISA-1/edit/").status_code == 403


def test_reviews_due_are_flagged(agreement):
    today = timezone.localdate()
    agreement.review_due = today - timedelta(days=1)
    agreement.save()
    soon = SharingAgreement.objects.create(
        title="Soon",
        reference="SOON",
        owner_agency=agreement.owner_agency,
        purpose="p",
        legal_basis="l",
        data_categories="d",
        starts_on=today,
        review_due=today + timedelta(days=10),
        status=AgreementStatus.ACTIVE,
    )
    assert (agreement.review_state(), soon.review_state()) == ("overdue", "soon")
    page = client_for(UserFactory(agency=agreement.owner_agency)).get("/sharing-agreements/")
    text = page.content.decode()
    assert "Review overdue" in text
    assert "Review due soon" in text
    assert "1 agreement is overdue for review" in text


def date_fields(name, day) -> dict[str, str]:
    return {f"{name}_0": str(day.day), f"{name}_1": str(day.month), f"{name}_2": str(day.year)}


def test_an_administrator_adds_and_changes_an_agreement(agency, partner):
    admin = UserFactory(agency=agency, role=Role.ADMINISTRATOR)
    client = client_for(admin)
    today = timezone.localdate()
    data = {
        "title": "Kent & Medway ASB ISA",
        "reference": "KM-ASB-ISA",
        "owner_agency": agency.pk,
        "parties": [partner.pk],
        "purpose": "Tackling ASB",
        "legal_basis": "CDA 1998 s.115",
        "data_categories": "Names, addresses",
        "special_category_data": "on",
        "special_category_condition": "",
        "status": "active",
        "document_url": "",
        "notes": "",
        **date_fields("starts_on", today),
        **date_fields("review_due", today + timedelta(days=365)),
    }
    page = client.post("/sharing-agreements/new/", data).content.decode()
    assert "Give the condition relied on for special-category data" in page
    data["special_category_condition"] = "DPA 2018 Sch 1 para 10"
    response = client.post("/sharing-agreements/new/", data)
    assert response.status_code == 302
    agreement = SharingAgreement.objects.get(reference="KM-ASB-ISA")
    assert set(agreement.parties.all()) == {agency, partner}  # the owner is always a party
    assert agreement.in_force()
    assert AuditEvent.objects.filter(
        action=AuditAction.CREATE, object_type="sharing_agreement"
    ).exists()

    data.update(
        title="Kent & Medway ASB ISA (2027)", reference="CHANGED", parties=[agency.pk, partner.pk]
    )
    response = client.post("/sharing-agreements/KM-ASB-ISA/edit/", data)
    assert response.status_code == 302
    agreement.refresh_from_db()
    assert (agreement.title, agreement.reference) == ("Kent & Medway ASB ISA (2027)", "KM-ASB-ISA")
    event = AuditEvent.objects.get(action=AuditAction.UPDATE, object_type="sharing_agreement")
    assert event.detail["fields"] == ["title"]
