from __future__ import annotations

import os
import tempfile

os.environ.setdefault("TANDEM_FAST_PASSWORD_HASHING", "1")

import pytest
from django.test import Client
from rest_framework.test import APIClient

from tandem.accounts.models import Role, User
from tandem.core.config_cache import config_cache_clear
from tests.factories import AgencyFactory, PostcodeFactory, UserFactory, WardFactory


def pytest_configure(config: pytest.Config) -> None:
    from django.conf import settings

    # Tasks run in-process (after commit, so only where a test runs on_commit callbacks), and
    # notifications written by the file backend stay out of the repository's var/.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.TANDEM_NOTIFY_DIR = tempfile.mkdtemp(prefix="tandem-notifications-")
    # Configuration tables are read afresh, so tests see their own set-up at once and query
    # counts do not depend on test order; tests/core/test_config_cache.py turns the cache on.
    settings.TANDEM_CONFIG_CACHE_SECONDS = 0
    # Two-factor sign-in is optional in tests (clients use force_login); tests/accounts turns it
    # on where it is the subject.
    settings.TANDEM_REQUIRE_2FA = False


@pytest.fixture(autouse=True)
def _fresh_config_cache():
    """Each test reads configuration tables as its own data sets them up."""
    config_cache_clear()
    yield
    config_cache_clear()


@pytest.fixture
def ward(db):
    return WardFactory(name="Bridge", ons_code="E05009999")


@pytest.fixture
def postcode(ward):
    return PostcodeFactory(postcode="ME14 1AA", ward=ward)


@pytest.fixture
def agency(db):
    return AgencyFactory(code="TESTCOUNCIL", name="Test Council")


@pytest.fixture
def other_agency(db):
    return AgencyFactory(code="TESTPOLICE", name="Test Police")


@pytest.fixture
def call_handler(agency) -> User:
    return UserFactory(username="handler", agency=agency, role=Role.CALL_HANDLER)


@pytest.fixture
def officer(agency) -> User:
    return UserFactory(
        username="officer",
        agency=agency,
        role=Role.CASE_OFFICER,
        first_name="Olive",
        last_name="Officer",
    )


@pytest.fixture
def other_officer(other_agency) -> User:
    return UserFactory(username="otherofficer", agency=other_agency, role=Role.CASE_OFFICER)


@pytest.fixture
def signed_in_client(officer) -> Client:
    client = Client()
    client.force_login(officer)
    return client


@pytest.fixture
def api_client(officer) -> APIClient:
    client = APIClient()
    client.force_authenticate(officer)
    return client


@pytest.fixture
def supervisor(agency) -> User:
    return UserFactory(
        username="supervisor",
        agency=agency,
        role=Role.SUPERVISOR,
        first_name="Sam",
        last_name="Supervisor",
    )
