"""A subscriber changes their own address from the manage link: a link goes
to the new address, the newsletter keeps going to the old one until it is
used, then the old address is told. Links that are forged, expired,
replaced or made for someone else change nothing."""

import datetime

import pytest
from django.core import mail, signing
from django.core.signing import b64_encode
from django.utils import timezone

from newsletter import address_changes, tokens
from newsletter.models import AddressChange, Subscriber
from privacy import retention
from privacy.models import Rectification

from .conftest import link_in, mails_to, make_subscriber, signed_days_ago

pytestmark = pytest.mark.django_db

NEW = "anne.ny@example.org"


def manage_path(subscriber):
    return f"/nyhetsbrev/abonnement/{tokens.manage_token(subscriber)}/"


def change_path(subscriber):
    return manage_path(subscriber) + "ny-adresse/"


@pytest.fixture
def ask(english, django_capture_on_commit_callbacks):
    def post(subscriber, email=NEW, *, path=None):
        with django_capture_on_commit_callbacks(execute=True):
            return english.post(path or change_path(subscriber), {"email": email})

    return post


@pytest.fixture
def confirm(english, django_capture_on_commit_callbacks):
    def post(path):
        with django_capture_on_commit_callbacks(execute=True):
            return english.post(path)

    return post


def test_the_new_address_confirms_and_then_the_old_one_is_told(
    english, subscriber, ask, confirm
):
    response = ask(subscriber)
    assert response.status_code == 302
    assert response["Location"].startswith("/nyhetsbrev/abonnement/")
    subscriber.refresh_from_db()
    assert subscriber.email == "anne@example.org"
    (message,) = mail.outbox
    assert message.to == [NEW]
    path = link_in(message, "/nyhetsbrev/ny-adresse/")
    # The manage page says a change waits; the newsletter still comes here.
    page = english.get(manage_path(subscriber)).content.decode()
    assert NEW in page and "anne@example.org" in page
    # Opening the link changes nothing; the button does.
    assert english.get(path).status_code == 200
    assert Subscriber.objects.get().email == "anne@example.org"
    response = confirm(path)
    assert response.status_code == 200
    assert NEW in response.content.decode()
    subscriber.refresh_from_db()
    assert subscriber.email == NEW
    assert not AddressChange.objects.exists()
    (told,) = mails_to("anne@example.org")
    assert "a***@example.org" in told.body and NEW not in told.body
    record = Rectification.objects.get()
    assert (record.source, record.state, record.email, record.fields) == (
        "person",
        "done",
        NEW,
        "email",
    )
    # The link works once.
    assert confirm(path).status_code == 404


def test_asking_again_replaces_the_waiting_change_and_its_link(
    english, subscriber, ask, confirm, settings
):
    settings.NEWSLETTER_MAIL_INTERVAL_MINUTES = 0
    ask(subscriber, "first@example.org")
    first = link_in(mail.outbox[-1], "/nyhetsbrev/ny-adresse/")
    ask(subscriber, "second@example.org")
    assert AddressChange.objects.get().new_email == "second@example.org"
    assert confirm(first).status_code == 404
    assert Subscriber.objects.get().email == "anne@example.org"
    states = sorted(Rectification.objects.values_list("state", flat=True))
    assert states == ["lapsed", "waiting"]


def test_a_stranger_with_a_manage_link_cannot_flood_an_address(subscriber, ask):
    other = make_subscriber("ola@example.org")
    ask(subscriber, "target@example.org")
    ask(other, "target@example.org")
    ask(subscriber, "target@example.org")
    assert len(mails_to("target@example.org")) == 1


def test_an_expired_link_says_so_and_changes_nothing(subscriber, confirm):
    with signed_days_ago(8):
        change = address_changes.request_change(subscriber, NEW)
        path = f"/nyhetsbrev/ny-adresse/{tokens.address_token(change)}/"
    response = confirm(path)
    assert response.status_code == 410
    assert Subscriber.objects.get().email == "anne@example.org"


@pytest.mark.parametrize(
    "mangle",
    [
        lambda token: token[:-1] + ("A" if token[-1] != "A" else "B"),
        lambda token: "x" * 2000,
        # A genuine manage token is not an address token.
        lambda token: None,
    ],
)
def test_a_forged_confirmation_link_gets_a_clear_400(subscriber, confirm, mangle, ask):
    ask(subscriber)
    change = AddressChange.objects.get()
    token = mangle(tokens.address_token(change)) or tokens.manage_token(subscriber)
    response = confirm(f"/nyhetsbrev/ny-adresse/{token}/")
    assert response.status_code == 400
    assert Subscriber.objects.get().email == "anne@example.org"


def test_a_link_naming_another_change_by_id_is_refused(subscriber, ask, confirm):
    """A signed value for change 1 with the digest of another address (what
    someone who knows the format but not the key would try) is refused by
    the signature; one signed with the key but naming another address does
    not match the change."""
    ask(subscriber)
    change = AddressChange.objects.get()
    forged = signing.dumps(
        [change.pk, b64_encode(b"0" * 16).decode()],
        salt=tokens.ADDRESS_SALT,
        compress=False,
    )
    assert confirm(f"/nyhetsbrev/ny-adresse/{forged}/").status_code == 404
    assert Subscriber.objects.get().email == "anne@example.org"


def test_another_subscribers_manage_link_changes_only_that_subscription(
    subscriber, ask
):
    other = make_subscriber("ola@example.org")
    ask(other, "ola.ny@example.org")
    (change,) = AddressChange.objects.all()
    assert change.subscriber == other
    # A manage link for an address that has since changed works no more.
    path = change_path(subscriber)
    Subscriber.objects.filter(pk=subscriber.pk).update(email="anne2@example.org")
    response = ask(subscriber, path=path)
    assert response.status_code == 404
    assert AddressChange.objects.count() == 1


def test_an_address_already_subscribed_is_refused_on_confirmation(
    subscriber, ask, confirm
):
    ask(subscriber, "ola@example.org")
    path = link_in(mail.outbox[-1], "/nyhetsbrev/ny-adresse/")
    make_subscriber("ola@example.org")
    response = confirm(path)
    assert response.status_code == 409
    assert Subscriber.objects.get(pk=subscriber.pk).email == "anne@example.org"
    assert Rectification.objects.get().state == "lapsed"


@pytest.mark.parametrize(
    "email", ["", "not an address", "a" * 300 + "@example.org", "anne@example.org"]
)
def test_bad_addresses_are_refused_with_a_message(english, subscriber, ask, email):
    response = ask(subscriber, email)
    assert response.status_code == 400
    assert 'role="alert"' in response.content.decode()
    assert not AddressChange.objects.exists()
    assert not mail.outbox


def test_an_unconfirmed_change_lapses_with_the_retention_purge(subscriber, ask):
    ask(subscriber)
    AddressChange.objects.update(
        requested_at=timezone.now() - datetime.timedelta(days=8)
    )
    retention.purge(now=timezone.now())
    assert not AddressChange.objects.exists()
    assert Rectification.objects.get().state == "lapsed"
    assert Subscriber.objects.get().email == "anne@example.org"
