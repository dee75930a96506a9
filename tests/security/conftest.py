import pytest
from django.db import transaction


@pytest.fixture(scope="module")
def demo_content(seeded_demo, django_db_blocker):
    """The demo site (seeded once, tests/conftest.py), put back for a test
    module inside a transaction that is rolled back after it; each test
    runs in a savepoint of its own."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            seeded_demo.restore()
            yield
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture
def demo(demo_content, db):
    """The demo content, for one test."""
