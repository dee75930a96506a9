"""Akismet's verdicts and what they do, through akismet.TestSyncClient: one
call per post, what it is told, the rules, rechecks of comments it could not
check, and reports of editors' decisions."""

import datetime

import pytest
from django.utils import timezone, translation

from comments import services, spam
from comments.models import Comment

from .conftest import BROWSER, make_comment

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("verdict", "known", "status", "stored"),
    [
        ("ham", False, Comment.Status.PENDING, Comment.Verdict.HAM),
        ("ham", True, Comment.Status.PUBLISHED, Comment.Verdict.HAM),
        ("spam", False, Comment.Status.SPAM, Comment.Verdict.SPAM),
        ("spam", True, Comment.Status.SPAM, Comment.Verdict.SPAM),
        ("discard", True, Comment.Status.SPAM, Comment.Verdict.DISCARD),
    ],
)
def test_the_verdict_decides_what_becomes_of_a_comment(
    post, event, article, akismet_says, verdict, known, status, stored
):
    calls = akismet_says(verdict)
    if known:
        make_comment(article, user_email="kari@example.org")
    post(event)
    comment = Comment.objects.get(page=event)
    assert (comment.status, comment.spam_verdict) == (status, stored)
    assert comment.is_public == (status == Comment.Status.PUBLISHED)
    assert [call[0] for call in calls] == ["comment_check"]


def test_a_post_makes_exactly_one_call_with_what_akismet_asks_for(
    post, event, akismet_says
):
    calls = akismet_says("ham")
    post(event, url="https://kari.example/", comment="Hei!")
    ((name, user_ip, arguments),) = calls
    assert name == "comment_check"
    assert user_ip == "203.0.113.5"
    assert arguments["user_agent"] == BROWSER
    assert arguments["referrer"] == f"http://testserver{event.url}"
    assert arguments["permalink"] == f"http://testserver{event.url}"
    assert arguments["comment_type"] == "comment"
    assert arguments["comment_author"] == "Kari Nordmann"
    assert arguments["comment_author_email"] == "kari@example.org"
    assert arguments["comment_author_url"] == "https://kari.example/"
    assert arguments["comment_content"] == "Hei!"
    assert arguments["blog_lang"] == "en"
    assert arguments["is_test"] is True


def test_production_does_not_flag_checks_as_tests(settings, event):
    settings.COMMENTS_AKISMET_IS_TEST = None
    settings.DEBUG = False
    comment = make_comment(event)
    assert "is_test" not in spam.arguments(comment)


def test_a_reply_is_checked_as_a_reply(post, event, akismet_says):
    calls = akismet_says("ham")
    top = make_comment(event)
    post(event, reply_to=str(top.pk))
    assert calls[0][2]["comment_type"] == "reply"


def test_without_a_key_every_comment_waits_and_says_why(post, event, settings):
    settings.COMMENTS_AKISMET_API_KEY = ""
    post(event)
    comment = Comment.objects.get()
    assert comment.status == Comment.Status.PENDING
    assert comment.spam_verdict == Comment.Verdict.UNCHECKED
    assert comment.spam_check_error == spam.NOT_CONFIGURED
    with translation.override("en"):
        assert services.akismet_problem() == spam.NOT_CONFIGURED
    assert services.moderation_counts()["not_checked"] == 1


def test_a_known_address_still_waits_when_akismet_cannot_say(
    post, event, article, settings
):
    make_comment(article, user_email="kari@example.org")
    post(event)
    assert Comment.objects.get(page=event).status == Comment.Status.PENDING


def test_the_recheck_gives_a_verdict_later(event, article, akismet_says):
    make_comment(article, user_email="kari@example.org")
    waiting = make_comment(
        event,
        status=Comment.Status.PENDING,
        spam_verdict=Comment.Verdict.UNCHECKED,
        user_email="kari@example.org",
        spam_check_due_at=timezone.now() - datetime.timedelta(minutes=1),
    )
    calls = akismet_says("ham")
    assert services.recheck_comments() == 1
    waiting.refresh_from_db()
    assert waiting.spam_verdict == Comment.Verdict.HAM
    assert waiting.status == Comment.Status.PUBLISHED
    assert calls[0][2]["recheck_reason"] == "recheck_queue"


def test_the_recheck_leaves_an_editors_decision_alone(event, akismet_says):
    decided = make_comment(
        event,
        status=Comment.Status.PENDING,
        spam_verdict=Comment.Verdict.UNCHECKED,
        moderated_at=timezone.now(),
    )
    akismet_says("spam")
    services.recheck_comments()
    decided.refresh_from_db()
    assert decided.spam_verdict == Comment.Verdict.SPAM
    assert decided.status == Comment.Status.PENDING


def test_the_recheck_waits_until_the_comment_is_due(event, akismet_says):
    make_comment(
        event,
        status=Comment.Status.PENDING,
        spam_verdict=Comment.Verdict.UNCHECKED,
        spam_check_due_at=timezone.now() + datetime.timedelta(minutes=5),
    )
    calls = akismet_says("ham")
    assert services.recheck_comments() == 0
    assert calls == []


def test_the_recheck_gives_up_after_fifteen_days(event, akismet_says):
    make_comment(
        event,
        status=Comment.Status.PENDING,
        spam_verdict=Comment.Verdict.UNCHECKED,
        submit_date=timezone.now() - datetime.timedelta(days=16),
    )
    calls = akismet_says("spam")
    assert services.recheck_comments() == 0
    assert calls == []


@pytest.mark.parametrize(
    ("check", "delay"),
    [
        (spam.Check(Comment.Verdict.UNCHECKED, error="Akismet timed out."), 20 * 60),
        (
            spam.Check(
                Comment.Verdict.UNCHECKED, error=spam.KEY_INVALID, key_invalid=True
            ),
            6 * 60 * 60,
        ),
    ],
)
def test_a_failed_check_is_tried_again_after_20_minutes_or_6_hours_for_a_bad_key(
    event, check, delay
):
    comment = make_comment(event, status=Comment.Status.PENDING)
    now = timezone.now()
    services.apply_check(comment, check, now=now)
    comment.refresh_from_db()
    assert comment.spam_check_due_at == now + datetime.timedelta(seconds=delay)
    assert comment.spam_check_error == check.error
    assert comment.status == Comment.Status.PENDING


def test_marking_spam_reports_what_akismet_missed(event, akismet_says):
    missed = make_comment(event, spam_verdict=Comment.Verdict.HAM)
    caught = make_comment(
        event, spam_verdict=Comment.Verdict.SPAM, status=Comment.Status.PENDING
    )
    calls = akismet_says("ham")
    count = services.mark_spam(Comment.objects.filter(pk__in=[missed.pk, caught.pk]))
    assert count == 2
    services.report_pending()
    assert [(call[0], call[2]["comment_content"]) for call in calls] == [
        ("submit_spam", missed.comment)
    ]
    missed.refresh_from_db()
    assert missed.akismet_report == ""
    assert missed.status == Comment.Status.SPAM


def test_not_spam_reports_a_false_positive_and_waits_for_moderation(
    event, akismet_says
):
    wrong = make_comment(
        event, status=Comment.Status.SPAM, spam_verdict=Comment.Verdict.SPAM
    )
    calls = akismet_says("ham")
    services.mark_not_spam(Comment.objects.filter(pk=wrong.pk))
    services.report_pending()
    assert [call[0] for call in calls] == ["submit_ham"]
    wrong.refresh_from_db()
    assert wrong.status == Comment.Status.PENDING
    assert wrong.spam_verdict == Comment.Verdict.HAM


def test_a_failed_report_stays_for_the_retry(event, akismet_says, monkeypatch):
    comment = make_comment(event, spam_verdict=Comment.Verdict.HAM)
    akismet_says("ham")
    monkeypatch.setattr(spam, "report", lambda comment, as_spam: False)
    services.mark_spam(Comment.objects.filter(pk=comment.pk))
    assert services.report_pending() == 0
    comment.refresh_from_db()
    assert comment.akismet_report == Comment.Report.SPAM
    monkeypatch.undo()
    assert services.report_pending() == 1
    comment.refresh_from_db()
    assert comment.akismet_report == ""
