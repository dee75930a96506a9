"""A sign-up whose confirmation mail the mail server refused still gets its
link: the periodic retry sends it once the server takes mail again, once,
and never to an address that confirmed, expired or asked for no mail."""

import datetime
import smtplib

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.utils import timezone

from newsletter import services
from newsletter.models import Subscriber

from .conftest import link_in, mails_to

pytestmark = pytest.mark.django_db


class DownBackend(EmailBackend):
    """A mail server that refuses every connection."""

    def send_messages(self, messages):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")


def later(minutes=6):
    return timezone.now() + datetime.timedelta(minutes=minutes)


@pytest.fixture
def smtp_down(settings):
    settings.EMAIL_BACKEND = "tests.newsletter.test_confirmation_retry.DownBackend"


@pytest.fixture
def smtp_up(settings):
    def restore():
        settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

    return restore


def test_a_refused_confirmation_is_sent_when_the_server_is_back(
    sign_up, policy, smtp_down, smtp_up
):
    response = sign_up(email="nina@example.org", policy_version="3")
    assert response.status_code == 302
    subscriber = Subscriber.objects.get(email="nina@example.org")
    assert subscriber.confirm_sent_at is None
    assert mail.outbox == []

    assert services.send_pending_confirmations(now=later()) == 0  # still down
    smtp_up()
    assert services.send_pending_confirmations(now=later()) == 1
    (message,) = mails_to("nina@example.org")
    assert link_in(message, "/nyhetsbrev/bekreft/")
    assert Subscriber.objects.get(pk=subscriber.pk).confirm_sent_at is not None
    # Once.
    assert services.send_pending_confirmations(now=later(30)) == 0
    assert len(mail.outbox) == 1


def test_the_retry_leaves_a_fresh_sign_up_to_its_own_task(
    sign_up, policy, smtp_down, smtp_up
):
    sign_up(email="nina@example.org", policy_version="3")
    smtp_up()
    assert services.send_pending_confirmations() == 0
    assert mail.outbox == []


def test_confirmed_expired_and_suppressed_sign_ups_get_nothing(
    sign_up, policy, smtp_down, smtp_up
):
    for email in ("done@example.org", "old@example.org", "stop@example.org"):
        sign_up(email=email, policy_version="3")
    Subscriber.objects.filter(email="done@example.org").update(
        confirmed_at=timezone.now()
    )
    Subscriber.objects.filter(email="old@example.org").update(
        created_at=timezone.now() - datetime.timedelta(days=8)
    )
    services.suppress("stop@example.org")
    smtp_up()
    assert services.send_pending_confirmations(now=later()) == 0
    assert mail.outbox == []


def test_the_retry_runs_every_quarter_of_an_hour(settings):
    scheduled = dict(settings.PERIODIC_TASKS)
    assert scheduled["newsletter.tasks.send_pending_confirmations_task"] == 15 * 60
