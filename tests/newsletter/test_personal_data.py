"""The subscriber side's personal data in the registry: subscriptions and
consents found by account and by verified address, exported as plain
dicts, and deleted by erasure; suppression hashes are declared not
personal; confirmed subscribers are a source for privacy notices."""

import json

import pytest

from newsletter import services
from newsletter.models import Consent, Subscriber, Suppression
from privacy import notices, registry
from privacy import services as privacy_services
from privacy.registry import Subject

from .conftest import IP, make_member, make_subscriber

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(policy):
    """Kari subscribed with her account's address; Ola (no account) by
    address; Per never confirmed."""
    kari = make_member("kari@example.org")
    kari_sub = make_subscriber("kari@example.org", name="Kari", user=kari)
    ola_sub = make_subscriber("ola@example.org", name="Ola", phone="+4791234567")
    per_sub = make_subscriber("per@example.org", confirmed=False)
    for subscriber in (kari_sub, ola_sub, per_sub):
        services.record_consent(
            subscriber,
            source=Consent.Source.FORM,
            ip_address=IP,
            policy_version=policy,
        )
    return kari, kari_sub, ola_sub, per_sub


def test_a_subscription_is_exported_by_account_and_by_address(people):
    kari, _kari_sub, _ola, _per = people
    rows = list(registry.get("newsletter.subscriptions").export(Subject.for_user(kari)))
    assert [row["email"] for row in rows] == ["kari@example.org"]
    assert rows[0]["name"] == "Kari"
    json.dumps(rows)  # plain JSON types

    rows = list(
        registry.get("newsletter.subscriptions").export(
            Subject.for_email("OLA@example.org")
        )
    )
    assert rows[0]["phone"] == "+4791234567"
    assert rows[0]["confirmed_at"]


def test_consents_are_exported_with_version_text_and_address(people, policy):
    _kari, _kari_sub, ola_sub, _per = people
    (row,) = registry.get("newsletter.consents").export(
        Subject.for_email("ola@example.org")
    )
    assert row["policy_version"] == 3
    assert row["ip_address"] == IP
    assert row["text"] == Consent.objects.get(subscriber=ola_sub).text
    json.dumps(row)


def test_erasure_deletes_the_subscription_and_its_consents(people):
    kari, _kari_sub, _ola, _per = people
    results = privacy_services.erase_subject(Subject.for_user(kari))
    assert results["newsletter.subscriptions"].deleted == 1
    assert results["newsletter.consents"].deleted == 1
    assert not Subscriber.objects.filter(email="kari@example.org").exists()
    assert set(Subscriber.objects.values_list("email", flat=True)) == {
        "ola@example.org",
        "per@example.org",
    }
    assert Consent.objects.count() == 2
    assert not Suppression.objects.exists()


def test_erasure_by_address_deletes_a_subscriber_without_an_account(people):
    privacy_services.erase_subject(Subject.for_email("ola@example.org"))
    assert not Subscriber.objects.filter(email="ola@example.org").exists()


def test_deleting_an_account_takes_its_subscription(people):
    kari, kari_sub, _ola, _per = people
    Subscriber.objects.filter(pk=kari_sub.pk).update(email="old@example.org")
    kari.delete()
    assert not Subscriber.objects.filter(pk=kari_sub.pk).exists()


def test_suppression_hashes_are_declared_not_personal_with_a_reason():
    declared = registry.not_personal_fields()
    assert str(declared[(Suppression, "email_hash")]).strip()


def test_confirmed_subscribers_are_an_optional_notice_source(people):
    kari, _kari_sub, _ola, _per = people
    source = next(
        source
        for source in notices.sources(include_optional=True)
        if source.key == "newsletter.subscribers"
    )
    assert source.optional
    assert source not in notices.sources(include_optional=False)
    recipients = {recipient.email: recipient for recipient in source.recipients()}
    assert set(recipients) == {"kari@example.org", "ola@example.org"}
    assert recipients["kari@example.org"].user_id == kari.pk
    assert recipients["ola@example.org"].language == "en"
