from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from tandem.accounts.models import Role, User
from tandem.incidents.models import Category, HateStrand, IncidentType
from tandem.risk.selectors import matrix_questions, published_matrix
from tests.factories import UserFactory
from tests.helpers import log_report


def all_answers(value: str = "no", **overrides: str) -> dict[str, str]:
    """An answer to every question of the published matrix: ``value``, except ``overrides``
    (question codes with ``_`` for ``-``)."""
    matrix = published_matrix()
    assert matrix is not None
    answers = {question.code: value for question in matrix_questions(matrix)}
    for code, answer in overrides.items():
        code = code.replace("_", "-")
        assert code in answers, code
        answers[code] = answer
    return answers


def personal_report(actor: User, **overrides: Any):
    """A Personal incident (harassment) with one victim, Jane Example, on a new case."""
    values: dict[str, Any] = {
        "category": Category.objects.get(code="personal"),
        "types": [IncidentType.objects.get(code="harassment-intimidation")],
    }
    values.update(overrides)
    return log_report(actor, **values)


def hate_with_threats() -> dict[str, Any]:
    return {
        "types": [IncidentType.objects.get(code="threats-violence")],
        "hate_motivated": True,
        "hate_strands": [HateStrand.objects.get(code="race")],
    }


@pytest.fixture
def other_supervisor(other_agency) -> User:
    return UserFactory(username="othersupervisor", agency=other_agency, role=Role.SUPERVISOR)


@pytest.fixture
def case_and_victim(officer):
    incident = personal_report(officer)
    return incident.case, incident.involvements.get().person


@pytest.fixture
def supervisor_client(supervisor) -> Client:
    client = Client()
    client.force_login(supervisor)
    return client
