"""The throwaway database the benchmark scripts run on: Django set up with
the test settings, and a test database of the benchmark's own (a file for
SQLite, ``bench_<name>_<pid>`` on PostgreSQL, never the suite's)."""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SITE_SQLITE_OPTIONS = {
    "timeout": 20,
    "transaction_mode": "IMMEDIATE",
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
}


def setup_django(database_url, tmp, name, *, site_sqlite_options=True):
    """Set Django up on ``database_url`` (a SQLite file in ``tmp`` when
    empty) and return the connection. ``site_sqlite_options`` runs SQLite as
    the site does (venue/settings/base.py): WAL, NORMAL sync."""
    os.environ["DJANGO_SETTINGS_MODULE"] = "venue.settings.test"
    os.environ["DATABASE_URL"] = database_url or f"sqlite:///{tmp / 'bench.sqlite3'}"
    if str(ROOT) not in sys.path:
        # Run as a script, Python puts tests/bench on the path, not the project.
        sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.db import connection

    test_settings = connection.settings_dict.setdefault("TEST", {})
    if connection.vendor == "sqlite":
        # A file, not the test runner's in-memory database: closer to a site.
        test_settings["NAME"] = str(tmp / "bench-test.sqlite3")
        if site_sqlite_options:
            connection.settings_dict.setdefault("OPTIONS", {}).update(
                SITE_SQLITE_OPTIONS
            )
    else:
        test_settings["NAME"] = f"bench_{name}_{os.getpid()}"
    return connection
