"""Fixtures for the subscriber side of the newsletter: an English-speaking
browser, the privacy statement in effect, subscribers in every state, and
people with an account and a verified address."""

import contextlib
import datetime
import re

import pytest
from django.core import mail, signing
from django.utils import timezone

from privacy.models import PolicyVersion

from ..factories import SubscriberFactory, make_member  # noqa: F401 (imported from here)

SIGN_UP_URL = "/nyhetsbrev/"
IP = "198.51.100.23"


@pytest.fixture
def english(client, settings):
    """The test client, asking for English pages."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def policy(db):
    """Version 3 of the privacy statement, in effect since yesterday."""
    return PolicyVersion.objects.create(
        number=3,
        title="Personvern",
        effective_at=timezone.now() - datetime.timedelta(days=1),
        text="<p>Slik behandler vi personopplysninger.</p>",
    )


def make_subscriber(email="anne@example.org", *, confirmed=True, **fields):
    fields.setdefault("language", "en")
    if not confirmed:
        fields.setdefault("confirmed_at", None)
    return SubscriberFactory(email=email, **fields)


@pytest.fixture
def subscriber(db):
    """Anne, a confirmed subscriber who reads in English."""
    return make_subscriber(name="Anne Berg", phone="+4791234567")


@pytest.fixture
def sign_up(english, django_capture_on_commit_callbacks):
    """Post the sign-up form as a browser would (in English, from ``ip``),
    with the mails that go once the transaction commits; not followed. The
    visitor says they are 15 or older unless ``data`` answers otherwise."""

    def post(client=None, ip=IP, **data):
        if "birth_year" not in data:
            data.setdefault("age_confirmed", "on")
        with django_capture_on_commit_callbacks(execute=True):
            return (client or english).post(SIGN_UP_URL, data, REMOTE_ADDR=ip)

    return post


def link_in(message, prefix):
    """The path of the first link in a mail's text that starts with
    ``prefix``."""
    match = re.search(
        r"https?://[^/\s]+(" + re.escape(prefix) + r"[^\s]*)", message.body
    )
    assert match, message.body
    return match.group(1)


def mails_to(address):
    return [message for message in mail.outbox if address in message.to]


@contextlib.contextmanager
def signed_days_ago(days):
    """Tokens made inside are dated ``days`` ago (signing's own clock)."""
    then = int(timezone.now().timestamp()) - days * 24 * 60 * 60
    original = signing.TimestampSigner.timestamp
    signing.TimestampSigner.timestamp = lambda self: signing.b62_encode(then)
    try:
        yield
    finally:
        signing.TimestampSigner.timestamp = original


# The sending side's fixtures (issues, readers, editors, SMS announcements).
from .mailing_fixtures import *  # noqa: E402, F403
