"""What the sending side records about a person (which newsletters and SMS
went to them) is in the personal-data registry: found by address and by
account, exported, erased with the person, and gone at once when they
unsubscribe."""

import pytest

from newsletter import sending
from newsletter.models import Delivery, SmsDelivery
from privacy import registry, retention
from privacy.registry import Subject

from ..factories import UserFactory
from .mailing_fixtures import (
    later,
    make_issue,
    make_subscriber,
    send_all,
    start,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def history(announcement):
    """Kari (with an account) and Ola, each sent one issue and one SMS."""
    kari_user = UserFactory(email="kari@example.org")
    kari = make_subscriber("kari@example.org", phone="+4790000001", user=kari_user)
    ola = make_subscriber("ola@example.org", phone="+4790000002")
    issue = start(make_issue(subject="Mai"))
    send_all(issue)
    sending.start_sms(announcement)
    sending.queue("sms", announcement.pk, enqueue=False)
    send_all(announcement, "sms")
    return kari_user, kari, ola


def test_newsletters_sent_are_exported_and_erased(history):
    user, kari, ola = history
    kind = registry.get("newsletter.deliveries")
    for subject in (Subject.for_email("KARI@example.org"), Subject(user=user)):
        (row,) = kind.export(subject)
        assert row["issue"] == "Mai"
        assert row["status"] == "sent"
        assert row["sent_at"]
    kind.erase(Subject.for_email("kari@example.org"))
    assert list(Delivery.objects.values_list("subscriber", flat=True)) == [ola.pk]


def test_sms_sent_are_exported_and_erased(history, announcement):
    user, kari, ola = history
    kind = registry.get("newsletter.sms_deliveries")
    (row,) = kind.export(Subject(user=user))
    assert row["message"] == announcement.message
    assert row["status"] == "sent"
    kind.erase(Subject(user=user))
    assert list(SmsDelivery.objects.values_list("subscriber", flat=True)) == [ola.pk]


def test_a_subject_without_account_or_address_finds_nothing(history):
    for key in ("newsletter.deliveries", "newsletter.sms_deliveries"):
        assert list(registry.get(key).export(Subject())) == []


def test_unsubscribing_takes_the_records_along(history):
    _user, kari, _ola = history
    kari.delete()
    assert not Delivery.objects.filter(subscriber_id=kari.pk).exists()
    assert not SmsDelivery.objects.filter(subscriber_id=kari.pk).exists()


def test_the_records_are_purged_after_a_year(history):
    rule = next(r for r in retention.rules() if r.key == "newsletter.deliveries")
    assert rule.days == 365
    assert rule.purge(later(days=300)) == 0
    assert rule.purge(later(days=400)) == 4
    assert not Delivery.objects.exists() and not SmsDelivery.objects.exists()
