from __future__ import annotations

import json
import logging
from unittest import mock

import pytest
from django.core import mail

from tandem.notify.backends import (
    EmailBackend,
    FileBackend,
    GovukNotifyBackend,
    NotificationError,
    OutgoingMessage,
    get_backend,
)


def message(**overrides):
    values = {
        "notification_id": 7,
        "channel": "email",
        "to": "jane@example.org",
        "subject": "Your report ASB-2026-0001 has been closed",
        "body": "Dear Jane Example, …",
        "kind": "closure-letter",
        "case_reference": "ASB-2026-0001",
    }
    values.update(overrides)
    return OutgoingMessage(**values)


def test_file_backend_writes_json_lines_and_logs_no_personal_data(tmp_path, caplog):
    backend = FileBackend(tmp_path)
    with caplog.at_level(logging.INFO, logger="tandem.notify.backends"):
        first = backend.send(message())
        backend.send(message(notification_id=8, channel="sms", to="07700 900123"))
    [path] = tmp_path.glob("*.jsonl")
    lines = [json.loads(line) for line in path.read_text().splitlines()]
    assert [line["notification_id"] for line in lines] == [7, 8]
    assert lines[0]["reference"] == first
    assert lines[0]["to"] == "jane@example.org"
    assert "jane@example.org" not in caplog.text
    assert "Jane" not in caplog.text
    assert "07700" not in caplog.text
    assert "closure-letter" in caplog.text


def test_file_backend_is_the_default(settings, tmp_path):
    settings.TANDEM_NOTIFY_BACKEND = "file"
    settings.TANDEM_NOTIFY_DIR = tmp_path
    assert isinstance(get_backend(), FileBackend)


def test_email_backend_sends_through_django_mail(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    reference = EmailBackend().send(message())
    [sent] = mail.outbox
    assert sent.to == ["jane@example.org"]
    assert sent.subject == "Your report ASB-2026-0001 has been closed"
    assert sent.extra_headers["X-Tandem-Reference"] == reference


def test_email_backend_refuses_other_channels():
    with pytest.raises(NotificationError):
        EmailBackend().send(message(channel="letter"))


@pytest.fixture
def notify_templates(settings):
    settings.TANDEM_NOTIFY_TEMPLATES = {
        "email": "tpl-email",
        "sms": "tpl-sms",
        "letter": "tpl-letter",
    }


def test_notify_backend_sends_email_sms_and_letters(notify_templates):
    client = mock.Mock()
    client.send_email_notification.return_value = {"id": "n-email"}
    client.send_sms_notification.return_value = {"id": "n-sms"}
    client.send_letter_notification.return_value = {"id": "n-letter"}
    backend = GovukNotifyBackend(client=client)

    assert backend.send(message()) == "n-email"
    client.send_email_notification.assert_called_once_with(
        email_address="jane@example.org",
        template_id="tpl-email",
        personalisation={"subject": message().subject, "body": message().body},
        reference="tandem-7",
    )
    assert backend.send(message(channel="sms", to="07700 900123")) == "n-sms"
    assert client.send_sms_notification.call_args.kwargs["phone_number"] == "07700 900123"
    letter = message(channel="letter", to="Jane Example\n12 Acacia Road\nMaidstone\nME14 1AA")
    assert backend.send(letter) == "n-letter"
    personalisation = client.send_letter_notification.call_args.kwargs["personalisation"]
    assert personalisation["address_line_1"] == "Jane Example"
    assert personalisation["address_line_4"] == "ME14 1AA"


def test_notify_backend_wraps_client_errors(notify_templates):
    client = mock.Mock()
    client.send_email_notification.side_effect = RuntimeError("503 from Notify")
    with pytest.raises(NotificationError, match="503"):
        GovukNotifyBackend(client=client).send(message())


def test_notify_backend_builds_the_real_client(settings, notify_templates):
    settings.TANDEM_NOTIFY_API_KEY = "test-" + "a" * 36 + "-" + "b" * 36
    with mock.patch(
        "notifications_python_client.notifications.NotificationsAPIClient"
    ) as client_class:
        settings.TANDEM_NOTIFY_BACKEND = "notify"
        backend = get_backend()
    assert isinstance(backend, GovukNotifyBackend)
    client_class.assert_called_once_with(settings.TANDEM_NOTIFY_API_KEY)
