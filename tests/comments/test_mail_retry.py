"""A commenter without an account gets their receipt (or confirmation link)
even when the mail server refused it when the comment came: the comment
remembers the mail it is owed, and the periodic retry sends it once the
server takes mail again, once."""

import datetime
import smtplib

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.utils import timezone

from comments import services
from comments.models import Comment

pytestmark = pytest.mark.django_db


class DownBackend(EmailBackend):
    """A mail server that refuses every connection."""

    def send_messages(self, messages):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")


@pytest.fixture
def smtp_down(settings):
    settings.EMAIL_BACKEND = "tests.comments.test_mail_retry.DownBackend"


def later(minutes=6):
    return timezone.now() + datetime.timedelta(minutes=minutes)


def test_a_receipt_refused_by_the_mail_server_is_sent_when_it_is_back(
    post, event, smtp_down, settings, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = post(event)
    assert response.status_code == 302
    comment = Comment.objects.get()
    assert mail.outbox == []
    assert comment.message_due == "receipt"

    # Still down at the first retry: still owed.
    assert services.send_pending_author_mails(now=later()) == 0
    assert Comment.objects.get().message_due == "receipt"

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert services.send_pending_author_mails(now=later()) == 1
    (message,) = mail.outbox
    assert message.to == ["kari@example.org"]
    assert "/kommentarer/slett/" in message.body
    assert Comment.objects.get().message_due == ""
    # Nothing twice.
    assert services.send_pending_author_mails(now=later(30)) == 0
    assert len(mail.outbox) == 1


def test_a_confirmation_link_refused_is_sent_again(
    post, event, smtp_down, settings, django_capture_on_commit_callbacks
):
    settings.COMMENTS_CONFIRM_EMAIL = True
    with django_capture_on_commit_callbacks(execute=True):
        post(event)
    comment = Comment.objects.get()
    assert (comment.status, comment.message_due) == (
        Comment.Status.UNCONFIRMED,
        "confirm",
    )
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert services.send_pending_author_mails(now=later()) == 1
    assert "/kommentarer/bekreft/" in mail.outbox[0].body


def test_a_receipt_that_went_at_once_is_not_sent_again(
    post, event, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        post(event)
    assert len(mail.outbox) == 1
    assert Comment.objects.get().message_due == ""
    assert services.send_pending_author_mails(now=later()) == 0
    assert len(mail.outbox) == 1


def test_the_retry_leaves_a_fresh_comment_to_its_own_task(
    post, event, smtp_down, settings, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        post(event)
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert services.send_pending_author_mails() == 0
    assert mail.outbox == []


def test_spam_removed_and_expired_comments_are_owed_nothing(
    post, event, akismet_says, smtp_down, settings, django_capture_on_commit_callbacks
):
    akismet_says("spam")
    with django_capture_on_commit_callbacks(execute=True):
        post(event, comment="Kjøp billige klokker")
    assert Comment.objects.get().message_due == ""

    akismet_says("ham")
    with django_capture_on_commit_callbacks(execute=True):
        post(event, comment="Fjernet", ip="203.0.113.6")
        post(event, comment="Gammel", ip="203.0.113.7")
    Comment.objects.filter(comment="Fjernet").update(is_removed=True)
    Comment.objects.filter(comment="Gammel").update(
        submit_date=timezone.now() - datetime.timedelta(days=8)
    )
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert services.send_pending_author_mails(now=later()) == 0
    assert mail.outbox == []
    assert set(Comment.objects.values_list("message_due", flat=True)) == {""}


def test_members_are_owed_no_mail(
    member_client, post, event, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        post(event, client=member_client)
    assert Comment.objects.get().message_due == ""


def test_the_retry_runs_every_quarter_of_an_hour(settings):
    scheduled = dict(settings.PERIODIC_TASKS)
    assert scheduled["comments.tasks.send_pending_author_mails_task"] == 15 * 60
