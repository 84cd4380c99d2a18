"""Writes of evidence: diary entries and uploaded files.

Each service checks the policy, runs in one transaction and records its audit event in it. An
upload is written to ``TANDEM_EVIDENCE_DIR`` before its row; if the row cannot be written, the
file is removed again, so nothing is ever half-saved.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import date, time
from typing import IO

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone

from tandem.accounts.models import User
from tandem.audit.models import AuditAction
from tandem.audit.services import audit_record
from tandem.cases.models import Case, CaseStatus
from tandem.evidence import filetypes
from tandem.evidence.models import AllowedFileType, DiaryEntry, EvidenceFile
from tandem.evidence.policies import may_add_evidence
from tandem.evidence.storage import evidence_storage
from tandem.incidents.models import IncidentPerson
from tandem.people.models import Person

CHUNK_BYTES = 64 * 1024


def _check_open(case: Case) -> None:
    if case.status == CaseStatus.CLOSED:
        raise ValidationError({"case": [f"Case {case.reference} is closed"]})


@transaction.atomic
def diary_entry_record(
    *,
    case: Case,
    actor: User,
    person: Person,
    occurred_on: date,
    occurred_time: time | None = None,
    what_happened: str,
    effect: str = "",
    witnesses: str = "",
) -> DiaryEntry:
    """Take down one diary-sheet entry from ``person`` (someone named on the case)."""
    if not may_add_evidence(actor, case):
        raise PermissionDenied("Your role or agency may not add evidence to this case")
    _check_open(case)
    errors: dict[str, list[str]] = {}
    if not IncidentPerson.objects.filter(incident__case=case, person=person).exists():
        errors["person"] = ["Choose someone named on this case"]
    if occurred_on > timezone.localdate():
        errors["occurred_on"] = ["The date it happened must be today or in the past"]
    if not what_happened.strip():
        errors["what_happened"] = ["Enter what happened"]
    if errors:
        raise ValidationError(errors)
    entry = DiaryEntry.objects.create(
        case=case,
        person=person,
        occurred_on=occurred_on,
        occurred_time=occurred_time,
        what_happened=what_happened.strip(),
        effect=effect.strip(),
        witnesses=witnesses.strip(),
        recorded_by=actor,
        recorded_at=timezone.now(),
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        object_type="diary_entry",
        object_id=entry.pk,
        case_reference=case.reference,
        detail={"person": person.pk, "occurred_on": occurred_on.isoformat()},
    )
    return entry


def _size_label(size: int) -> str:
    return f"{max(1, round(size / (1024 * 1024)))} MB"


def _allowed_names(types: list[AllowedFileType]) -> str:
    labels = list(dict.fromkeys(kind.label for kind in types))
    if len(labels) <= 1:
        return "".join(labels)
    return ", ".join(labels[:-1]) + " or " + labels[-1]


def evidence_file_check(upload: UploadedFile) -> tuple[AllowedFileType, str]:
    """The allowed type an upload is, and its sanitised name; or a ValidationError on
    ``file`` saying why not (empty, wrong type, too big, contents not matching, a program)."""
    size = upload.size or 0
    name = filetypes.sanitise_filename(upload.name or "")
    if size <= 0:
        raise ValidationError({"file": ["The selected file is empty"]})
    types = list(AllowedFileType.objects.filter(active=True).order_by("kind", "extension"))
    allowed = next((t for t in types if t.extension == filetypes.extension_of(name)), None)
    if allowed is None:
        raise ValidationError({"file": [f"The selected file must be a {_allowed_names(types)}"]})
    if size > allowed.max_bytes:
        raise ValidationError(
            {"file": [f"The selected file must be smaller than {_size_label(allowed.max_bytes)}"]}
        )
    upload.seek(0)
    head = upload.read(filetypes.HEAD_BYTES)
    upload.seek(0)
    if filetypes.is_executable(head):
        raise ValidationError({"file": ["The selected file must not be a program or script"]})
    if not filetypes.contents_match(allowed.content_type, head, upload):
        raise ValidationError(
            {
                "file": [
                    f"The selected file is not a real {allowed.label}: its contents do not match"
                ]
            }
        )
    return allowed, name


def _hash(upload: UploadedFile) -> tuple[str, int]:
    digest = hashlib.sha256()
    size = 0
    upload.seek(0)
    while chunk := upload.read(CHUNK_BYTES):
        digest.update(chunk)
        size += len(chunk)
    upload.seek(0)
    return digest.hexdigest(), size


def evidence_file_upload(
    *, case: Case, actor: User, upload: UploadedFile, description: str = ""
) -> EvidenceFile:
    """Check an upload, store it under a random name in ``TANDEM_EVIDENCE_DIR`` and record it
    with its SHA-256. The file is written first and removed again if the row is not saved."""
    if not may_add_evidence(actor, case):
        raise PermissionDenied("Your role or agency may not add evidence to this case")
    _check_open(case)
    allowed, name = evidence_file_check(upload)
    sha256, size = _hash(upload)
    if EvidenceFile.objects.filter(case=case, sha256=sha256).exists():
        raise ValidationError({"file": ["This file has already been added to this case"]})
    storage = evidence_storage()
    now = timezone.now()
    # Random, meaningless names: never the user's file name or anything derived from it.
    stored_name = storage.save(f"{now:%Y/%m}/{secrets.token_hex(20)}", upload)
    try:
        with transaction.atomic():
            evidence = EvidenceFile.objects.create(
                case=case,
                kind=allowed.kind,
                original_name=name,
                description=description.strip(),
                sha256=sha256,
                size_bytes=size,
                content_type=allowed.content_type,
                stored_name=stored_name,
                uploaded_by=actor,
                uploaded_at=now,
            )
            audit_record(
                actor=actor,
                action=AuditAction.CREATE,
                object_type="evidence_file",
                object_id=str(evidence.public_id),
                case_reference=case.reference,
                detail={"sha256": sha256, "size": size, "content_type": allowed.content_type},
            )
    except IntegrityError:
        # The same file, uploaded to the case at the same moment by someone else.
        storage.delete(stored_name)
        raise ValidationError({"file": ["This file has already been added to this case"]}) from None
    except BaseException:
        storage.delete(stored_name)
        raise
    return evidence


def evidence_file_open(
    *, evidence: EvidenceFile, actor: User, request: HttpRequest | None = None
) -> IO[bytes]:
    """Open a stored file for download and record who took a copy (the caller has checked
    the case is visible). Raises ``FileNotFoundError`` if the stored file is missing."""
    handle = evidence_storage().open(evidence.stored_name, "rb")
    try:
        with transaction.atomic():
            audit_record(
                actor=actor,
                action=AuditAction.EXPORT,
                object_type="evidence_file",
                object_id=str(evidence.public_id),
                case_reference=evidence.case.reference,
                detail={"sha256": evidence.sha256, "name": evidence.original_name},
                request=request,
            )
    except BaseException:
        handle.close()
        raise
    return handle
