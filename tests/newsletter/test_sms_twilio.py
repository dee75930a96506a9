"""The Twilio backend over real HTTP against a local stand-in of Twilio's
Messages API on 127.0.0.1: what it posts, and how each answer ends for the
delivery: sent with Twilio's id, refused for good (an invalid number),
retried later (Twilio failing or busy, or not reachable), or "may have
arrived" (no answer) and never resent by itself. Nothing ends in a 500."""

import pytest

from newsletter import sending, sms
from newsletter.models import SmsAnnouncement, SmsDelivery
from newsletter.sms.backends.twilio import SmsBackend

from . import smtp_server
from .mailing_fixtures import (
    later,
    make_subscriber,
)

pytestmark = pytest.mark.django_db

NUMBERS = [f"+47900000{i:02d}" for i in range(4)]
Status = SmsDelivery.Status


@pytest.fixture
def twilio(twilio, settings):
    """The shared stand-in, through the backend's older newsletter path."""
    settings.SMS_BACKEND = "newsletter.sms.backends.twilio.SmsBackend"
    settings.NEWSLETTER_RETRY_SECONDS = 60
    return twilio


@pytest.fixture
def phones(db):
    return [
        make_subscriber(f"mobil{i}@example.org", phone=number)
        for i, number in enumerate(NUMBERS)
    ]


def send(announcement, capture):
    with capture(execute=True):
        sending.start_sms(announcement)
    announcement.refresh_from_db()
    return announcement


def delivery(number):
    return SmsDelivery.objects.get(subscriber__phone=number)


def test_each_number_gets_one_sms_with_twilios_id(
    twilio, phones, announcement, django_capture_on_commit_callbacks
):
    send(announcement, django_capture_on_commit_callbacks)
    assert twilio.per_number() == dict.fromkeys(NUMBERS, 1)
    form = twilio.requests[0]
    assert form["From"] == "+4712345678"
    assert form["Body"] == announcement.message
    for to, _body, sid in twilio.delivered:
        assert delivery(to).provider_id == sid
    assert announcement.status == SmsAnnouncement.Status.SENT
    # Running the batches again sends nothing more.
    sending.send_batch("sms", announcement.pk, 0, 10**9)
    sending.resume(now=later(hours=1))
    assert twilio.per_number() == dict.fromkeys(NUMBERS, 1)


def test_a_messaging_service_is_used_as_the_sender(twilio, settings):
    settings.SMS_TWILIO_FROM = "MG0000000000000000000000000000000a"
    sms.send_sms("+4790000000", "Hei")
    assert twilio.requests[0]["MessagingServiceSid"].startswith("MG")
    assert "From" not in twilio.requests[0]


def test_an_invalid_number_fails_for_good(
    twilio, phones, announcement, django_capture_on_commit_callbacks
):
    twilio.behaviour[NUMBERS[1]] = "invalid"
    send(announcement, django_capture_on_commit_callbacks)
    failed = delivery(NUMBERS[1])
    assert (failed.status, failed.retry) == (Status.FAILED, False)
    assert "21211" in failed.error
    assert NUMBERS[1] not in failed.error  # the number is not copied
    sending.resume(now=later(days=1))
    assert NUMBERS[1] not in twilio.per_number()
    assert SmsAnnouncement.objects.get().status == SmsAnnouncement.Status.SENT


@pytest.mark.parametrize("trouble", ["error", "busy"])
def test_twilio_failing_or_busy_is_retried_later(
    twilio, phones, announcement, django_capture_on_commit_callbacks, trouble
):
    twilio.behaviour[NUMBERS[2]] = [trouble]
    send(announcement, django_capture_on_commit_callbacks)
    failed = delivery(NUMBERS[2])
    assert (failed.status, failed.retry) == (Status.FAILED, True)
    assert announcement.status == SmsAnnouncement.Status.SENDING

    sending.resume(now=later(minutes=2))
    assert twilio.per_number() == dict.fromkeys(NUMBERS, 1)
    assert delivery(NUMBERS[2]).attempts == 2
    assert SmsAnnouncement.objects.get().status == SmsAnnouncement.Status.SENT


def test_no_answer_may_have_arrived_and_is_not_resent(
    twilio, phones, announcement, django_capture_on_commit_callbacks
):
    twilio.behaviour[NUMBERS[0]] = ["hang-up"]
    send(announcement, django_capture_on_commit_callbacks)
    uncertain = delivery(NUMBERS[0])
    assert (uncertain.status, uncertain.retry) == (Status.FAILED, False)
    assert "may have" in uncertain.error
    sending.resume(now=later(days=1))
    assert len([r for r in twilio.requests if r["To"] == NUMBERS[0]]) == 1
    # The others went.
    assert set(twilio.per_number()) == set(NUMBERS[1:])


def test_twilio_unreachable_leaves_the_rest_for_later(
    twilio, settings, phones, announcement, django_capture_on_commit_callbacks
):
    settings.SMS_TWILIO_API_BASE = f"http://127.0.0.1:{smtp_server.free_port()}"
    send(announcement, django_capture_on_commit_callbacks)
    failed = SmsDelivery.objects.filter(status=Status.FAILED)
    assert all(row.retry for row in failed)
    # Three connection failures in a row stop the batch.
    assert failed.count() == 3
    assert SmsDelivery.objects.filter(status=Status.QUEUED).count() == 1

    settings.SMS_TWILIO_API_BASE = twilio.base_url
    sending.resume(now=later(minutes=30))
    assert twilio.per_number() == dict.fromkeys(NUMBERS, 1)


def test_the_backend_refuses_to_start_without_credentials(settings):
    settings.SMS_TWILIO_ACCOUNT_SID = ""
    with pytest.raises(Exception, match="SMS_TWILIO_ACCOUNT_SID"):
        SmsBackend()


def test_wrong_credentials_are_a_refusal_not_a_crash(twilio, settings):
    settings.SMS_TWILIO_AUTH_TOKEN = "wrong"
    with pytest.raises(sms.SmsError) as refusal:
        sms.send_sms("+4790000000", "Hei")
    assert "401" in str(refusal.value)
    assert not refusal.value.retry
