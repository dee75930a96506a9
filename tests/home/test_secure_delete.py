"""What is deleted from an SQLite database is gone from its file: an erased
address cannot be read back from a copy of the database or its WAL."""

from django.db.utils import ConnectionHandler

SECRET = b"kari.secure-delete-4711@example.org"


def file_database(path):
    """A connection to a new SQLite file, set up as the site's own are
    (WAL), made through Django so its connection signals run. SQLite's
    default for ``secure_delete`` is a compile-time option (Debian's build
    turns it on, python.org's and most others leave it off), so the
    connection starts with it off, as on those builds."""
    handler = ConnectionHandler(
        {
            "default": {
                "ENGINE": "django.db.backends.sqlite3",
                "NAME": str(path),
                "OPTIONS": {
                    "init_command": "PRAGMA journal_mode=WAL; PRAGMA secure_delete=OFF;"
                },
            }
        }
    )
    return handler["default"]


def test_a_deleted_value_is_not_left_in_the_sqlite_file(tmp_path, django_db_blocker):
    path = tmp_path / "erasure.sqlite3"
    connection = file_database(path)
    with django_db_blocker.unblock():
        try:
            with connection.cursor() as cursor:
                cursor.execute("CREATE TABLE person (email TEXT)")
                cursor.executemany(
                    "INSERT INTO person (email) VALUES (%s)",
                    [(SECRET.decode() + f"-{number}",) for number in range(50)],
                )
                cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
                assert SECRET in path.read_bytes()  # on disk before the delete
                cursor.execute("DELETE FROM person")
                cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            connection.close()
    leftovers = [
        file.name for file in tmp_path.iterdir() if SECRET in file.read_bytes()
    ]
    assert leftovers == []


def test_every_sqlite_connection_has_secure_delete_on(django_db_blocker, tmp_path):
    connection = file_database(tmp_path / "pragma.sqlite3")
    with django_db_blocker.unblock():
        try:
            with connection.cursor() as cursor:
                cursor.execute("PRAGMA secure_delete")
                assert cursor.fetchone()[0] == 1
        finally:
            connection.close()
