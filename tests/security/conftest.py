import io

import pytest
from django.core.management import call_command
from django.db import transaction

# Upcoming events in the demo content here: every page type, quickly.
DEMO_EVENTS = 2


@pytest.fixture(scope="module")
def demo_content(django_db_setup, django_db_blocker):
    """The demo site, built once for a test module inside a transaction that
    is rolled back after it; each test runs in a savepoint of its own."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            call_command("seed_demo", events=DEMO_EVENTS, stdout=io.StringIO())
            yield
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture
def demo(demo_content, db):
    """The demo content, for one test."""
