"""The real ``akismet.SyncClient`` against a stand-in for Akismet's API on
127.0.0.1: verdicts, reports, an invalid key, a server error and a server
that never answers. Whatever happens, the comment is stored and the visitor
gets a page, never a 500."""

import functools
import time

import pytest
from django.utils import translation

from comments import services, spam
from comments.conf import conf
from comments.models import Comment

from .akismet_server import LocalTransport, running
from .conftest import make_comment

pytestmark = pytest.mark.django_db


@pytest.fixture
def akismet_server(settings, monkeypatch):
    """Start a stand-in in ``mode`` and point the real client at it."""
    settings.COMMENTS_AKISMET_API_KEY = "local-key"
    settings.COMMENTS_AKISMET_CLIENT_CLASS = "akismet.SyncClient"
    stack = []

    def start(mode):
        context = running(mode)
        server = context.__enter__()
        stack.append(context)
        monkeypatch.setattr(
            spam,
            "http_client",
            functools.partial(spam.http_client, transport=LocalTransport(server.port)),
        )
        return server

    yield start
    for context in stack:
        context.__exit__(None, None, None)


@pytest.mark.parametrize(
    ("mode", "verdict", "status"),
    [
        ("ham", Comment.Verdict.HAM, Comment.Status.PENDING),
        ("spam", Comment.Verdict.SPAM, Comment.Status.SPAM),
        ("discard", Comment.Verdict.DISCARD, Comment.Status.SPAM),
    ],
)
def test_the_real_client_reads_the_verdicts(
    post, event, akismet_server, mode, verdict, status
):
    server = akismet_server(mode)
    response = post(event)
    assert response.status_code == 302
    comment = Comment.objects.get()
    assert (comment.spam_verdict, comment.status) == (verdict, status)
    ((path, form),) = server.requests
    assert path == "/1.1/comment-check"
    assert form["api_key"] == "local-key"
    assert form["blog"] == "http://testserver"
    assert form["user_ip"] == "203.0.113.5"
    assert form["comment_content"] == "Gleder meg til konserten!"
    assert form["is_test"] == "true"


def test_an_invalid_key_leaves_the_comment_waiting_for_six_hours(
    post, client, event, akismet_server
):
    akismet_server("invalid")
    response = post(event)
    assert response.status_code == 302
    comment = Comment.objects.get()
    assert comment.status == Comment.Status.PENDING
    assert comment.spam_check_error == spam.KEY_INVALID
    assert (
        5.9 * 3600 < (comment.spam_check_due_at - comment.submit_date).total_seconds()
    )
    assert "awaits moderation" in client.get(response["Location"]).content.decode()
    with translation.override("en"):
        assert services.akismet_problem() == spam.KEY_INVALID


def test_a_server_error_leaves_the_comment_waiting(post, client, event, akismet_server):
    akismet_server("error")
    response = post(event)
    assert response.status_code == 302
    comment = Comment.objects.get()
    assert comment.status == Comment.Status.PENDING
    assert comment.spam_verdict == Comment.Verdict.UNCHECKED
    assert "500" in comment.spam_check_error
    assert client.get(response["Location"]).status_code == 200


def test_the_default_timeout_is_three_seconds_at_most():
    assert float(conf.AKISMET_TIMEOUT) <= 3
    assert spam.http_client().timeout.read <= 3


def test_a_server_that_never_answers_costs_the_visitor_the_timeout_only(
    post, event, akismet_server
):
    akismet_server("hang")
    started = time.monotonic()
    response = post(event)
    elapsed = time.monotonic() - started
    assert response.status_code == 302
    assert elapsed < 3 + 1.5
    comment = Comment.objects.get()
    assert comment.status == Comment.Status.PENDING
    assert "timed out" in comment.spam_check_error


def test_the_recheck_reaches_the_server_once_it_is_back(event, akismet_server):
    comment = make_comment(
        event, status=Comment.Status.PENDING, spam_verdict=Comment.Verdict.UNCHECKED
    )
    akismet_server("error")
    assert services.recheck_comments() == 0
    server = akismet_server("ham")
    Comment.objects.filter(pk=comment.pk).update(spam_check_due_at=None)
    assert services.recheck_comments() == 1
    assert server.requests[0][1]["recheck_reason"] == "recheck_queue"


@pytest.mark.parametrize(
    ("as_spam", "path"), [(True, "submit-spam"), (False, "submit-ham")]
)
def test_reports_reach_submit_spam_and_submit_ham(event, akismet_server, as_spam, path):
    server = akismet_server("ham")
    comment = make_comment(event)
    assert spam.report(comment, as_spam=as_spam) is True
    ((requested, form),) = server.requests
    assert requested == f"/1.1/{path}"
    assert form["comment_content"] == comment.comment


def test_a_report_to_a_failing_server_says_so(event, akismet_server):
    akismet_server("error")
    assert spam.report(make_comment(event), as_spam=True) is False
