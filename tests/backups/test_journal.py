"""The erasure journal: what an erasure or a retention purge appends holds
keyed hashes, never the identifiers, and a copy lives beside the backups."""

import datetime
import json

import pytest
from django.utils import timezone

from newsletter.models import Subscriber
from privacy import journal, retention
from privacy import services as privacy_services
from privacy.models import ErasureJournalEntry
from privacy.registry import Subject

from ..factories import UserFactory

pytestmark = pytest.mark.django_db


def test_an_erasure_appends_hashes_of_every_identifier_and_never_the_identifiers(
    backup_dirs, django_capture_on_commit_callbacks
):
    user = UserFactory(email="Kari.Nordmann@example.org")
    Subscriber.objects.create(
        email="kari.old@example.org", name="Kari", phone="+4791234567", user=user
    )
    with django_capture_on_commit_callbacks(execute=True):
        privacy_services.erase_subject(Subject.for_user(user), comments="delete")

    entry = ErasureJournalEntry.objects.get()
    stored = json.dumps(journal.entry_to_dict(entry)).lower()
    for identifier in ("kari.nordmann@example.org", "kari.old", "91234567"):
        assert identifier not in stored
    for kind, value in [
        ("user", user.pk),
        ("email", "kari.nordmann@example.org"),
        ("email", "kari.old@example.org"),
        ("phone", "+47 912 34 567"),
    ]:
        assert journal.digest(kind, value) in entry.hashes
    assert entry.options == {"comments": "delete"}
    assert "accounts.user" in entry.kinds
    # The copy beside the backups, written once the erasure committed.
    copy = (backup_dirs / "erasure-journal.jsonl").read_text()
    assert str(entry.id) in copy


def test_the_hashes_mean_nothing_without_the_key(settings):
    one = journal.digest("email", "kari@example.org")
    settings.ERASURE_JOURNAL_KEY = "another key"
    assert journal.digest("email", "kari@example.org") != one


def test_an_erasure_without_the_journal_key_fails_and_erases_nothing(settings):
    user = UserFactory(email="kari@example.org")
    settings.ERASURE_JOURNAL_KEY = ""
    with pytest.raises(journal.JournalKeyMissing):
        privacy_services.erase_subject(Subject.for_user(user))
    assert type(user).objects.filter(pk=user.pk).exists()


def test_a_retention_purge_that_deletes_people_appends_to_the_journal():
    old = timezone.now() - datetime.timedelta(days=30)
    Subscriber.objects.create(email="never.confirmed@example.org", created_at=old)

    results = retention.purge(keys={"newsletter.unconfirmed"})

    assert results["newsletter.unconfirmed"].affected == 1
    entry = ErasureJournalEntry.objects.get()
    assert (entry.source, entry.scope) == ("retention", "newsletter.unconfirmed")
    assert journal.digest("email", "never.confirmed@example.org") in entry.hashes
