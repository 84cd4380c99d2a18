"""Where notifications go: a small interface with three implementations, chosen by the
``TANDEM_NOTIFY_BACKEND`` setting (``file``, ``email``, ``notify`` or a dotted class path).

- ``file`` (default): appends each message as a JSON line to ``TANDEM_NOTIFY_DIR`` and logs that it
  did, without any personal data: safe for the demo and development.
- ``email``: Django's email (``django.core.mail``); email only.
- ``notify``: GOV.UK Notify, with a template id per channel from the settings.
"""

from __future__ import annotations

import json
import logging
import uuid
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Protocol

from django.conf import settings
from django.core.mail import EmailMessage
from django.utils import timezone
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)


class NotificationError(Exception):
    """The backend could not send the message (it may succeed on a later attempt)."""


@dataclass(frozen=True)
class OutgoingMessage:
    """What a backend needs to send one notification."""

    notification_id: int
    channel: str  # a NotificationChannel value
    to: str  # email address, phone number, or postal address lines separated by newlines
    subject: str
    body: str
    kind: str
    case_reference: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


class NotificationBackend(Protocol):
    def send(self, message: OutgoingMessage) -> str:
        """Send the message; return the provider's reference. Raise ``NotificationError``."""
        ...


class FileBackend:
    """Writes messages as JSON lines to ``var/notifications/<date>.jsonl``."""

    def __init__(self, directory: Path | str | None = None) -> None:
        self.directory = Path(directory or settings.TANDEM_NOTIFY_DIR)

    def send(self, message: OutgoingMessage) -> str:
        reference = f"file-{uuid.uuid4()}"
        self.directory.mkdir(parents=True, exist_ok=True)
        path = self.directory / f"{timezone.localdate().isoformat()}.jsonl"
        record = {"reference": reference, "at": timezone.now().isoformat(), **asdict(message)}
        with path.open("a", encoding="utf-8") as handle:
            handle.write(json.dumps(record, default=str) + "\n")
        # No names, addresses or text in the log: only what the message is and where it went.
        logger.info(
            "Notification %s (%s, %s, case %s) written to %s",
            message.notification_id,
            message.channel,
            message.kind,
            message.case_reference or "-",
            path.name,
        )
        return reference


class EmailBackend:
    """Django's email; cannot send text messages or letters."""

    def send(self, message: OutgoingMessage) -> str:
        if message.channel != "email":
            raise NotificationError(f"The email backend cannot send by {message.channel}")
        reference = f"email-{uuid.uuid4()}"
        email = EmailMessage(
            subject=message.subject,
            body=message.body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[message.to],
            headers={"X-Tandem-Reference": reference},
        )
        try:
            email.send(fail_silently=False)
        except Exception as error:  # SMTP and connection errors of every kind
            raise NotificationError(str(error)) from error
        return reference


class GovukNotifyBackend:
    """GOV.UK Notify: each channel sends through one template whose personalisation carries
    ``subject`` and ``body`` (letters also ``address_line_1`` … ``address_line_7``)."""

    def __init__(self, client: Any = None) -> None:
        if client is None:
            from notifications_python_client.notifications import NotificationsAPIClient

            if not settings.TANDEM_NOTIFY_API_KEY:
                raise NotificationError("TANDEM_NOTIFY_API_KEY is not set")
            client = NotificationsAPIClient(settings.TANDEM_NOTIFY_API_KEY)
        self.client = client

    def _template(self, channel: str) -> str:
        template_id: str = settings.TANDEM_NOTIFY_TEMPLATES.get(channel, "")
        if not template_id:
            raise NotificationError(f"No GOV.UK Notify template is configured for {channel}")
        return template_id

    def send(self, message: OutgoingMessage) -> str:
        personalisation: dict[str, Any] = {"subject": message.subject, "body": message.body}
        reference = f"tandem-{message.notification_id}"
        try:
            if message.channel == "email":
                response = self.client.send_email_notification(
                    email_address=message.to,
                    template_id=self._template("email"),
                    personalisation=personalisation,
                    reference=reference,
                )
            elif message.channel == "sms":
                response = self.client.send_sms_notification(
                    phone_number=message.to,
                    template_id=self._template("sms"),
                    personalisation=personalisation,
                    reference=reference,
                )
            elif message.channel == "letter":
                lines = [line.strip() for line in message.to.splitlines() if line.strip()][:7]
                if len(lines) < 3:
                    raise NotificationError("A letter needs at least three address lines")
                for number, line in enumerate(lines, start=1):
                    personalisation[f"address_line_{number}"] = line
                response = self.client.send_letter_notification(
                    template_id=self._template("letter"),
                    personalisation=personalisation,
                    reference=reference,
                )
            else:
                raise NotificationError(f"GOV.UK Notify cannot send by {message.channel}")
        except NotificationError:
            raise
        except Exception as error:  # HTTPError and connection errors from the client
            raise NotificationError(str(error)) from error
        return str(response.get("id", ""))


BACKENDS: dict[str, str] = {
    "file": "tandem.notify.backends.FileBackend",
    "console": "tandem.notify.backends.FileBackend",
    "email": "tandem.notify.backends.EmailBackend",
    "notify": "tandem.notify.backends.GovukNotifyBackend",
}


def get_backend() -> NotificationBackend:
    name = settings.TANDEM_NOTIFY_BACKEND
    backend_class = import_string(BACKENDS.get(name, name))
    backend: NotificationBackend = backend_class()
    return backend
