"""How long subscribers are kept: sign-ups never confirmed go after 7 days,
the IP address of a consent after 60, and subscribers with no sign of life
for 24 months are asked once whether they still want the newsletter and
removed if they do not answer within 30 days. Time travels through the
``now`` the purge and the services take."""

import datetime
import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from newsletter import mail as newsletter_mail
from newsletter import services
from newsletter.models import Consent, Subscriber
from privacy import retention

from .conftest import IP, link_in, make_subscriber

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


def purge(now, *keys):
    return retention.purge(now=now, keys=set(keys) or None)


def test_an_unconfirmed_sign_up_is_deleted_after_seven_days(sign_up, policy):
    sign_up(email="nina@example.org")
    now = timezone.now()
    assert (
        purge(now + 6 * DAY, "newsletter.unconfirmed")[
            "newsletter.unconfirmed"
        ].affected
        == 0
    )
    assert Subscriber.objects.exists()
    assert (
        purge(now + 8 * DAY, "newsletter.unconfirmed")[
            "newsletter.unconfirmed"
        ].affected
        == 1
    )
    assert not Subscriber.objects.exists()
    assert not Consent.objects.exists()


def test_a_fresh_confirmation_mail_keeps_an_unconfirmed_sign_up(db):
    now = timezone.now()
    make_subscriber(
        "nina@example.org",
        confirmed=False,
        created_at=now - 10 * DAY,
        confirm_sent_at=now - 2 * DAY,
    )
    purge(now, "newsletter.unconfirmed")
    assert Subscriber.objects.exists()


def test_confirmed_subscribers_are_never_deleted_as_unconfirmed(subscriber):
    Subscriber.objects.update(created_at=timezone.now() - 400 * DAY)
    purge(timezone.now(), "newsletter.unconfirmed")
    assert Subscriber.objects.exists()


def test_the_ip_address_of_a_consent_is_blanked_after_sixty_days(subscriber, policy):
    consent = services.record_consent(
        subscriber, source=Consent.Source.FORM, ip_address=IP, policy_version=policy
    )
    purge(timezone.now() + 59 * DAY, "newsletter.consent_ip")
    consent.refresh_from_db()
    assert consent.ip_address == IP
    result = purge(timezone.now() + 61 * DAY, "newsletter.consent_ip")
    assert result["newsletter.consent_ip"].anonymised
    consent.refresh_from_db()
    assert consent.ip_address is None
    assert consent.text and consent.policy_version == policy


def test_the_retention_table_names_the_consent_ip_days(settings):
    assert settings.PRIVACY_RETENTION["newsletter.consent_ip"] == 60
    assert "newsletter.consent_ip" not in retention.undeclared_keys()
    assert "newsletter.unconfirmed" not in retention.undeclared_keys()


@pytest.fixture
def dormant(db):
    """Confirmed 25 months ago and not heard from since."""
    long_ago = timezone.now() - datetime.timedelta(days=25 * 31)
    return make_subscriber(
        "dormant@example.org", confirmed_at=long_ago, last_activity_at=long_ago
    )


def test_a_dormant_subscriber_is_asked_once(dormant, subscriber):
    assert services.send_reconsent_mails() == 1
    (message,) = mail.outbox
    assert message.to == ["dormant@example.org"]
    assert "/nyhetsbrev/behold/" in message.body
    assert (
        message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    )
    dormant.refresh_from_db()
    assert dormant.reconsent_sent_at is not None
    # Idempotent: run again (the next day's task) mails nobody.
    assert services.send_reconsent_mails() == 0
    assert len(mail.outbox) == 1


def test_a_subscriber_active_within_24_months_is_not_asked(subscriber):
    Subscriber.objects.update(
        last_activity_at=timezone.now() - datetime.timedelta(days=23 * 31)
    )
    assert services.send_reconsent_mails() == 0
    assert not mail.outbox


def test_a_refused_mail_is_asked_again_next_time(dormant, monkeypatch):
    monkeypatch.setattr(newsletter_mail, "send_subscriber_mail", lambda *a, **k: False)
    assert services.send_reconsent_mails() == 0
    dormant.refresh_from_db()
    assert dormant.reconsent_sent_at is None
    monkeypatch.undo()
    assert services.send_reconsent_mails() == 1


def test_keeping_is_a_fresh_consent_and_a_sign_of_life(english, dormant, policy):
    services.send_reconsent_mails()
    path = link_in(mail.outbox[0], "/nyhetsbrev/behold/")
    page = english.get(path)
    assert page.status_code == 200
    assert "Keep me subscribed" in page.content.decode()
    dormant.refresh_from_db()
    assert dormant.reconsent_sent_at is not None  # opening it is not an answer
    response = english.post(path, REMOTE_ADDR=IP)
    assert response.status_code == 200
    dormant.refresh_from_db()
    assert dormant.reconsent_sent_at is None
    assert timezone.now() - dormant.last_activity_at < datetime.timedelta(minutes=1)
    consent = Consent.objects.get(subscriber=dormant)
    assert consent.source == Consent.Source.RECONSENT
    assert consent.policy_version == policy
    # Kept: not removed when the 30 days have passed.
    purge(timezone.now() + 31 * DAY, "newsletter.reconsent")
    assert Subscriber.objects.filter(pk=dormant.pk).exists()


def test_no_answer_in_30_days_removes_the_subscriber(dormant, subscriber):
    services.send_reconsent_mails()
    now = timezone.now()
    assert (
        purge(now + 29 * DAY, "newsletter.reconsent")["newsletter.reconsent"].affected
        == 0
    )
    assert (
        purge(now + 31 * DAY, "newsletter.reconsent")["newsletter.reconsent"].affected
        == 1
    )
    assert list(Subscriber.objects.values_list("email", flat=True)) == [
        "anne@example.org"
    ]


def test_the_days_follow_the_settings(dormant, settings):
    settings.NEWSLETTER_RECONSENT_MONTHS = 36
    assert services.send_reconsent_mails() == 0
    settings.NEWSLETTER_RECONSENT_MONTHS = 12
    assert services.send_reconsent_mails() == 1
    settings.NEWSLETTER_RECONSENT_DAYS = 5
    result = purge(timezone.now() + 6 * DAY, "newsletter.reconsent")
    assert result["newsletter.reconsent"].days == 5
    assert not Subscriber.objects.exists()


def test_the_reconsent_link_of_someone_removed_says_so(english, dormant):
    services.send_reconsent_mails()
    path = link_in(mail.outbox[0], "/nyhetsbrev/behold/")
    dormant.delete()
    response = english.post(path)
    assert response.status_code == 200
    assert "The subscription this link was sent for has ended" in (
        response.content.decode().replace("\n", " ")
    )
    assert english.get("/nyhetsbrev/behold/forged/").status_code == 400


def test_the_periodic_task_is_scheduled(settings):
    paths = [path for path, _interval in settings.PERIODIC_TASKS]
    assert "newsletter.tasks.send_reconsent_mails_task" in paths


def test_the_command_shows_progress_and_counts(dormant):
    out = io.StringIO()
    call_command("send_reconsent_mails", "--dry-run", stdout=out)
    assert "1 subscriber(s) would be asked" in out.getvalue()
    assert not mail.outbox
    out = io.StringIO()
    call_command("send_reconsent_mails", stdout=out)
    assert "1 of 1" in out.getvalue()
    assert "1 re-consent mail(s) sent" in out.getvalue()
