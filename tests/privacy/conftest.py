"""Fixtures for the privacy tests: a private export folder per test, and a
registry holding only the privacy app's kinds plus small test-only kinds, so
these tests do not depend on other apps' declarations."""

import contextlib
import re
import time

import pytest
from django.core import signing
from django.db.models import Q

from accounts.models import User
from privacy import registry
from privacy.personal_data import DataExports
from privacy.registry import Erasure, PersonalData

from ..factories import UserFactory


class PersonNames(PersonalData):
    """Test-only kind: the name and address on a user row, found by account
    or by address; erasing blanks the name."""

    key = "tests.names"
    label = "Names"
    purpose = "Testing."
    legal_basis = "Testing."
    retention = "Testing."
    fields = {User: ["first_name", "last_name"]}
    erase_order = 100

    def rows(self, subject):
        query = subject.email_q("email")
        if subject.user_id is not None:
            query |= Q(pk=subject.user_id)
        return User.objects.filter(query).order_by("pk")

    def export_row(self, row):
        return {
            "email": row.email,
            "first_name": row.first_name,
            "last_name": row.last_name,
            "date_joined": row.date_joined.isoformat(),
        }

    def erase(self, subject, **options):
        # Anonymise rather than delete: deleting users would reach other
        # apps' tables, which these tests stay out of.
        count = self.rows(subject).update(first_name="", last_name="")
        return Erasure(anonymised=count)


@pytest.fixture(autouse=True)
def export_dir(settings, tmp_path):
    settings.PRIVACY_EXPORT_STORAGE_DIR = tmp_path / "exports"
    return settings.PRIVACY_EXPORT_STORAGE_DIR


@pytest.fixture
def only_kinds(monkeypatch):
    """Replace the registry's contents with the given kind classes for one
    test; they are unregistered, and the real registry restored, after."""
    registered = []

    def install(*kind_classes):
        monkeypatch.setattr(registry, "_kinds", {})
        for kind_class in kind_classes:
            registry.register(kind_class)
            registered.append(kind_class.key)

    yield install
    for key in registered:
        registry.unregister(key)


@pytest.fixture
def test_kinds(only_kinds):
    only_kinds(DataExports, PersonNames)


@pytest.fixture
def user(db):
    return UserFactory(
        email="kari@example.org", first_name="Kari", last_name="Nordmann"
    )


@pytest.fixture
def other_user(db):
    return UserFactory(email="ola@example.org", first_name="Ola")


@contextlib.contextmanager
def signed_at(seconds_ago):
    """Sign tokens as if it were ``seconds_ago`` seconds ago."""
    original = signing.TimestampSigner.timestamp
    signing.TimestampSigner.timestamp = lambda self: signing.b62_encode(
        int(time.time() - seconds_ago)
    )
    try:
        yield
    finally:
        signing.TimestampSigner.timestamp = original


def link_in(message, prefix):
    """The path of the first link in a mail that starts with ``prefix``."""
    match = re.search(r"https?://[^/\s]+(" + re.escape(prefix) + r"\S+)", message.body)
    assert match, message.body
    return match.group(1)


@pytest.fixture
def policy_page(home_page, venue):
    """The privacy statement at /personvern/, published once (version 1)."""
    from privacy.models import PrivacyPolicyPage

    page = PrivacyPolicyPage(
        title="Personvern",
        slug="personvern",
        introduction="Slik tar vi vare på opplysningene dine.",
        body=[
            ("paragraph", "<p>Vi lagrer navn og e-post for billettkjøp.</p>"),
            ("what_we_store", None),
            ("cookie_declaration", None),
            ("processors", None),
        ],
        change_summary="Første versjon.",
    )
    home_page.add_child(instance=page)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def publish(page, *, summary, body=None, material=False, subscribers=False, day=None):
    """Publish ``page`` again as an editor would, with the change fields."""
    page = page.specific_class.objects.get(pk=page.pk)
    if body is not None:
        page.body = body
    page.change_summary = summary
    page.material_change = material
    page.notify_subscribers = subscribers
    page.effective_from = day
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def verified(user, *, primary=True):
    """Give ``user`` a verified allauth address (their account address)."""
    from allauth.account.models import EmailAddress

    EmailAddress.objects.update_or_create(
        user=user,
        email=user.email,
        defaults={"verified": True, "primary": primary},
    )
    return user
