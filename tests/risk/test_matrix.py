"""The matrix as versioned configuration: the shipped default, drafting and publishing a new
version, and the admin screens that do it."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from tandem.audit.models import AuditEvent
from tandem.risk import default_matrix
from tandem.risk.models import BandThreshold, MatrixStatus, Question, RiskMatrix
from tandem.risk.selectors import matrix_questions, published_matrix
from tandem.risk.services import matrix_copy_as_draft, matrix_publish
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_user(agency):
    return UserFactory(username="admin", agency=agency, is_staff=True, is_superuser=True)


@pytest.fixture
def admin_client(admin_user) -> Client:
    client = Client()
    client.force_login(admin_user)
    return client


def test_the_default_matrix_is_published_as_version_1():
    matrix = published_matrix()

    assert matrix is not None
    assert (matrix.version, matrix.status) == (1, MatrixStatus.PUBLISHED)
    assert [s.name for s in matrix.sections.all()] == [
        "Personal vulnerability",
        "Situational factors",
        "Incident and impact",
    ]
    codes = [q.code for q in matrix_questions(matrix)]
    assert codes == [
        code for section in default_matrix.SECTIONS for code, *_ in section["questions"]
    ]
    assert len(codes) == len(set(codes)) == 21
    assert [q.code for q in matrix_questions(matrix) if q.automatic_high] == [
        "fear-physical-safety"
    ]
    bands = {b.band: b for b in matrix.bands.all()}
    assert (bands["standard"].min_score, bands["medium"].min_score, bands["high"].min_score) == (
        0,
        14,
        28,
    )
    assert (bands["medium"].supervisor_review_days, bands["medium"].senior_review_days) == (28, 56)
    assert (
        bands["high"].supervisor_review_days,
        bands["high"].senior_review_days,
        bands["high"].head_of_service_review_days,
    ) == (14, 28, 56)
    assert (bands["high"].contact_offer, bands["medium"].contact_offer) == ("weekly", "monthly")
    assert {str(rule) for rule in matrix.rules.all()} == {
        "A designated question is answered yes",
        "Hate motivated, with threats or violence",
        "Repeat victim: more than 3 incidents in 12 months",
    }


class TestVersions:
    def test_copy_as_draft_is_a_deep_copy(self, officer):
        published = published_matrix()

        draft = matrix_copy_as_draft(matrix=published, actor=officer)

        assert (draft.version, draft.status) == (2, MatrixStatus.DRAFT)
        assert [q.code for q in matrix_questions(published_matrix())] == [
            q.code for q in Question.objects.filter(section__matrix=draft)
        ]
        assert not Question.objects.filter(section__matrix=draft).filter(
            pk__in=Question.objects.filter(section__matrix=published).values("pk")
        )
        assert draft.bands.count() == 3
        assert draft.rules.count() == 3
        assert AuditEvent.objects.filter(object_type="risk_matrix", object_id="2").exists()

    def test_publishing_retires_the_previous_version(self, officer):
        first = published_matrix()
        draft = matrix_copy_as_draft(matrix=first, actor=officer)
        draft.bands.filter(band="high").update(min_score=30)

        matrix_publish(matrix=draft, actor=officer)

        first.refresh_from_db()
        assert first.status == MatrixStatus.RETIRED
        assert first.retired_at is not None
        current = published_matrix()
        assert (current.version, current.published_by) == (2, officer)
        assert current.bands.get(band="high").min_score == 30

    def test_thresholds_must_rise_and_a_published_matrix_cannot_be_published_again(self, officer):
        draft = matrix_copy_as_draft(matrix=published_matrix(), actor=officer)
        draft.bands.filter(band="medium").update(min_score=40)

        with pytest.raises(ValidationError) as error:
            matrix_publish(matrix=draft, actor=officer)
        assert error.value.messages == [
            "Band thresholds must rise: standard below medium below high"
        ]

        with pytest.raises(ValidationError, match="Version 1 is published"):
            matrix_publish(matrix=published_matrix(), actor=officer)

    def test_every_band_needs_a_threshold(self, officer):
        draft = matrix_copy_as_draft(matrix=published_matrix(), actor=officer)
        BandThreshold.objects.filter(matrix=draft, band="medium").delete()
        with pytest.raises(ValidationError, match=r"missing: Medium"):
            matrix_publish(matrix=draft, actor=officer)


class TestAdmin:
    def changelist_action(self, client, action, *matrices):
        return client.post(
            "/admin/risk/riskmatrix/",
            {"action": action, "_selected_action": [str(m.pk) for m in matrices]},
            follow=True,
        )

    def test_copy_then_publish_from_the_admin_screens(self, admin_client):
        response = self.changelist_action(admin_client, "copy_as_new_draft", published_matrix())
        assert "Version 2 is a new draft copied from version 1." in response.content.decode()
        draft = RiskMatrix.objects.get(version=2)

        response = self.changelist_action(admin_client, "publish", draft)

        assert "Version 2 is published" in response.content.decode()
        assert published_matrix().version == 2
        assert RiskMatrix.objects.get(version=1).status == MatrixStatus.RETIRED

    def test_publishing_a_bad_draft_shows_why(self, admin_client, admin_user):
        draft = matrix_copy_as_draft(matrix=published_matrix(), actor=admin_user)
        draft.bands.filter(band="high").update(min_score=1)

        response = self.changelist_action(admin_client, "publish", draft)

        assert "Band thresholds must rise" in response.content.decode()
        assert published_matrix().version == 1

    def test_a_published_matrix_is_read_only(self, admin_client):
        matrix = published_matrix()
        url = f"/admin/risk/riskmatrix/{matrix.pk}/change/"

        page = admin_client.get(url).content.decode()
        assert 'name="_save"' not in page

        admin_client.post(url, {"name": "Changed", "notes": "Changed"})
        matrix.refresh_from_db()
        assert matrix.name != "Changed"

        section = matrix.sections.first()
        page = admin_client.get(f"/admin/risk/section/{section.pk}/change/").content.decode()
        assert 'name="_save"' not in page

    def test_a_draft_is_editable(self, admin_client, admin_user):
        draft = matrix_copy_as_draft(matrix=published_matrix(), actor=admin_user)
        page = admin_client.get(f"/admin/risk/riskmatrix/{draft.pk}/change/").content.decode()
        assert 'name="_save"' in page
        section = draft.sections.first()
        page = admin_client.get(f"/admin/risk/section/{section.pk}/change/").content.decode()
        assert 'name="_save"' in page
        assert "questions-TOTAL_FORMS" in page

    def test_assessments_can_be_looked_at_but_not_changed(self, admin_client):
        assert admin_client.get("/admin/risk/riskassessment/").status_code == 200
        assert admin_client.get("/admin/risk/riskassessment/add/").status_code == 403
