"""Fixtures for the backup tests: backups, private files and media in
folders of the test's own, and a way to empty the database as a fresh one
would be."""

import pytest
from django.db import connection

from backups import services

from ..migrated_data import restore_migrated_data


@pytest.fixture(autouse=True)
def backup_dirs(settings, tmp_path):
    """Each test has its own backups' storage, export folder, media and
    maintenance flag."""
    settings.STORAGES = {
        **settings.STORAGES,
        "backups": {
            "BACKEND": "privacy.storage.PrivateFileStorage",
            "OPTIONS": {"location": str(tmp_path / "backups")},
        },
    }
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.BACKUP_MAINTENANCE_FILE = str(tmp_path / "maintenance")
    settings.PRIVACY_EXPORT_STORAGE_DIR = tmp_path / "exports"
    return tmp_path / "backups"


@pytest.fixture(scope="module")
def migrated_data_restored(django_db_setup, django_db_blocker):
    """Tests that restore commit, and end with the tables emptied: put back
    what the migrations created after the last one, for later tests."""
    yield
    with django_db_blocker.unblock():
        restore_migrated_data()


def archives(folder):
    return sorted(
        path.name for path in folder.glob("*") if services.archive_time(path.name)
    )


def empty_database():
    """Drop every table, as on a machine with a fresh, empty database."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("DROP SCHEMA public CASCADE")
            cursor.execute("CREATE SCHEMA public")
            return
        cursor.execute("PRAGMA foreign_keys = OFF")
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"DROP TABLE IF EXISTS {connection.ops.quote_name(table)}")  # noqa: S608
        cursor.execute("PRAGMA foreign_keys = ON")
    assert services.database.is_empty()
