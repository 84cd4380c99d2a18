"""Rectification: correcting a person's details records old and new values, re-computes the
matching keys, and is audited with the fields changed (never the values)."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from tandem.audit.models import AuditAction, AuditEvent
from tandem.dataprotection.models import RectificationRecord
from tandem.dataprotection.services import PersonCorrection, person_rectify
from tandem.people.keys import person_keys
from tandem.people.matching import find_candidates
from tandem.people.services import PersonDetails


def correction_of(person, **changes) -> PersonCorrection:
    current = PersonCorrection(
        first_name=person.first_name,
        last_name=person.last_name,
        date_of_birth=person.date_of_birth,
        address=person.address,
        postcode=person.postcode,
        phone=person.phone,
        email=person.email,
        preferred_channel=person.preferred_channel,
    )
    return replace(current, **changes)


def test_a_correction_records_old_and_new_values_and_is_audited(story, supervisor):
    records = person_rectify(
        person=story.jane,
        actor=supervisor,
        correction=correction_of(
            story.jane, last_name="Exampel-Smith", date_of_birth=date(1980, 3, 28)
        ),
        reason="Misspelt at intake; birth certificate seen",
        requested_by_subject=True,
    )
    assert {(r.field, r.old_value, r.new_value) for r in records} == {
        ("last_name", "Example", "Exampel-Smith"),
        ("date_of_birth", "1980-03-27", "1980-03-28"),
    }
    assert all(r.requested_by_subject and r.recorded_by == supervisor for r in records)
    story.jane.refresh_from_db()
    assert story.jane.last_name == "Exampel-Smith"
    event = AuditEvent.objects.get(object_type="person", detail__change="rectification")
    assert event.action == AuditAction.UPDATE
    assert event.object_id == str(story.jane.pk)
    assert sorted(event.detail["fields"]) == ["date_of_birth", "last_name"]
    assert "Exampel" not in json.dumps(event.detail)


def test_the_keys_are_recomputed_so_the_person_is_found_by_the_new_name(story, supervisor):
    person_rectify(
        person=story.jane,
        actor=supervisor,
        correction=correction_of(
            story.jane, first_name="Janet", last_name="Okonkwo", phone="07700 900555"
        ),
        reason="Changed name on marriage",
        requested_by_subject=True,
    )
    story.jane.refresh_from_db()
    expected = person_keys(
        first_name="Janet",
        last_name="Okonkwo",
        phone="07700 900555",
        email=story.jane.email,
        address=story.jane.address,
        postcode=story.jane.postcode,
    )
    for name, value in expected.as_dict().items():
        assert getattr(story.jane, name) == value, name
    found = find_candidates(PersonDetails(first_name="Janet", last_name="Okonkwo"))
    assert story.jane.pk in [candidate.person.pk for candidate in found]
    by_phone = find_candidates(
        PersonDetails(first_name="Janet", last_name="Okonkwo", phone="07700900555")
    )
    assert by_phone[0].person.pk == story.jane.pk


def test_nothing_changed_is_refused(story, supervisor):
    with pytest.raises(ValidationError) as error:
        person_rectify(
            person=story.jane,
            actor=supervisor,
            correction=correction_of(story.jane),
            reason="No reason",
            requested_by_subject=False,
        )
    assert "__all__" in error.value.message_dict
    assert not RectificationRecord.objects.exists()


def test_a_reason_and_both_names_are_needed(story, supervisor):
    with pytest.raises(ValidationError) as error:
        person_rectify(
            person=story.jane,
            actor=supervisor,
            correction=correction_of(story.jane, first_name=" "),
            reason="",
            requested_by_subject=False,
        )
    assert set(error.value.message_dict) >= {"first_name", "reason"}
    story.jane.refresh_from_db()
    assert story.jane.first_name == "Jane"


def test_case_officers_may_not_rectify(story, officer):
    with pytest.raises(PermissionDenied):
        person_rectify(
            person=story.jane,
            actor=officer,
            correction=correction_of(story.jane, first_name="Janet"),
            reason="x",
            requested_by_subject=False,
        )


class TestForm:
    def url(self, story) -> str:
        return reverse("dataprotection:rectify", args=[story.jane.pk])

    def test_the_form_shows_the_current_details(self, story, supervisor_client):
        page = supervisor_client.get(self.url(story))
        assert page.status_code == 200
        html = page.content.decode()
        assert 'value="Jane"' in html
        assert 'value="07700 900123"' in html
        assert AuditEvent.objects.filter(
            action=AuditAction.VIEW, object_type="person", detail__page="rectify"
        ).exists()

    def test_saving_a_correction(self, story, supervisor_client):
        data = {
            "first_name": "Jane",
            "last_name": "Exemple",
            "date_of_birth_0": "27",
            "date_of_birth_1": "3",
            "date_of_birth_2": "1980",
            "address": "12 Acacia Road",
            "postcode": "me14 1aa",
            "phone": "07700 900123",
            "email": "jane@example.com",
            "preferred_channel": "",
            "reason": "Spelling",
            "requested_by_subject": "yes",
        }
        response = supervisor_client.post(self.url(story), data)
        assert response.status_code == 302
        assert response["Location"] == reverse("dataprotection:person", args=[story.jane.pk])
        record = RectificationRecord.objects.get()
        assert (record.field, record.old_value, record.new_value) == (
            "last_name",
            "Example",
            "Exemple",
        )
        page = supervisor_client.get(response["Location"])
        assert "Exemple" in page.content.decode()

    def test_errors_are_shown_in_the_summary(self, story, supervisor_client):
        response = supervisor_client.post(
            self.url(story), {"first_name": "", "email": "not-an-email"}
        )
        assert response.status_code == 200
        html = response.content.decode()
        assert "There is a problem" in html
        assert "Enter the first name" in html
        assert "Enter an email address like name@example.com" in html
        assert "Give the reason for the correction" in html
        assert not RectificationRecord.objects.exists()

    def test_a_person_on_no_visible_case_is_not_found(self, story, other_supervisor):
        from django.test import Client

        client = Client()
        client.force_login(other_supervisor)
        assert (
            client.get(reverse("dataprotection:rectify", args=[story.mark.pk])).status_code == 404
        )
