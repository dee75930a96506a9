"""The newsletter on my page (/konto/meg/): subscribe with the verified
address (confirmed at once, consent recorded), change the details,
unsubscribe; a child without a guardian's consent cannot subscribe."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.services import get_profile
from newsletter import my_page as newsletter_my_page
from newsletter import services
from newsletter.models import Consent, Subscriber, Suppression

from .conftest import IP, make_member, make_subscriber

pytestmark = pytest.mark.django_db

MY_PAGE = reverse("accounts:my_page")
ACTION = "/nyhetsbrev/meg/"


@pytest.fixture(autouse=True)
def _section_registered():
    """Our section, as the app's ready() registers it: a test of accounts'
    my page registers and removes a stand-in under the same key."""
    newsletter_my_page.register_sections()


@pytest.fixture
def kari(english, member):
    english.force_login(member)
    return english


def post(client, action, **data):
    data.setdefault("language", "en")
    return client.post(ACTION, {"action": action, **data}, REMOTE_ADDR=IP)


def test_the_section_offers_to_subscribe_the_verified_address(kari, policy):
    html = kari.get(MY_PAGE).content.decode()
    assert 'id="my-page-newsletter"' in html
    assert "kari@example.org" in html
    assert "privacy statement, version 3" in html
    assert 'value="subscribe"' in html


def test_subscribing_from_my_page_is_confirmed_at_once_with_a_consent(
    kari, member, policy
):
    response = post(kari, "subscribe", name="Kari N", phone="912 34 567")
    assert response.status_code == 302
    assert response["Location"] == MY_PAGE + "#my-page-newsletter"
    subscriber = Subscriber.objects.get()
    assert subscriber.email == "kari@example.org"
    assert subscriber.user == member
    assert subscriber.is_confirmed
    assert subscriber.phone == "+4791234567"
    assert subscriber.source == Subscriber.Source.MY_PAGE
    consent = Consent.objects.get()
    assert (consent.source, consent.policy_version, consent.ip_address) == (
        Consent.Source.MY_PAGE,
        policy,
        IP,
    )
    html = kari.get(MY_PAGE).content.decode()
    assert "The programme newsletter goes to kari@example.org" in html


def test_subscribing_from_my_page_lifts_an_earlier_never_again(kari, policy):
    services.suppress("kari@example.org")
    post(kari, "subscribe")
    assert Subscriber.objects.confirmed().count() == 1
    assert not Suppression.objects.exists()


def test_a_subscription_made_with_the_address_is_found_and_changed(kari, member):
    subscriber = make_subscriber(
        "kari@example.org",
        name="Kari",
        last_activity_at=timezone.now() - datetime.timedelta(days=900),
        reconsent_sent_at=timezone.now() - datetime.timedelta(days=3),
    )
    assert 'value="Kari"' in kari.get(MY_PAGE).content.decode()
    post(kari, "update", name="Kari Nordmann", phone="", language="nb")
    subscriber.refresh_from_db()
    assert (subscriber.name, subscriber.language) == ("Kari Nordmann", "nb")
    # A change on my page is a sign of life.
    assert subscriber.reconsent_sent_at is None
    assert timezone.now() - subscriber.last_activity_at < datetime.timedelta(minutes=1)


def test_a_bad_number_is_refused_with_a_message(kari, member):
    subscriber = make_subscriber("kari@example.org", phone="+4791234567")
    response = post(kari, "update", phone="not a number")
    assert response.status_code == 302
    subscriber.refresh_from_db()
    assert subscriber.phone == "+4791234567"
    html = kari.get(MY_PAGE).content.decode()
    assert "Mobile number: Enter a phone number" in html


def test_unsubscribing_from_my_page_deletes_the_subscription(kari, member, policy):
    post(kari, "subscribe")
    response = post(kari, "unsubscribe")
    assert response.status_code == 302
    assert not Subscriber.objects.exists()
    assert not Consent.objects.exists()
    assert 'value="subscribe"' in kari.get(MY_PAGE).content.decode()


def test_another_persons_subscription_is_never_shown_or_changed(kari):
    other = make_subscriber("ola@example.org", name="Ola")
    assert "ola@example.org" not in kari.get(MY_PAGE).content.decode()
    post(kari, "unsubscribe")
    assert Subscriber.objects.filter(pk=other.pk).exists()


def test_a_child_without_a_guardians_consent_cannot_subscribe(english, policy):
    child = make_member("barn@example.org")
    profile = get_profile(child)
    profile.birth_date = timezone.localdate() - datetime.timedelta(days=365 * 12)
    profile.save()
    english.force_login(child)
    html = english.get(MY_PAGE).content.decode()
    section = html.split('id="my-page-newsletter"', 1)[1]
    assert "guardian" in section
    assert 'value="subscribe"' not in section
    post(english, "subscribe")
    assert not Subscriber.objects.exists()


def test_the_actions_need_a_sign_in_and_a_post(english):
    response = english.post(ACTION, {"action": "subscribe"})
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]
    assert not Subscriber.objects.exists()


def test_the_action_needs_post(kari):
    assert kari.get(ACTION).status_code == 405
