"""The registry's contract: subjects, erasure in one transaction, the
preview, registration."""

import os

import pytest
from django.apps import apps

from accounts.models import User
from privacy import registry, services
from privacy.models import DataExport
from privacy.registry import Erasure, PersonalData, Subject

from ..bench.seeding import can_seed
from .conftest import PersonNames

pytestmark = pytest.mark.django_db


class ExplodingKind(PersonalData):
    """Test-only kind whose erasure fails, after the others have run."""

    key = "tests.exploding"
    label = purpose = legal_basis = retention = "Testing."
    erase_order = 200

    def rows(self, subject):
        return []

    def export_row(self, row):
        return row

    def erase(self, subject, **options):
        raise RuntimeError("Disk on fire")


def test_subject_addresses_are_stripped_and_lower_cased():
    subject = Subject(emails=frozenset({"  Kari@Example.ORG "}))
    assert subject.emails == {"kari@example.org"}


def test_subject_matches_email_ignoring_case(user):
    subject = Subject.for_email("KARI@example.Org")
    assert list(User.objects.filter(subject.email_q("email"))) == [user]


def test_subject_without_addresses_matches_nothing(user):
    assert not User.objects.filter(Subject().email_q("email")).exists()


def test_subject_for_email_has_no_account(user):
    subject = Subject.for_email("kari@example.org")
    assert subject.user is None
    assert subject.describe() == {"user_id": None, "emails": ["kari@example.org"]}


@pytest.mark.skipif(
    not apps.is_installed("allauth.account"), reason="allauth is not installed"
)
def test_subject_for_user_adds_verified_addresses_only(user):
    from allauth.account.models import EmailAddress

    EmailAddress.objects.create(user=user, email="Kari@Work.example", verified=True)
    EmailAddress.objects.create(user=user, email="unproved@example.org", verified=False)
    subject = Subject.for_user(user)
    assert subject.user == user
    assert subject.emails == {"kari@example.org", "kari@work.example"}


def test_erase_subject_is_atomic_when_a_kind_fails(test_kinds, user):
    registry.register(ExplodingKind)
    DataExport.objects.create(user=user)
    with pytest.raises(RuntimeError):
        services.erase_subject(Subject.for_user(user))
    user.refresh_from_db()
    assert user.first_name == "Kari"
    assert DataExport.objects.filter(user=user).exists()


def test_erase_subject_reports_each_kind(test_kinds, user):
    DataExport.objects.create(user=user)
    DataExport.objects.create(email="kari@example.org")
    results = services.erase_subject(Subject.for_user(user))
    assert results == {
        "privacy.exports": Erasure(deleted=2),
        "tests.names": Erasure(anonymised=1),
    }
    user.refresh_from_db()
    assert (user.first_name, user.last_name) == ("", "")
    assert not DataExport.objects.exists()


def test_erase_runs_the_account_kind_after_the_others(test_kinds):
    keys = [kind.key for kind in registry.erase_sequence()]
    assert keys == ["privacy.exports", "tests.names"]


def test_erasure_preview_counts_rows_per_kind(test_kinds, user, other_user):
    DataExport.objects.create(user=user)
    DataExport.objects.create(user=user)
    DataExport.objects.create(user=other_user)
    preview = {
        kind.key: count
        for kind, count in services.erasure_preview(Subject.for_user(user))
    }
    assert preview == {"privacy.exports": 2, "tests.names": 1}


def test_unregister_removes_a_kind_and_ignores_unknown_keys(test_kinds):
    registry.unregister("tests.names")
    registry.unregister("no.such.kind")
    assert [kind.key for kind in registry.kinds()] == ["privacy.exports"]


def test_a_kind_without_a_key_is_refused():
    class Nameless(PersonalData):
        pass

    with pytest.raises(ValueError):
        registry.register(Nameless)


def test_only_kinds_with_a_seeder_can_be_seeded(test_kinds):
    assert can_seed(registry.get("privacy.exports"))
    assert not can_seed(PersonNames())


def test_exports_kind_exports_and_erases_its_rows_and_files(
    test_kinds, user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        export = services.request_export(Subject.for_user(user))
    export.refresh_from_db()
    path = export.file.path
    kind = registry.get("privacy.exports")
    (row,) = kind.export(Subject.for_user(user))
    assert row["id"] == str(export.pk)
    assert row["status"] == "ready"
    with django_capture_on_commit_callbacks(execute=True):
        erasure = kind.erase(Subject.for_user(user))
    assert erasure == Erasure(deleted=1)
    assert not DataExport.objects.exists()
    assert not os.path.exists(path)
