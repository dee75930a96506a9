"""Snapshots of the database and their restore, per engine: SQLite through
its online backup API, PostgreSQL through ``pg_dump`` and ``pg_restore``
(custom format). Both stream to and from a file; nothing is loaded whole."""

import os
import shutil
import sqlite3
import subprocess  # noqa: S404 - pg_dump and pg_restore, with argument lists

from django.db import connection


class DatabaseToolError(Exception):
    """A database tool failed or is missing."""


def engine() -> str:
    return connection.vendor


def member_name() -> str:
    """The archive member holding the snapshot."""
    return {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}[engine()]


def snapshot(path: str) -> None:
    """Write a consistent snapshot of the live database to ``path`` while
    the site keeps running."""
    if engine() == "sqlite":
        if connection.in_atomic_block:
            # SQLite's backup waits for the writer to finish, which would be
            # us: it would wait for ever.
            raise DatabaseToolError("A snapshot cannot be taken inside a transaction.")
        connection.ensure_connection()
        target = sqlite3.connect(path)
        try:
            # One step: a consistent read, during which writers go on in
            # the WAL (several steps would start over at each write).
            connection.connection.backup(target, pages=-1)
        finally:
            target.close()
    elif engine() == "postgresql":
        # The site's own schema, the one a restore replaces: another schema
        # in the same database (an administrator's, a test's copies) is
        # neither the site's to keep nor to bring back.
        _run_pg(
            "pg_dump",
            ["--format=custom", "--no-owner", "--schema=public", f"--file={path}"],
        )
    else:
        raise DatabaseToolError(f"Backups do not support {engine()}.")


def is_empty() -> bool:
    return not table_names()


def table_names() -> list[str]:
    with connection.cursor() as cursor:
        return connection.introspection.table_names(cursor)


def restore(path: str, *, member: str) -> None:
    """Replace the database's contents with the snapshot at ``path``."""
    if member == "database.sqlite3":
        if engine() != "sqlite":
            raise DatabaseToolError(
                "This archive holds a SQLite database; the site runs on "
                f"{engine()}. Restore it on a SQLite site."
            )
        connection.ensure_connection()
        source = sqlite3.connect(path)
        try:
            # The backup API replaces every page of the live database.
            source.backup(connection.connection, pages=-1)
        finally:
            source.close()
    elif member == "database.pgdump":
        if engine() != "postgresql":
            raise DatabaseToolError(
                "This archive holds a PostgreSQL dump; the site runs on "
                f"{engine()}. Restore it on a PostgreSQL site."
            )
        with connection.cursor() as cursor:
            cursor.execute("DROP SCHEMA IF EXISTS public CASCADE")
            cursor.execute("CREATE SCHEMA public")
        connection.close()
        # Only what lies in public, the schema just replaced: an archive made
        # before backups kept to it may hold other schemas, whose CREATE
        # would fail on a database that has them and leave the site empty.
        _run_pg(
            "pg_restore",
            [
                "--no-owner",
                "--no-privileges",
                "--exit-on-error",
                "--schema=public",
                path,
            ],
            database_flag="--dbname",
        )
    else:
        raise DatabaseToolError(f"Unknown database member {member!r}.")
    connection.close()


def _run_pg(tool: str, arguments: list[str], *, database_flag=None) -> None:
    executable = shutil.which(tool)
    if executable is None:
        raise DatabaseToolError(
            f"{tool} is not installed (Debian: apt-get install postgresql-client)."
        )
    settings = connection.settings_dict
    environment = {**os.environ}
    for variable, key in (
        ("PGHOST", "HOST"),
        ("PGPORT", "PORT"),
        ("PGUSER", "USER"),
        ("PGPASSWORD", "PASSWORD"),
    ):
        if settings.get(key):
            environment[variable] = str(settings[key])
    name = settings["NAME"]
    database = [f"{database_flag}={name}"] if database_flag else [name]
    completed = subprocess.run(  # noqa: S603 - fixed tool, argument list
        [executable, *arguments, *database],
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    if completed.returncode != 0:
        raise DatabaseToolError(f"{tool} failed: {completed.stderr.strip()[-2000:]}")
