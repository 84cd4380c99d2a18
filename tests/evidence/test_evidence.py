"""Evidence: diary entries and uploaded files — checks, storage, downloads and who may do what."""

from __future__ import annotations

import hashlib
import io
import zipfile
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tandem.accounts.models import Role
from tandem.audit.models import AuditAction, AuditEvent
from tandem.cases.models import CaseStatus
from tandem.evidence import filetypes
from tandem.evidence.models import AllowedFileType, DiaryEntry, EvidenceFile
from tandem.evidence.services import diary_entry_record, evidence_file_upload
from tandem.people.models import Person
from tandem.referrals.models import ReferralService
from tandem.referrals.services import referral_accept, referral_make
from tandem.risk.selectors import case_victims
from tests.factories import UserFactory
from tests.helpers import log_report

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 40
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x01" * 40
MP3 = b"ID3\x03\x00\x00\x00\x00\x00\x00" + b"\xff\xfb\x90\x00" * 10
HEIC = b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"\x00" * 20
M4A = b"\x00\x00\x00\x20ftypM4A \x00\x00\x00\x00M4A mp42isom" + b"\x00" * 20
EXE = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 60


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def odt_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(
            zipfile.ZipInfo("mimetype"),
            "application/vnd.oasis.opendocument.text",
            compress_type=zipfile.ZIP_STORED,
        )
        archive.writestr("content.xml", "<office:document-content/>")
    return buffer.getvalue()


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


@pytest.fixture(autouse=True)
def evidence_dir(settings, tmp_path) -> Path:
    path = tmp_path / "evidence"
    settings.TANDEM_EVIDENCE_DIR = path
    return path


def stored_files(root: Path) -> list[Path]:
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []


@pytest.fixture
def case(officer):
    return log_report(officer, officer=officer).case


@pytest.fixture
def victim(case) -> Person:
    return case_victims(case)[0]


@pytest.fixture
def other_case(other_officer):
    return log_report(other_officer, officer=other_officer).case


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


class TestFileChecks:
    @pytest.mark.parametrize(
        ("name", "content", "kind", "content_type"),
        [
            ("letter.pdf", PDF, "document", "application/pdf"),
            (
                "statement.docx",
                docx_bytes(),
                "document",
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            ),
            ("notes.odt", odt_bytes(), "document", "application/vnd.oasis.opendocument.text"),
            ("notes.txt", "Music at 2am — again.\n".encode(), "document", "text/plain"),
            ("door.JPG", JPEG, "photo", "image/jpeg"),
            ("door.jpeg", JPEG, "photo", "image/jpeg"),
            ("door.png", PNG, "photo", "image/png"),
            ("door.heic", HEIC, "photo", "image/heic"),
            ("noise.mp3", MP3, "audio", "audio/mpeg"),
            ("noise.m4a", M4A, "audio", "audio/mp4"),
        ],
    )
    def test_allowed_types_are_accepted_with_their_hash(
        self, officer, case, evidence_dir, name, content, kind, content_type
    ):
        evidence = evidence_file_upload(
            case=case, actor=officer, upload=upload(name, content), description="From the victim"
        )
        assert evidence.kind == kind
        assert evidence.content_type == content_type
        assert evidence.sha256 == hashlib.sha256(content).hexdigest()
        assert evidence.size_bytes == len(content)
        assert evidence.original_name == name
        assert (evidence_dir / evidence.stored_name).read_bytes() == content
        assert AuditEvent.objects.filter(
            action=AuditAction.CREATE,
            object_type="evidence_file",
            object_id=str(evidence.public_id),
            case_reference=case.reference,
        ).exists()

    @pytest.mark.parametrize(
        ("name", "content", "message"),
        [
            ("empty.pdf", b"", "The selected file is empty"),
            ("tool.exe", EXE, "The selected file must be a"),
            ("noname", PDF, "The selected file must be a"),
            ("photo.png", PDF, "The selected file is not a real PNG"),
            ("letter.pdf", PNG, "The selected file is not a real PDF"),
            ("statement.docx", b"PK\x03\x04not really a zip", "not a real Word document"),
            ("notes.txt", b"\x00\x01\x02binary", "not a real Text file"),
            ("letter.pdf", EXE, "must not be a program"),
            ("notes.txt", b"#!/bin/sh\nrm -rf /\n", "must not be a program"),
        ],
    )
    def test_refused_uploads_store_nothing(
        self, officer, case, evidence_dir, name, content, message
    ):
        with pytest.raises(ValidationError) as error:
            evidence_file_upload(case=case, actor=officer, upload=upload(name, content))
        assert message in error.value.message_dict["file"][0]
        assert EvidenceFile.objects.count() == 0
        assert stored_files(evidence_dir) == []

    def test_size_limits_are_data(self, officer, case):
        AllowedFileType.objects.filter(extension="png").update(max_bytes=10)
        with pytest.raises(ValidationError) as error:
            evidence_file_upload(case=case, actor=officer, upload=upload("door.png", PNG))
        assert error.value.message_dict["file"] == ["The selected file must be smaller than 1 MB"]

    def test_default_limits(self, db):
        limits = dict(AllowedFileType.objects.values_list("extension", "max_bytes"))
        mb = 1024 * 1024
        assert limits["pdf"] == limits["docx"] == limits["odt"] == limits["txt"] == 20 * mb
        assert limits["jpg"] == limits["png"] == limits["heic"] == 15 * mb
        assert limits["mp3"] == limits["m4a"] == 50 * mb

    def test_a_deactivated_type_is_refused(self, officer, case):
        AllowedFileType.objects.filter(extension="heic").update(active=False)
        with pytest.raises(ValidationError):
            evidence_file_upload(case=case, actor=officer, upload=upload("door.heic", HEIC))

    def test_a_type_without_a_contents_check_is_refused(self, officer, case):
        AllowedFileType.objects.create(
            extension="xyz",
            label="XYZ",
            content_type="application/x-xyz",
            kind="other",
            max_bytes=1000,
        )
        with pytest.raises(ValidationError):
            evidence_file_upload(case=case, actor=officer, upload=upload("a.xyz", b"xyz data"))

    def test_the_same_file_twice_on_a_case_is_refused(self, officer, case, evidence_dir):
        evidence_file_upload(case=case, actor=officer, upload=upload("a.pdf", PDF))
        with pytest.raises(ValidationError) as error:
            evidence_file_upload(case=case, actor=officer, upload=upload("b.pdf", PDF))
        assert "already been added" in error.value.message_dict["file"][0]
        assert len(stored_files(evidence_dir)) == 1

    @pytest.mark.parametrize(
        ("given", "expected"),
        [
            ("../../etc/passwd.pdf", "passwd.pdf"),
            ("C:\\Users\\jane\\My photo.jpg", "My photo.jpg"),
            ("..hidden.pdf", "hidden.pdf"),
            ("bad\x00name\r\n.pdf", "badname.pdf"),
            ('quote"semi;colon.pdf', "quote_semi_colon.pdf"),
            ("", "file"),
            ("a" * 300 + ".pdf", "a" * 196 + ".pdf"),
        ],
    )
    def test_file_names_are_sanitised(self, given, expected):
        assert filetypes.sanitise_filename(given) == expected


class TestStorage:
    def test_stored_outside_the_web_root_under_a_random_name(self, officer, case, evidence_dir):
        evidence = evidence_file_upload(
            case=case, actor=officer, upload=upload("jane-example-door.jpg", JPEG)
        )
        path = (evidence_dir / evidence.stored_name).resolve()
        assert path.is_file()
        assert path.is_relative_to(evidence_dir.resolve())
        static_root = Path(django_settings.STATIC_ROOT).resolve()
        src_dir = Path(django_settings.SRC_DIR).resolve()
        assert not path.is_relative_to(static_root)
        assert not path.is_relative_to(src_dir)
        assert "jane" not in evidence.stored_name
        assert "door" not in evidence.stored_name
        assert not evidence.stored_name.endswith(".jpg")
        assert len(Path(evidence.stored_name).name) == 40
        assert oct(path.stat().st_mode & 0o777) == oct(0o600)

    def test_default_evidence_dir_is_under_var_not_static(self):
        from tandem.config import settings as config

        assert Path(config.TANDEM_EVIDENCE_DIR).is_relative_to(Path(config.VAR_DIR))
        assert not Path(config.TANDEM_EVIDENCE_DIR).is_relative_to(Path(config.STATIC_ROOT))

    def test_nothing_half_saved_when_the_database_write_fails(
        self, officer, case, evidence_dir, monkeypatch
    ):
        def fail(**kwargs):
            raise RuntimeError("database unavailable")

        monkeypatch.setattr("tandem.evidence.services.audit_record", fail)
        with pytest.raises(RuntimeError):
            evidence_file_upload(case=case, actor=officer, upload=upload("a.pdf", PDF))
        assert EvidenceFile.objects.count() == 0
        assert stored_files(evidence_dir) == []


class TestUploadPage:
    def test_officer_uploads_through_the_form(self, officer, case, evidence_dir):
        url = reverse("evidence:file_new", args=[case.reference])
        page = client_for(officer).get(url)
        assert page.status_code == 200
        body = page.content.decode()
        assert 'enctype="multipart/form-data"' in body
        assert "govuk-file-upload" in body
        assert "PDF (.pdf) up to 20 MB" in body
        response = client_for(officer).post(
            url, {"file": upload("letter.pdf", PDF), "description": "Letter from the landlord"}
        )
        assert response.status_code == 302
        evidence = EvidenceFile.objects.get()
        assert evidence.description == "Letter from the landlord"
        assert evidence.uploaded_by == officer

    def test_a_large_upload_streamed_to_a_temporary_file_is_kept(
        self, officer, case, evidence_dir, settings
    ):
        settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 16
        content = PDF + b"x" * 5000
        response = client_for(officer).post(
            reverse("evidence:file_new", args=[case.reference]),
            {"file": upload("big.pdf", content)},
        )
        assert response.status_code == 302
        evidence = EvidenceFile.objects.get()
        assert evidence.sha256 == hashlib.sha256(content).hexdigest()
        assert (evidence_dir / evidence.stored_name).read_bytes() == content

    def test_a_race_on_the_same_file_is_refused_and_leaves_nothing(
        self, officer, case, evidence_dir, monkeypatch
    ):
        evidence_file_upload(case=case, actor=officer, upload=upload("a.pdf", PDF))
        # As if a second upload passed the duplicate check before the first was saved.
        monkeypatch.setattr(
            "tandem.evidence.services.EvidenceFile.objects.filter",
            lambda **kwargs: EvidenceFile.objects.none(),
        )
        with pytest.raises(ValidationError):
            evidence_file_upload(case=case, actor=officer, upload=upload("b.pdf", PDF))
        assert len(stored_files(evidence_dir)) == 1

    @pytest.mark.parametrize(
        ("data", "message"),
        [
            ({}, "Select a file"),
            ({"file": upload("empty.pdf", b"")}, "The selected file is empty"),
            ({"file": upload("photo.png", PDF)}, "The selected file is not a real PNG"),
            ({"file": upload("tool.exe", EXE)}, "The selected file must be a"),
        ],
    )
    def test_errors_show_in_the_summary(self, officer, case, evidence_dir, data, message):
        response = client_for(officer).post(
            reverse("evidence:file_new", args=[case.reference]), data
        )
        assert response.status_code == 200
        body = response.content.decode()
        assert "govuk-error-summary" in body
        assert 'href="#id_file"' in body
        assert message in body
        assert "govuk-file-upload--error" in body
        assert EvidenceFile.objects.count() == 0
        assert stored_files(evidence_dir) == []


class TestDownload:
    def test_download_is_an_audited_attachment(self, officer, case):
        evidence = evidence_file_upload(case=case, actor=officer, upload=upload("door.png", PNG))
        url = reverse("evidence:file_download", args=[case.reference, evidence.public_id])
        response = client_for(officer).get(url)
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == PNG
        assert response["Content-Disposition"].startswith("attachment;")
        assert 'filename="door.png"' in response["Content-Disposition"]
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Cache-Control"] == "no-store"
        assert response["Content-Type"] == "image/png"
        event = AuditEvent.objects.get(action=AuditAction.EXPORT, object_type="evidence_file")
        assert event.actor == officer
        assert event.object_id == str(evidence.public_id)
        assert event.case_reference == case.reference

    def test_another_agency_gets_404(self, officer, case, other_officer):
        evidence = evidence_file_upload(case=case, actor=officer, upload=upload("a.pdf", PDF))
        url = reverse("evidence:file_download", args=[case.reference, evidence.public_id])
        assert client_for(other_officer).get(url).status_code == 404
        assert not AuditEvent.objects.filter(action=AuditAction.EXPORT).exists()

    def test_guessing_a_file_id_through_a_visible_case_gets_404(
        self, officer, case, other_officer, other_case
    ):
        theirs = evidence_file_upload(
            case=other_case, actor=other_officer, upload=upload("a.pdf", PDF)
        )
        client = client_for(officer)
        through_mine = reverse("evidence:file_download", args=[case.reference, theirs.public_id])
        direct = reverse("evidence:file_download", args=[other_case.reference, theirs.public_id])
        assert client.get(through_mine).status_code == 404
        assert client.get(direct).status_code == 404
        assert not AuditEvent.objects.filter(action=AuditAction.EXPORT).exists()

    def test_a_missing_stored_file_is_404(self, officer, case, evidence_dir):
        evidence = evidence_file_upload(case=case, actor=officer, upload=upload("a.pdf", PDF))
        (evidence_dir / evidence.stored_name).unlink()
        url = reverse("evidence:file_download", args=[case.reference, evidence.public_id])
        assert client_for(officer).get(url).status_code == 404


class TestDiary:
    def test_officer_takes_down_a_diary_entry(self, officer, case, victim):
        url = reverse("evidence:diary_new", args=[case.reference])
        assert client_for(officer).get(url).status_code == 200
        yesterday = timezone.localdate() - timedelta(days=1)
        response = client_for(officer).post(
            url,
            {
                "person": str(victim.pk),
                "occurred_date_0": str(yesterday.day),
                "occurred_date_1": str(yesterday.month),
                "occurred_date_2": str(yesterday.year),
                "occurred_time": "23:15",
                "what_happened": "Banging on the wall for an hour.",
                "effect": "Could not sleep; children frightened.",
                "witnesses": "My neighbour at number 14",
            },
        )
        assert response.status_code == 302
        entry = DiaryEntry.objects.get()
        assert entry.person == victim
        assert entry.occurred_on == yesterday
        assert entry.occurred_time.hour == 23
        assert entry.recorded_by == officer
        assert AuditEvent.objects.filter(
            action=AuditAction.CREATE, object_type="diary_entry", object_id=str(entry.pk)
        ).exists()
        page = client_for(officer).get(reverse("cases:detail", args=[case.reference]))
        assert "Banging on the wall for an hour." in page.content.decode()

    def test_errors_show_in_the_summary(self, officer, case, victim):
        response = client_for(officer).post(
            reverse("evidence:diary_new", args=[case.reference]), {"person": str(victim.pk)}
        )
        body = response.content.decode()
        assert response.status_code == 200
        assert "govuk-error-summary" in body
        assert "Enter what happened" in body
        assert "Enter the date it happened" in body
        assert DiaryEntry.objects.count() == 0

    def test_the_diarist_must_be_on_the_case(self, officer, case, other_officer, other_case):
        stranger = case_victims(other_case)[0]
        stranger = (
            Person.objects.create(first_name="Not", last_name="Named")
            if stranger in case_victims(case)
            else stranger
        )
        with pytest.raises(ValidationError) as error:
            diary_entry_record(
                case=case,
                actor=officer,
                person=stranger,
                occurred_on=date.today(),
                what_happened="Something",
            )
        assert "person" in error.value.message_dict

    def test_not_in_the_future_and_not_on_a_closed_case(self, officer, case, victim):
        with pytest.raises(ValidationError) as error:
            diary_entry_record(
                case=case,
                actor=officer,
                person=victim,
                occurred_on=timezone.localdate() + timedelta(days=2),
                what_happened="Something",
            )
        assert "occurred_on" in error.value.message_dict
        case.status = CaseStatus.CLOSED
        case.closed_at = timezone.now()
        case.save(update_fields=["status", "closed_at"])
        with pytest.raises(ValidationError):
            diary_entry_record(
                case=case,
                actor=officer,
                person=victim,
                occurred_on=timezone.localdate(),
                what_happened="Something",
            )


class TestPolicies:
    @pytest.mark.parametrize(
        "role", [Role.CASE_OFFICER, Role.SUPERVISOR, Role.PARTNER_WORKER, Role.ADMINISTRATOR]
    )
    def test_adding_roles_of_the_lead_agency_may_add(self, agency, case, role):
        user = UserFactory(agency=agency, role=role)
        client = client_for(user)
        assert client.get(reverse("evidence:diary_new", args=[case.reference])).status_code == 200
        assert client.get(reverse("evidence:file_new", args=[case.reference])).status_code == 200

    @pytest.mark.parametrize("role", [Role.CALL_HANDLER, Role.ANALYST])
    def test_call_handlers_and_analysts_may_not(self, agency, case, role):
        user = UserFactory(agency=agency, role=role)
        client = client_for(user)
        assert client.get(reverse("evidence:diary_new", args=[case.reference])).status_code == 403
        response = client.post(
            reverse("evidence:file_new", args=[case.reference]), {"file": upload("a.pdf", PDF)}
        )
        assert response.status_code == 403
        with pytest.raises(PermissionDenied):
            evidence_file_upload(case=case, actor=user, upload=upload("a.pdf", PDF))
        assert EvidenceFile.objects.count() == 0

    def test_another_agency_gets_404_on_the_forms(self, case, other_officer):
        client = client_for(other_officer)
        assert client.get(reverse("evidence:diary_new", args=[case.reference])).status_code == 404
        assert client.get(reverse("evidence:file_new", args=[case.reference])).status_code == 404

    def test_a_partner_with_an_accepted_referral_may_add(self, officer, case, other_agency):
        service = ReferralService.objects.first()
        if service is None:
            pytest.skip("no referral services seeded")
        partner = UserFactory(agency=other_agency, role=Role.PARTNER_WORKER)
        referral = referral_make(
            case=case, actor=officer, service=service, reason="Support", to_agency=other_agency
        )
        referral_accept(referral=referral, actor=partner)
        evidence = evidence_file_upload(case=case, actor=partner, upload=upload("a.pdf", PDF))
        assert evidence.uploaded_by == partner
        url = reverse("evidence:file_download", args=[case.reference, evidence.public_id])
        assert client_for(partner).get(url).status_code == 200


class TestCasePage:
    def test_evidence_block_and_constant_queries(self, officer, case, victim):
        client = client_for(officer)
        url = reverse("cases:detail", args=[case.reference])

        def add(count: int, start: int) -> None:
            for number in range(start, start + count):
                evidence_file_upload(
                    case=case,
                    actor=officer,
                    upload=upload(f"note-{number}.txt", f"note {number}".encode()),
                )
                diary_entry_record(
                    case=case,
                    actor=officer,
                    person=victim,
                    occurred_on=timezone.localdate(),
                    what_happened=f"Entry {number}",
                )

        add(1, 0)
        client.get(url)  # warm up caches (sessions, content types)
        with CaptureQueriesContext(connection) as one:
            response = client.get(url)
        body = response.content.decode()
        assert 'id="evidence"' in body
        assert "note-0.txt" in body
        assert reverse("evidence:file_new", args=[case.reference]) in body
        add(5, 1)
        with CaptureQueriesContext(connection) as six:
            response = client.get(url)
        assert "note-5.txt" in response.content.decode()
        assert len(six) == len(one)

    def test_call_handler_sees_no_add_buttons(self, agency, case):
        handler = UserFactory(agency=agency, role=Role.CALL_HANDLER)
        body = client_for(handler).get(reverse("cases:detail", args=[case.reference])).content
        assert reverse("evidence:file_new", args=[case.reference]).encode() not in body
