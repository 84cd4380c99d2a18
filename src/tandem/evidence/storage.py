"""Where evidence files are kept: ``TANDEM_EVIDENCE_DIR``, outside the web root, never served
by the web server or by ``MEDIA_URL``."""

from __future__ import annotations

from django.conf import settings
from django.core.files.storage import FileSystemStorage


class EvidenceStorage(FileSystemStorage):
    """A file system storage without a URL, readable by the application's user only."""

    def url(self, name: str | None) -> str:
        raise NotImplementedError("Evidence files are served only through the download view")


def evidence_storage() -> EvidenceStorage:
    """The storage for the current settings (read at each call, so tests may override them)."""
    return EvidenceStorage(
        location=str(settings.TANDEM_EVIDENCE_DIR),
        base_url=None,
        file_permissions_mode=0o600,
        directory_permissions_mode=0o700,
    )
