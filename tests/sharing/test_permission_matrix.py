"""The permission matrix: every page and API endpoint about one case, for every role and every
relation of the user's agency to the case.

Only the lead agency and an agency with a share in force may reach a case; for anyone else
(a share that has expired or was revoked, or no share at all) every URL about the case answers
404 — or 403 where the role is refused before the case is looked up, which says nothing about
the case either — and never shows or redirects anywhere. Which of the visible pages a role may
use is the capability tests' business (tests/accounts/test_permissions.py); here a visible case
must simply never be "not found".
"""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import get_resolver
from rest_framework.test import APIClient

from tandem.accounts.models import Role
from tandem.sharing.services import case_share_grant, case_share_revoke
from tests.core.test_url_policies import walk
from tests.factories import AgencyFactory, UserFactory
from tests.sharing.test_services import expire

pytestmark = pytest.mark.django_db

VISIBLE = ("own agency", "shared")
HIDDEN = ("share expired", "share revoked", "unrelated")
# What a URL about a case the user may not see can answer: not found, or refused by role first.
HIDDEN_STATUSES = {403, 404, 405}


def case_urls(reference: str, person_id: int) -> list[str]:
    """Every URL pattern about a case (a case reference, and perhaps one of its people), pages
    and API."""
    values = {"reference": reference, "person_id": str(person_id)}
    urls = []
    for route, _callback in walk(get_resolver().url_patterns):
        parameters = re.findall(r"<(?:\w+:)?(\w+)>", route)
        if "reference" not in parameters or not set(parameters) <= set(values):
            continue
        if "cases/" not in route:
            continue
        urls.append("/" + re.sub(r"<(?:\w+:)?(\w+)>", lambda m: values[m.group(1)], route))
    return urls


@pytest.fixture
def relations(case, supervisor):
    """An agency for each relation to the case, with one user of every role in it."""
    agencies = {"own agency": case.lead_agency}
    for relation in ("shared", *HIDDEN):
        code = relation.replace(" ", "")[:10].upper()
        agencies[relation] = AgencyFactory(code=code, name=f"Agency {relation}", kind="housing")
    basis = {"purpose": "Joint work", "legal_basis": "CDA 1998 s.115", "actor": supervisor}
    case_share_grant(case=case, agency=agencies["shared"], **basis)
    expire(case_share_grant(case=case, agency=agencies["share expired"], **basis))
    revoked = case_share_grant(case=case, agency=agencies["share revoked"], **basis)
    case_share_revoke(share=revoked, actor=supervisor, reason="Finished")
    return {
        relation: [
            UserFactory(username=f"{agency.code.lower()}-{role.value}", agency=agency, role=role)
            for role in Role
        ]
        for relation, agency in agencies.items()
    }


def client_for(user, url: str) -> Client | APIClient:
    if url.startswith("/api/"):
        api = APIClient()
        api.force_authenticate(user)
        return api
    client = Client()
    client.force_login(user)
    return client


def test_every_case_url_for_every_role_and_relation(case, relations):
    victim = case.incidents.get().involvements.get().person
    urls = case_urls(case.reference, victim.pk)
    assert any(str(victim.pk) in url for url in urls)
    assert f"/cases/{case.reference}/" in urls
    assert f"/api/v1/cases/{case.reference}/" in urls
    assert f"/api/v1/cases/{case.reference}/shares/" in urls
    wrong = []
    for relation, users in relations.items():
        for user in users:
            for url in urls:
                status = client_for(user, url).get(url).status_code
                if relation in VISIBLE and status == 404:
                    wrong.append(f"{relation} {user.role}: {url} is 404")
                if relation in HIDDEN and status not in HIDDEN_STATUSES:
                    wrong.append(f"{relation} {user.role}: {url} answered {status}")
    assert wrong == [], "\n".join(wrong)


def test_the_case_page_itself_opens_to_every_role_that_may_see_it(case, relations):
    for relation in VISIBLE:
        for user in relations[relation]:
            response = client_for(user, "/cases/").get(f"/cases/{case.reference}/")
            assert response.status_code == 200, (relation, user.role)
    for relation in HIDDEN:
        for user in relations[relation]:
            response = client_for(user, "/cases/").get(f"/cases/{case.reference}/")
            assert response.status_code == 404, (relation, user.role)
