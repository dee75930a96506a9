"""Issue 14's acceptance test: a person with data in every kind is backed
up, deletes their account, and the backup is restored into a fresh
database. The restore erases them again, so none of their identifiers is
left; the data of other people made after the backup is reported lost, and
nothing else changes. Runs on SQLite, and on PostgreSQL when DATABASE_URL
points there (pg_dump and pg_restore from Debian's postgresql-client)."""

import io
import re

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.core.management import call_command
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from backups import services
from newsletter.models import Subscriber
from privacy import registry
from privacy import services as privacy_services
from privacy.models import ErasureJournalEntry

from ..accounts.test_erasure_leaves_nothing import (
    EMAIL,
    NEEDLES,
    dump_database,
    find,
    request_kwargs,
)
from ..accounts.test_erasure_leaves_nothing import person as person  # noqa: PLC0414 - the fixture
from ..factories import UserFactory
from .conftest import archives, empty_database

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("migrated_data_restored"),
]


def test_a_restored_backup_erases_again_whoever_was_erased_after_it(
    client, person, backup_dirs, monkeypatch
):
    erasures = {}
    erase_subject = privacy_services.erase_subject

    def erase_and_remember(subject, **options):
        results = erase_subject(subject, **options)
        erasures.update(results)
        return results

    monkeypatch.setattr(privacy_services, "erase_subject", erase_and_remember)
    ola = UserFactory(email="ola.before@example.org", first_name="Olaf")
    Subscriber.objects.create(email="siri.before@example.org", name="Siri Før")
    storages["default"].save("documents/programme.pdf", ContentFile(b"%PDF-1.4 x"))

    run = services.create_backup()
    assert archives(backup_dirs) == [run.archive]

    response = client.post(
        reverse("accounts:delete"),
        {"confirm": "on", "comments": "delete"},
        **request_kwargs(),
    )
    assert response.status_code == 302
    assert not User.objects.filter(email=EMAIL).exists()
    after_backup = UserFactory(email="per.after@example.org", first_name="Per")
    storages["default"].delete("documents/programme.pdf")

    empty_database()
    out = io.StringIO()
    call_command("restore", run.archive, stdout=out)
    output = out.getvalue()

    # The person was in the archive, and is erased again.
    assert "Erased again: the person erased" in output
    assert not User.objects.filter(email=EMAIL).exists()
    kept_tables = {
        model._meta.db_table
        for key, erasure in erasures.items()
        if erasure.kept
        for model in registry.get(key).fields
    }
    leaks = {
        label: [
            (table, row[:200])
            for table, row in find(dump_database(), needle)
            if table not in kept_tables
        ]
        for label, needle in NEEDLES.items()
    }
    assert not {label: rows for label, rows in leaks.items() if rows}
    # Made after the backup: lost, and the summary says since when.
    assert not User.objects.filter(pk=after_backup.pk).exists()
    made = timezone.localtime(services.archive_time(run.archive))
    assert re.search(rf"Lost: everything written after {made:%Y-%m-%d %H:%M}", output)
    # Everything else is as it was.
    assert User.objects.get(pk=ola.pk).first_name == "Olaf"
    assert Subscriber.objects.get(email="siri.before@example.org").name == "Siri Før"
    with storages["default"].open("documents/programme.pdf") as restored:
        assert restored.read() == b"%PDF-1.4 x"
    assert ErasureJournalEntry.objects.count() == 1
    assert client.get("/").status_code == 200


def test_a_restore_without_the_journal_key_keeps_the_site_closed_until_replayed(
    client, person, backup_dirs, settings
):
    run = services.create_backup()
    client.post(
        reverse("accounts:delete"),
        {"confirm": "on", "comments": "delete"},
        **request_kwargs(),
    )
    settings.ERASURE_JOURNAL_KEY = ""

    with pytest.raises(Exception, match="ERASURE_JOURNAL_KEY is not set") as error:
        call_command("restore", run.archive, "--force", stdout=io.StringIO())
    assert "maintenance mode" in str(error.value)
    assert User.objects.filter(email=EMAIL).exists()  # back, but not served
    response = client.get("/")
    assert response.status_code == 503
    assert EMAIL not in response.content.decode()

    settings.ERASURE_JOURNAL_KEY = "test-only-erasure-journal-key"
    out = io.StringIO()
    call_command("restore", "--replay", stdout=out)
    assert "Erased again" in out.getvalue()
    assert not User.objects.filter(email=EMAIL).exists()
    assert client.get("/").status_code == 200


def test_restoring_an_archive_of_an_older_schema_migrates_it(backup_dirs):
    UserFactory(email="kari@example.org")
    call_command("migrate", "privacy", "0003", verbosity=0)
    try:
        run = services.create_backup()
    finally:
        # Every app: migrations of other apps that depend on privacy's
        # were unapplied with it.
        call_command("migrate", verbosity=0)
    manifest = services.verify(run.archive, services.crypto.load_key(services.conf.KEY))
    assert "0004_erasurejournalentry" not in manifest["migrations"]["privacy"]

    empty_database()
    out = io.StringIO()
    call_command("restore", run.archive, stdout=out)

    assert "migrated from the archive's older schema" in out.getvalue()
    (newest,) = MigrationLoader(None).graph.leaf_nodes("privacy")
    assert services.migration_state()["privacy"][-1] == newest[1]
    assert ErasureJournalEntry.objects.count() == 0
    assert User.objects.filter(email="kari@example.org").exists()


def test_a_backup_keeps_to_the_sites_schema_and_a_restore_leaves_others_alone(
    backup_dirs,
):
    """Another schema in the same database (an administrator's reports, the
    suite's table copies) is not the site's: the archive leaves it out and a
    restore neither fails on it nor puts back an old copy of it. Before,
    the archive held every schema, and restoring it into a database that had
    the other schema failed after public had been dropped: an empty site."""
    if connection.vendor != "postgresql":
        pytest.skip("Schemas are PostgreSQL's; SQLite has one database a file.")
    ola = UserFactory(email="ola.schema@example.org", first_name="Olaf")
    with connection.cursor() as cursor:
        cursor.execute("DROP SCHEMA IF EXISTS reports CASCADE")
        cursor.execute("CREATE SCHEMA reports")
        cursor.execute("CREATE TABLE reports.visits (total integer)")
        cursor.execute("INSERT INTO reports.visits VALUES (1)")
    try:
        run = services.create_backup()
        with connection.cursor() as cursor:
            cursor.execute("UPDATE reports.visits SET total = 2")

        empty_database()
        call_command("restore", run.archive, stdout=io.StringIO())

        assert User.objects.get(pk=ola.pk).first_name == "Olaf"
        with connection.cursor() as cursor:
            cursor.execute("SELECT total FROM reports.visits")
            assert cursor.fetchall() == [(2,)]
    finally:
        with connection.cursor() as cursor:
            cursor.execute("DROP SCHEMA IF EXISTS reports CASCADE")
