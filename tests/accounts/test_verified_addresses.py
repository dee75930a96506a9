"""Only addresses a person has proved to control find their data: adding
someone else's address to one's account (allauth keeps it unverified) shows
nothing of theirs, on my page or anywhere the registry looks."""

import pytest
from allauth.account.models import EmailAddress
from axes.models import AccessFailureLog, AccessLog
from django.urls import reverse

from accounts.services import addresses_of, recent_failed_sign_ins, recent_sign_ins
from newsletter.models import Subscriber
from newsletter.services import subscriber_for_user
from privacy.registry import Subject, verified_owner

from ..factories import UserFactory
from .conftest import make_member, sign_in

pytestmark = pytest.mark.django_db

URL = "/konto/meg/"
VICTIM = "victim@example.org"


def log_victims_sign_ins():
    AccessLog.objects.create(
        username=VICTIM,
        ip_address="203.0.113.98",
        user_agent="Victim-Browser/1",
        http_accept="text/html",
        path_info="/konto/login/",
    )
    AccessFailureLog.objects.create(
        username=VICTIM,
        ip_address="203.0.113.99",
        user_agent="Victim-Browser/1",
        http_accept="text/html",
        path_info="/konto/login/",
    )


def test_adding_someone_elses_address_does_not_show_their_sign_ins(client, member):
    log_victims_sign_ins()
    sign_in(client, member.email)
    response = client.post(
        reverse("account_email"), {"action_add": "", "email": VICTIM}
    )
    assert response.status_code == 302
    assert EmailAddress.objects.get(email=VICTIM).verified is False

    page = client.get(URL).content.decode()
    assert "203.0.113.98" not in page
    assert "203.0.113.99" not in page
    assert "Victim-Browser" not in page
    assert recent_sign_ins(member) and all(
        entry.username == member.email for entry in recent_sign_ins(member)
    )
    assert recent_failed_sign_ins(member) == []


def test_an_unverified_address_finds_none_of_its_owners_data(member):
    EmailAddress.objects.create(user=member, email=VICTIM, verified=False)
    Subscriber.objects.create(email=VICTIM, name="Victim", phone="+4791234567")
    assert Subject.for_user(member).emails == {"kari@example.org"}
    assert addresses_of(member) == {"kari@example.org"}
    assert subscriber_for_user(member) is None


def test_an_account_whose_own_address_was_never_verified_finds_nothing_by_it(db):
    # Signed up with someone else's address, never confirmed it.
    user = UserFactory(email=VICTIM)
    EmailAddress.objects.create(user=user, email=VICTIM, verified=False, primary=True)
    log_victims_sign_ins()
    assert Subject.for_user(user).emails == frozenset()
    assert recent_sign_ins(user) == [] and recent_failed_sign_ins(user) == []
    assert verified_owner(VICTIM) is None


def test_an_account_made_by_an_editor_is_known_by_its_address(db):
    # Made in the admin or by a command: allauth has no record of the
    # address, and nobody but staff could have set it.
    editor = UserFactory(email="Editor@Example.org", is_staff=True)
    assert Subject.for_user(editor).emails == {"editor@example.org"}
    assert verified_owner("editor@example.org") == editor


def test_the_owner_of_an_address_is_the_account_that_verified_it(member):
    squatter = UserFactory(email="squatter@example.org")
    EmailAddress.objects.create(user=squatter, email="kari2@example.org")
    EmailAddress.objects.create(user=member, email="kari2@example.org", verified=True)
    assert verified_owner("KARI2@example.org") == member
    assert verified_owner("nobody@example.org") is None
    assert make_member("ola@example.org") == verified_owner("ola@example.org")
