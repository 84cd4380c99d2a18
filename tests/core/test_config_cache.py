"""Configuration tables read on every report are kept in the process for a short while."""

from __future__ import annotations

import pytest

from tandem.core import config_cache
from tandem.people.matching import matching_thresholds, nickname_variants
from tandem.standards.selectors import standards_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def cache_on(settings):
    settings.TANDEM_CONFIG_CACHE_SECONDS = 60
    config_cache.config_cache_clear()
    yield
    config_cache.config_cache_clear()


def test_tables_are_read_once_while_cached(cache_on, agency, django_assert_num_queries):
    with django_assert_num_queries(3):
        matching_thresholds()
        nickname_variants(["Bob"])
        standards_for(agency)
    with django_assert_num_queries(0):
        assert matching_thresholds().offer == 0.6
        assert "robert" in nickname_variants(["Bob"])["bob"]
        assert standards_for(agency)


def test_the_copy_expires(cache_on, monkeypatch, django_assert_num_queries):
    matching_thresholds()
    later = config_cache.time.monotonic() + 61
    monkeypatch.setattr(config_cache.time, "monotonic", lambda: later)
    with django_assert_num_queries(1):
        matching_thresholds()


def test_a_change_saved_in_admin_applies_at_once(cache_on, client, django_user_model):
    assert matching_thresholds().offer == 0.6
    client.force_login(django_user_model.objects.create_superuser("root", "r@example.org", "x"))
    response = client.post(
        "/admin/people/matchingsettings/1/change/",
        {"offer_threshold": "0.70", "confident_threshold": "0.95", "repeat_location_metres": 50},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert matching_thresholds().offer == 0.7


def test_zero_seconds_turns_the_cache_off(settings, django_assert_num_queries):
    settings.TANDEM_CONFIG_CACHE_SECONDS = 0
    matching_thresholds()
    with django_assert_num_queries(1):
        matching_thresholds()


def test_report_codes_are_looked_up_in_the_cached_list(cache_on, django_assert_num_queries):
    from rest_framework.exceptions import ValidationError

    from tandem.incidents.models import Category
    from tandem.incidents.serializers import code_field

    field = code_field(noun="category", queryset=Category.objects.filter(active=True))
    with django_assert_num_queries(1):
        assert field.to_internal_value("nuisance").code == "nuisance"
    with django_assert_num_queries(0):
        assert field.to_internal_value("personal").code == "personal"
        with pytest.raises(ValidationError, match='There is no category with the code "nope"'):
            field.to_internal_value("nope")
