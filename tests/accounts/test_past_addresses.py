"""Addresses used before an email change stay the person's: every address an
account has verified is kept (as the account's personal data) and finds
what was left under it, for export and for deletion."""

import json
import zipfile
from io import BytesIO

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse

from accounts import services
from accounts.models import KnownAddress, User
from newsletter.models import Subscriber
from privacy import registry
from privacy import services as privacy_services
from privacy.registry import Subject
from tickets.models import Order

from ..bench.seeding import seed
from ..factories import UserFactory
from .conftest import PASSWORD, link_in, make_member, sign_in
from .test_erasure_leaves_nothing import dump_database, find

pytestmark = pytest.mark.django_db

FIRST = "ylva.first@example.org"
SECOND = "ylva.second@example.org"
THIRD = "ylva.third@example.org"
# Kinds that find a person's rows by address, seeded under each address.
BY_ADDRESS = [
    "comments.comments",
    "accounts.form_submissions",
    "tickets.orders",
    "privacy.rights_requests",
]


def change_address(client, new, django_capture_on_commit_callbacks):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("account_email"), {"action_add": "", "email": new}
        )
    assert response.status_code == 302
    (message,) = [m for m in mail.outbox if m.to == [new]]
    client.post(link_in(message, "/konto/confirm-email/"))


@pytest.fixture
def ylva(client, home_page, django_capture_on_commit_callbacks):
    """Ylva signs up with her first address, then changes it twice; under
    each address she left a subscription, a comment, a contact-form
    message, an order and a rights request."""
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("account_signup"),
            {
                "email": FIRST,
                "password1": PASSWORD,
                "password2": PASSWORD,
                "age_confirmed": "on",
            },
        )
    client.post(link_in(mail.outbox[-1], "/konto/confirm-email/"))
    assert sign_in(client, FIRST).status_code == 302
    change_address(client, SECOND, django_capture_on_commit_callbacks)
    change_address(client, THIRD, django_capture_on_commit_callbacks)
    user = User.objects.get(email=THIRD)
    for number, address in enumerate([FIRST, SECOND, THIRD]):
        Subscriber.objects.create(
            email=address, name="Ylva Ås", phone=f"+479100000{number}"
        )
        for key in BY_ADDRESS:
            seed(registry.get(key), Subject.for_email(address), 1)
        # The seeder numbers orders from the start each time.
        Order.objects.filter(email=address).update(number=f"Y{number:07d}")
    return user


def export_of(user):
    buffer = BytesIO()
    privacy_services.export_subject(Subject.for_user(user), buffer)
    with zipfile.ZipFile(buffer) as archive:
        return json.loads(archive.read("data.json"))


def test_every_address_the_account_verified_is_kept(ylva):
    assert list(EmailAddress.objects.filter(user=ylva).values_list("email")) == [
        (THIRD,)
    ]
    known = {row.email: row for row in KnownAddress.objects.filter(user=ylva)}
    assert set(known) == {FIRST, SECOND, THIRD}
    assert known[FIRST].removed_at and known[SECOND].removed_at
    assert known[THIRD].removed_at is None
    assert all(row.verified_at for row in known.values())
    assert Subject.for_user(ylva).emails == {FIRST, SECOND, THIRD}


def test_the_export_holds_what_was_left_under_every_address(ylva):
    data = export_of(ylva)
    for key in [*BY_ADDRESS, "newsletter.subscriptions"]:
        assert len(data[key]) == 3, key
    for key in ["comments.comments", "tickets.orders", "newsletter.subscriptions"]:
        text = json.dumps(data[key])
        for address in (FIRST, SECOND, THIRD):
            assert address in text, (key, address)
    assert {row["email"] for row in data["accounts.known_addresses"]} == {
        FIRST,
        SECOND,
        THIRD,
    }


def test_deleting_the_account_erases_what_was_left_under_every_address(
    ylva, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.delete_account(ylva)
    assert not User.objects.filter(pk=ylva.pk).exists()
    assert not KnownAddress.objects.exists()
    assert not Subscriber.objects.exists()
    dump = dump_database()
    for address in (FIRST, SECOND, THIRD):
        assert find(dump, address) == [], address


def test_an_address_another_account_verified_since_is_no_longer_used(member):
    services.remember_replaced_address(member, "shared@example.org", verified=True)
    assert "shared@example.org" in Subject.for_user(member).emails
    make_member("shared@example.org")
    assert "shared@example.org" not in Subject.for_user(member).emails


def test_an_address_removed_before_it_was_verified_is_not_kept(db):
    user = UserFactory(email="owner@example.org")
    services.remember_replaced_address(user, "typo@example.org", verified=False)
    assert not KnownAddress.objects.exists()
    assert Subject.for_user(user).emails == {"owner@example.org"}
