"""While the database cannot be reached (a restart, a failover), a request
gets 503 with Retry-After and a page that says to try again, rendered
without the database; any other error is still a plain 500."""

import psycopg
import psycopg.errors
import pytest
from django.db import InterfaceError, OperationalError, connections
from django.test import Client

from home.errors import database_unavailable

pytestmark = pytest.mark.django_db


@pytest.fixture
def failing_database(monkeypatch, settings, home_page, venue):
    """Every query of the next request fails with ``error`` (raised the way
    Django raises a driver's error: wrapped, the driver's error as cause)."""
    settings.PAGE_CACHE_SECONDS = 0

    def fail_with(error, cause):
        def cursor(*args, **kwargs):
            raise error from cause

        monkeypatch.setattr(connections["default"], "cursor", cursor)

    return fail_with


def english_client():
    client = Client(raise_request_exception=False)
    client.cookies["sprak"] = "en"
    return client


def get(path="/en/"):
    return english_client().get(path)


@pytest.mark.parametrize(
    "cause",
    [
        psycopg.OperationalError(
            'connection failed: connection to server at "127.0.0.1", port 5432 '
            "failed: Connection refused"
        ),
        psycopg.errors.CannotConnectNow("the database system is shutting down"),
        psycopg.errors.AdminShutdown(
            "terminating connection due to administrator command"
        ),
    ],
    ids=["refused", "shutting down", "terminated"],
)
def test_a_page_view_while_the_database_is_away_is_a_503_to_retry(
    failing_database, cause
):
    failing_database(OperationalError(str(cause)), cause)
    response = get("/en/")
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert response["Cache-Control"] == "no-store"
    html = response.content.decode()
    assert "<h1>Back in a moment</h1>" in html
    assert "try again in 5 seconds" in html


def test_a_form_sent_while_the_database_is_away_is_told_to_send_again(
    failing_database,
):
    cause = psycopg.OperationalError("server closed the connection unexpectedly")
    failing_database(InterfaceError(str(cause)), cause)
    response = english_client().post("/nyhetsbrev/", {"email": "kari@example.org"})
    assert response.status_code == 503
    assert "it was not saved: go back and send it again" in response.content.decode()


def test_a_query_the_database_refuses_is_still_a_500(failing_database):
    cause = psycopg.errors.LockNotAvailable("canceling statement due to lock timeout")
    failing_database(OperationalError(str(cause)), cause)
    response = get("/en/")
    assert response.status_code == 500
    assert "Retry-After" not in response


def test_other_errors_are_not_taken_for_an_absent_database():
    assert not database_unavailable(ValueError("boom"))
    assert not database_unavailable(None)
    deadlock = OperationalError("deadlock detected")
    deadlock.__cause__ = psycopg.errors.DeadlockDetected("deadlock detected")
    assert not database_unavailable(deadlock)
    busy = OperationalError("database is locked")  # SQLite: try again
    assert database_unavailable(busy)
