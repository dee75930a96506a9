"""A real SMTP conversation: Django's SMTP backend sends an issue to an
aiosmtpd server on 127.0.0.1, which checks what arrives byte for byte:
the list headers, both parts, the visible links, one message per
subscriber; refusals and a dropped connection end as the sending side
promises."""

import email
import email.policy
from urllib.parse import urlsplit

import pytest

from newsletter import sending
from newsletter.models import Delivery, Issue, Subscriber

from . import smtp_server
from .mailing_fixtures import (
    later,
)

pytestmark = pytest.mark.django_db

NORWEGIAN = {f"leser{i}@example.org": 1 for i in range(6)}


@pytest.fixture
def smtp(settings):
    with smtp_server.running() as (handler, port):
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST = "127.0.0.1"
        settings.EMAIL_PORT = port
        settings.EMAIL_USE_TLS = False
        settings.EMAIL_USE_SSL = False
        settings.EMAIL_HOST_USER = ""
        settings.EMAIL_HOST_PASSWORD = ""
        settings.EMAIL_TIMEOUT = 5
        settings.NEWSLETTER_FROM_EMAIL = "Kulturhuset <nyhetsbrev@kulturhus.example>"
        yield handler


def send_through_tasks(issue, capture):
    with capture(execute=True):
        sending.start_issue(issue)


def parsed(received):
    return email.message_from_bytes(received.raw, policy=email.policy.default)


def test_each_subscriber_gets_one_complete_multipart_mail(
    smtp, issue, readers, django_capture_on_commit_callbacks, client
):
    send_through_tasks(issue, django_capture_on_commit_callbacks)
    assert smtp.per_recipient() == NORWEGIAN
    for received in smtp.messages:
        message = parsed(received)
        (address,) = received.rcpt_tos
        assert received.mail_from == "nyhetsbrev@kulturhus.example"
        assert message["To"] == address
        assert message["Subject"] == "Programmet for mai"
        assert message["From"] == "Kulturhuset <nyhetsbrev@kulturhus.example>"
        assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        assert "<nyhetsbrev.kulturhus.example>" in message["List-Id"]
        # (A long header may be folded onto a second line: whitespace.)
        unsubscribe = message["List-Unsubscribe"].strip()
        assert unsubscribe.startswith("<http://testserver/nyhetsbrev/avmeld/")
        assert unsubscribe.endswith(">")
        link = unsubscribe.strip("<>")

        assert message.get_content_type() == "multipart/alternative"
        text = message.get_body(preferencelist=("plain",))
        html = message.get_body(preferencelist=("html",))
        assert text.get_content_charset() == html.get_content_charset() == "utf-8"
        assert link in text.get_content()
        assert f'href="{link}"' in html.get_content()
        assert "Velkommen til mai" in html.get_content()
        assert "VELKOMMEN TIL MAI" in text.get_content()
    assert Issue.objects.get(pk=issue.pk).status == Issue.Status.SENT

    # The header's one-click POST (RFC 8058: no cookies, no token) ends the
    # subscription, and the record of what was sent to it goes with it.
    first = parsed(smtp.messages[0])
    gone = smtp.messages[0].rcpt_tos[0]
    path = urlsplit(first["List-Unsubscribe"].strip().strip("<>")).path
    response = client.post(path, {"List-Unsubscribe": "One-Click"})
    assert response.status_code in (200, 204, 302)
    assert not Subscriber.objects.filter(email=gone).exists()
    assert not Delivery.objects.filter(subscriber__email=gone).exists()
    assert Delivery.objects.filter(issue=issue).count() == 5


def test_refused_recipients_fail_and_the_others_arrive(
    smtp, issue, readers, django_capture_on_commit_callbacks
):
    smtp.refuse = {
        "leser1@example.org": "550 5.1.1 No such user",
        "leser2@example.org": "451 4.2.0 Try again later",
    }
    send_through_tasks(issue, django_capture_on_commit_callbacks)
    assert set(smtp.per_recipient()) == set(NORWEGIAN) - {
        "leser1@example.org",
        "leser2@example.org",
    }
    gone = Delivery.objects.get(subscriber__email="leser1@example.org")
    later_retry = Delivery.objects.get(subscriber__email="leser2@example.org")
    assert (gone.status, gone.retry) == (Delivery.Status.FAILED, False)
    assert (later_retry.status, later_retry.retry) == (Delivery.Status.FAILED, True)

    smtp.refuse = {}
    sending.resume(now=later(hours=1))
    counts = smtp.per_recipient()
    assert counts.get("leser2@example.org") == 1
    assert "leser1@example.org" not in counts


def test_a_connection_dropped_mid_message_is_resumed_without_duplicates(
    smtp, issue, readers, settings, django_capture_on_commit_callbacks
):
    settings.NEWSLETTER_RETRY_SECONDS = 60
    smtp.drop_at = {3}
    send_through_tasks(issue, django_capture_on_commit_callbacks)
    # The batch reconnected after the drop and went on.
    assert len(smtp.messages) == 5
    failed = Delivery.objects.get(status=Delivery.Status.FAILED)
    assert failed.retry
    assert "SMTPServerDisconnected" in failed.error

    sending.resume(now=later(minutes=2))
    assert smtp.per_recipient() == NORWEGIAN
    assert Issue.objects.get(pk=issue.pk).status == Issue.Status.SENT


def test_a_mail_server_that_is_down_leaves_everything_queued(
    settings, issue, readers, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = smtp_server.free_port()  # nobody listens
    settings.EMAIL_TIMEOUT = 2
    send_through_tasks(issue, django_capture_on_commit_callbacks)
    statuses = set(Delivery.objects.values_list("status", flat=True))
    assert statuses == {Delivery.Status.QUEUED}
    assert Issue.objects.get(pk=issue.pk).status == Issue.Status.SENDING
