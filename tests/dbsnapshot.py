"""Copies of the test database's tables, put back with plain SQL.

Tests that need committed data (the browser tests' live server reads the
database from its own thread) empty the tables after each test. Building
their data again for every test is what made the suite slow: the demo
programme takes seconds to seed through the ORM, and Django puts back what
the migrations created object by object. A snapshot copies every table once
(``CREATE TABLE ... AS SELECT``), and ``restore()`` empties the tables and
copies the rows back (``INSERT ... SELECT``), inside the database, in one
transaction, on SQLite and PostgreSQL alike:

- on PostgreSQL the copies live in a schema of their own in the test
  database (``snapshot_<name>``), outside the search path, so Django's flush
  and introspection never see them;
- on SQLite the copies live in an in-memory database attached to the test
  database's connection (the live server shares that connection when the
  test database is in memory).

Only the tables Django's flush empties are copied (the models' own tables),
except SQLite's full-text index of Wagtail's search: a virtual table whose
rows follow the index entries through the triggers its migration made.
Row ids are copied as they are; the sequences are never wound back (flushes
in tests keep them), so rows made after a restore get new ids, as they did
before."""

from django.db import connections, transaction

from .migrated_data import restore_migrated_data


class Snapshot:
    """The rows of every table of one database at the moment ``take()`` ran."""

    def __init__(self, name, using="default"):
        self.name = name
        self.using = using
        self.tables = []  # (table, quoted columns, rows) of the tables with rows
        self._all_tables = None

    @property
    def connection(self):
        return connections[self.using]

    @property
    def schema(self):
        return self.connection.ops.quote_name(f"snapshot_{self.name}")

    def _table_names(self):
        if self._all_tables is None:
            self._all_tables = sorted(
                self.connection.introspection.django_table_names(
                    only_existing=True, include_views=False
                )
            )
        return self._all_tables

    def _columns(self, cursor, table):
        description = self.connection.introspection.get_table_description(cursor, table)
        return ", ".join(
            self.connection.ops.quote_name(col.name) for col in description
        )

    def available(self):
        """Whether the copies are still there (a test that rebuilds the
        database, as the backup tests do, may take them away)."""
        if not self.tables:
            return False
        vendor = self.connection.vendor
        with self.connection.cursor() as cursor:
            if vendor == "postgresql":
                cursor.execute(
                    "SELECT 1 FROM pg_namespace WHERE nspname = %s",
                    [f"snapshot_{self.name}"],
                )
                return cursor.fetchone() is not None
            cursor.execute("PRAGMA database_list")
            return f"snapshot_{self.name}" in {row[1] for row in cursor.fetchall()}

    def _prepare_schema(self, cursor):
        vendor = self.connection.vendor
        if vendor == "postgresql":
            cursor.execute(f"DROP SCHEMA IF EXISTS {self.schema} CASCADE")
            cursor.execute(f"CREATE SCHEMA {self.schema}")
        elif vendor == "sqlite":
            cursor.execute("PRAGMA database_list")
            attached = {row[1] for row in cursor.fetchall()}
            if f"snapshot_{self.name}" in attached:
                cursor.execute(f"DETACH DATABASE {self.schema}")
            cursor.execute(f"ATTACH DATABASE ':memory:' AS {self.schema}")
        else:
            raise NotImplementedError(f"No snapshots on {vendor}.")

    def _virtual_tables(self, cursor):
        """SQLite's virtual tables among the models' tables: the full-text
        index of the search entries is one, and its rows follow the entries
        through triggers. Copying them as well would put each row back twice,
        under a new rowid, where a later entry's id then collides."""
        if self.connection.vendor != "sqlite":
            return set()
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' "
            "AND sql LIKE 'CREATE VIRTUAL TABLE%'"
        )
        return {name for (name,) in cursor.fetchall()}

    def take(self):
        """Copy every table as it is now (committed or not: the copies are
        made on this connection)."""
        quote = self.connection.ops.quote_name
        self.tables = []
        self._all_tables = None
        if self.connection.in_atomic_block:
            raise RuntimeError("Take snapshots outside transactions (SQLite's ATTACH).")
        with self.connection.cursor() as cursor:
            self._prepare_schema(cursor)
        with transaction.atomic(using=self.using), self.connection.cursor() as cursor:
            derived = self._virtual_tables(cursor)
            for table in self._table_names():
                if table in derived:
                    continue
                cursor.execute(f"SELECT COUNT(*) FROM {quote(table)}")
                (rows,) = cursor.fetchone()
                if not rows:
                    continue
                columns = self._columns(cursor, table)
                cursor.execute(
                    f"CREATE TABLE {self.schema}.{quote(table)} AS "
                    f"SELECT {columns} FROM {quote(table)}"
                )
                self.tables.append((table, columns, rows))
        return self

    def flush(self):
        """Empty every table that holds rows (as Django's flush, without its
        signals; on PostgreSQL a ``DELETE`` of the few tables with rows is
        much quicker than ``TRUNCATE`` of them all). Foreign keys are
        checked at the end of the transaction."""
        connection = self.connection
        quote = connection.ops.quote_name
        tables = self._table_names()
        with transaction.atomic(using=self.using), connection.cursor() as cursor:
            filled = []
            # SQLite allows 500 terms in a compound SELECT.
            for start in range(0, len(tables), 200):
                cursor.execute(
                    " UNION ALL ".join(
                        f"SELECT {index} WHERE EXISTS (SELECT 1 FROM {quote(table)})"
                        for index, table in enumerate(
                            tables[start : start + 200], start
                        )
                    )
                )
                filled.extend(index for (index,) in cursor.fetchall())
            for index in filled:
                cursor.execute(f"DELETE FROM {quote(tables[index])}")

    def restore(self):
        """Empty every table and put the copied rows back, in one
        transaction (foreign keys are checked at its end, so the order of
        the tables does not matter)."""
        connection = self.connection
        quote = connection.ops.quote_name
        with transaction.atomic(using=self.using):
            self.flush()
            with connection.cursor() as cursor:
                for table, columns, rows in self.tables:
                    cursor.execute(
                        f"INSERT INTO {quote(table)} ({columns}) "
                        f"SELECT {columns} FROM {self.schema}.{quote(table)}"
                    )
                    if cursor.rowcount not in (rows, -1):
                        raise AssertionError(
                            f"Snapshot {self.name}: {cursor.rowcount} rows of "
                            f"{table} put back, {rows} copied."
                        )

    def row_counts(self):
        """{table: rows} of the live tables, for checking a restore."""
        quote = self.connection.ops.quote_name
        counts = {}
        with self.connection.cursor() as cursor:
            for table in self._table_names():
                cursor.execute(f"SELECT COUNT(*) FROM {quote(table)}")
                (rows,) = cursor.fetchone()
                if rows:
                    counts[table] = rows
        return counts


def copy_migrated_data(connection):
    """Make serialized rollback (Django putting back what the migrations
    created, for tests that commit) a copy inside the database.

    Django keeps the migrated contents as a string of serialized objects
    and saves them one by one before each such test; right after the test
    database is built (``django_db_setup``) the tables hold exactly those
    contents, so a snapshot of them puts back the same rows. Anything else
    handed to ``deserialize_db_from_string`` goes to Django's own."""
    contents = getattr(connection, "_test_serialized_contents", None)
    if not contents:
        return None
    snapshot = Snapshot("migrated", connection.alias).take()
    deserialize = connection.creation.deserialize_db_from_string

    def deserialize_db_from_string(data):
        if data == contents and snapshot.available():
            snapshot.restore()
        else:
            deserialize(data)

    connection.creation.deserialize_db_from_string = deserialize_db_from_string
    return snapshot


def seeded_copy(name, seed):
    """``seed()`` run once on the tables as the migrations made them,
    committed, and kept as a copy of every table (a snapshot ``name``); the
    database is left as the migrations made it. Returns the copy and what
    ``seed`` returned. Call it with the database unblocked and outside any
    transaction; a test then gets the data back with ``restore()``, inside
    its own transaction or, for tests that commit, before they start."""
    snapshot = Snapshot(name)
    snapshot.flush()
    restore_migrated_data()
    result = seed()
    snapshot.take()
    snapshot.flush()
    restore_migrated_data()
    return snapshot, result
