"""What the migrations created (content types, permissions, the root
collection, locales, the site with its root and home page), serialized when
the test database was built, and put back after a test that committed has
emptied the tables."""

from django.db import connections


def restore_migrated_data():
    for connection in connections.all():
        contents = getattr(connection, "_test_serialized_contents", None)
        if contents:
            connection.creation.deserialize_db_from_string(contents)
