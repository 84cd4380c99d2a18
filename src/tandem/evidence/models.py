"""Evidence on a case: diary-sheet entries taken down by an officer, and uploaded files.

``AllowedFileType`` is configuration as data: which file types may be uploaded, what their
contents must look like and how big they may be. ``EvidenceFile`` rows point at files kept outside
the web root (``TANDEM_EVIDENCE_DIR``) under random names; they are served only by
``tandem.evidence.views.file_download`` after the visibility check.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models


class EvidenceKind(models.TextChoices):
    DOCUMENT = "document", "Document"
    PHOTO = "photo", "Photo"
    AUDIO = "audio", "Audio"
    VIDEO = "video", "Video"
    OTHER = "other", "Other"


class AllowedFileType(models.Model):
    """One type of file that may be uploaded as evidence, by its file name extension."""

    extension = models.CharField(
        max_length=10, unique=True, help_text="Lower case, without the dot: pdf, jpg."
    )
    label = models.CharField(max_length=40, help_text="Shown to users, for example PDF.")
    content_type = models.CharField(
        max_length=120,
        help_text="The MIME type the contents must have (checked against the file's first bytes).",
    )
    kind = models.CharField(max_length=10, choices=EvidenceKind.choices)
    max_bytes = models.PositiveBigIntegerField(help_text="The largest file accepted, in bytes.")
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["kind", "extension"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(max_bytes__gt=0), name="allowed_file_type_max_bytes_positive"
            ),
        ]

    def __str__(self) -> str:
        return f".{self.extension} ({self.content_type}, up to {self.max_bytes} bytes)"

    @property
    def max_megabytes(self) -> int:
        return max(1, round(self.max_bytes / (1024 * 1024)))


class DiaryEntry(models.Model):
    """One entry of a diary sheet, taken down by an officer from someone on the case."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="diary_entries")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    occurred_on = models.DateField()
    occurred_time = models.TimeField(null=True, blank=True)
    what_happened = models.TextField()
    effect = models.TextField(blank=True, help_text="The effect it had on them.")
    witnesses = models.TextField(blank=True, help_text="Who else saw or heard it.")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["-occurred_on", "-occurred_time", "-id"]
        indexes = [models.Index(fields=["case", "occurred_on"])]
        verbose_name_plural = "diary entries"

    def __str__(self) -> str:
        return f"{self.case_id} {self.person_id} {self.occurred_on}"


class EvidenceFile(models.Model):
    """One uploaded file. ``stored_name`` is a random name inside ``TANDEM_EVIDENCE_DIR``;
    ``public_id`` (random) is the only identifier that appears in addresses."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="evidence_files")
    kind = models.CharField(max_length=10, choices=EvidenceKind.choices)
    original_name = models.CharField(max_length=200, help_text="Sanitised; for display only.")
    description = models.TextField(blank=True)
    sha256 = models.CharField(max_length=64)
    size_bytes = models.PositiveBigIntegerField()
    content_type = models.CharField(max_length=120, help_text="Detected from the contents.")
    stored_name = models.CharField(max_length=100, unique=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField()

    class Meta:
        ordering = ["-uploaded_at", "-id"]
        indexes = [models.Index(fields=["case", "uploaded_at"])]
        constraints = [
            models.UniqueConstraint(fields=["case", "sha256"], name="one_copy_of_a_file_per_case"),
            models.CheckConstraint(
                condition=models.Q(size_bytes__gt=0), name="evidence_file_not_empty"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case_id} {self.original_name} ({self.sha256[:12]})"
