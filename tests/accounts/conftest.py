"""Fixtures for the account tests: people with a verified address, signing
in through allauth's form as a browser would."""

import re
import time

import pytest
from django.urls import reverse

from accounts.services import SIGNED_IN_AT_KEY

from ..factories import make_member

PASSWORD = "correct horse battery"
PROFILE_FIELDS = (
    "first_name",
    "last_name",
    "street_address",
    "postal_code",
    "city",
    "phone",
    "birth_date",
    "guardian_name",
    "guardian_email",
)
BROWSER = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"


@pytest.fixture(autouse=True)
def export_dir(settings, tmp_path):
    """Exports are written to a folder of the test's own."""
    settings.PRIVACY_EXPORT_STORAGE_DIR = tmp_path / "exports"
    return settings.PRIVACY_EXPORT_STORAGE_DIR


@pytest.fixture
def other_member(db):
    return make_member("ola@example.org", first_name="Ola", last_name="Hansen")


def sign_in(client, email, password=PASSWORD, *, remember=False, ip="198.51.100.7"):
    """Post allauth's login form; return the response (not followed)."""
    data = {"login": email, "password": password}
    if remember:
        data["remember"] = "on"
    return client.post(
        reverse("account_login"),
        data,
        REMOTE_ADDR=ip,
        HTTP_USER_AGENT=BROWSER,
    )


@pytest.fixture
def member_client(client, member):
    """A browser where Kari has just signed in with her password."""
    response = sign_in(client, member.email)
    assert response.status_code == 302, response.content.decode()[:2000]
    return client


def sign_in_long_ago(client, seconds=11 * 60):
    """Pretend the password was last given ``seconds`` ago (the
    reauthentication timeout is ten minutes)."""
    session = client.session
    session[SIGNED_IN_AT_KEY] = time.time() - seconds
    session.save()


def link_in(message, prefix):
    """The path of the first link in a mail that starts with ``prefix``."""
    match = re.search(
        r"https?://[^/\s]+(" + re.escape(prefix) + r"[^\s]*)", message.body
    )
    assert match, message.body
    return match.group(1)


def profile_form(**values):
    """The profile form as a browser sends it: the marker and every field,
    empty unless given."""
    return {"profile_form": "1", **dict.fromkeys(PROFILE_FIELDS, ""), **values}
