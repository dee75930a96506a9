"""An issue reaches every confirmed subscriber of its language exactly
once: in batches, however often a batch runs or however two workers race,
after a crash in the middle, and with refusals retried; every mail carries
the list headers and a visible unsubscribe link."""

import datetime
import io

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.core.management import CommandError, call_command
from django.db.models import Count
from django.utils import timezone, translation

from newsletter import sending, tasks
from newsletter.models import Delivery, Issue
from privacy import retention

from ..dying_mail import DyingBackend, WorkerKilled
from .mailing_fixtures import (
    FlakyBackend,
    later,
    mails_per_address,
    make_issue,
    make_subscriber,
    send_all,
    start,
)

pytestmark = pytest.mark.django_db

Status = Delivery.Status
NORWEGIAN = {f"leser{i}@example.org": 1 for i in range(6)}


def statuses():
    return dict(
        Delivery.objects.values_list("status").annotate(n=Count("pk")).order_by()
    )


def test_starting_lists_one_delivery_per_confirmed_subscriber_of_its_language(
    sending_issue,
):
    addresses = set(
        Delivery.objects.filter(issue=sending_issue).values_list(
            "subscriber__email", flat=True
        )
    )
    assert addresses == set(NORWEGIAN)
    assert sending_issue.status == Issue.Status.SENDING
    assert sending_issue.recipient_count == 6


def test_an_issue_for_every_language_goes_to_english_readers_too(readers):
    issue = start(make_issue(all_languages=True))
    assert issue.recipient_count == 8


def test_listing_the_recipients_twice_adds_nobody_twice(sending_issue, readers):
    sending.queue("mail", sending_issue.pk, enqueue=False)
    sending.queue("mail", sending_issue.pk, enqueue=False)
    assert Delivery.objects.filter(issue=sending_issue).count() == 6


def test_it_is_sent_in_batches_of_the_batch_size(sending_issue, settings):
    settings.NEWSLETTER_BATCH_SIZE = 4
    assert [
        last - first for first, last in sending.batch_ranges("mail", sending_issue.pk)
    ] == [3, 1]
    sent = [
        sending.send_batch("mail", sending_issue.pk, first, last)
        for first, last in list(sending.batch_ranges("mail", sending_issue.pk))
    ]
    assert sent == [4, 2]
    assert mails_per_address() == NORWEGIAN


def test_sending_through_the_tasks_reaches_everyone_and_finishes(
    issue, readers, settings, django_capture_on_commit_callbacks
):
    settings.NEWSLETTER_BATCH_SIZE = 2
    with django_capture_on_commit_callbacks(execute=True):
        sending.start_issue(issue)
    issue.refresh_from_db()
    assert mails_per_address() == NORWEGIAN
    assert issue.status == Issue.Status.SENT
    assert (issue.sent_count, issue.failed_count) == (6, 0)
    assert issue.finished_at is not None


def test_a_batch_run_twice_mails_nobody_twice(sending_issue):
    send_all(sending_issue)
    send_all(sending_issue)
    sending.resume(now=later(hours=2))
    assert mails_per_address() == NORWEGIAN


class RacingBackend(EmailBackend):
    """While this worker hands over its third mail, a second worker runs
    the same batch from start to end."""

    def __init__(self, *args, issue, **kwargs):
        super().__init__(*args, **kwargs)
        self.issue = issue
        self.count = 0

    def send_messages(self, messages):
        self.count += 1
        if self.count == 3:
            send_all(self.issue)  # the other worker, on its own connection
        return super().send_messages(messages)


def test_two_workers_on_the_same_batch_mail_nobody_twice(sending_issue):
    send_all(sending_issue, connection=RacingBackend(issue=sending_issue))
    assert mails_per_address() == NORWEGIAN
    assert statuses() == {Status.SENT: 6}


def test_the_connection_dropping_mid_batch_resumes_without_duplicates(
    sending_issue, settings
):
    settings.NEWSLETTER_RETRY_SECONDS = 60
    backend = FlakyBackend(drop_at={3})
    send_all(sending_issue, connection=backend)
    # The third was refused by the dropped connection; the batch reconnected
    # and went on.
    assert len(mail.outbox) == 5
    assert backend.reconnects == 2
    failed = Delivery.objects.get(status=Status.FAILED)
    assert failed.retry
    assert failed.next_attempt_at > timezone.now()
    assert "SMTPServerDisconnected" in failed.error

    sending.resume()  # before the backoff: nothing yet
    assert len(mail.outbox) == 5
    sending.resume(now=later(minutes=2))  # after: sent through the tasks
    assert mails_per_address() == NORWEGIAN
    assert Issue.objects.get(pk=sending_issue.pk).status == Issue.Status.SENT


def test_a_mail_server_that_stays_down_stops_the_batch_and_keeps_the_rest(
    sending_issue,
):
    backend = FlakyBackend(drop_at={1, 2, 3, 4, 5, 6})
    send_all(sending_issue, connection=backend)
    # Three connection failures in a row: the batch stops; the others wait.
    assert statuses() == {Status.FAILED: 3, Status.QUEUED: 3}
    assert not mail.outbox


def test_a_worker_killed_after_claiming_resumes_where_it_stopped(sending_issue):
    with pytest.raises(WorkerKilled):
        send_all(sending_issue, connection=DyingBackend(die_at=3))
    assert len(mail.outbox) == 2
    assert statuses() == {Status.SENT: 2, Status.SENDING: 1, Status.QUEUED: 3}

    # While the dead worker's claim is recent, nothing is resent.
    sending.resume()
    assert len(mail.outbox) == 2
    # Later the rest go; the claimed one is given up as "may have arrived".
    sending.resume(now=later(hours=1))
    assert len(mail.outbox) == 5
    interrupted = Delivery.objects.get(status=Status.FAILED)
    assert not interrupted.retry
    assert "may have arrived" in interrupted.error
    sending.resume(now=later(days=2))
    assert len(mail.outbox) == 5
    issue = Issue.objects.get(pk=sending_issue.pk)
    assert issue.status == Issue.Status.SENT
    assert (issue.sent_count, issue.failed_count) == (5, 1)

    # An editor's retry sends it.
    sending.retry_failed(issue)
    sending.enqueue_batches("mail", issue.pk)
    assert mails_per_address() == NORWEGIAN
    assert statuses() == {Status.SENT: 6}


def test_a_worker_killed_after_handing_over_never_sends_that_mail_twice(
    sending_issue,
):
    with pytest.raises(WorkerKilled):
        send_all(sending_issue, connection=DyingBackend(die_at=2, after=True))
    sending.resume(now=later(hours=1))
    sending.resume(now=later(days=2))
    assert mails_per_address() == NORWEGIAN


def test_a_refused_address_is_retried_with_backoff_until_the_last_attempt(
    sending_issue, settings
):
    settings.NEWSLETTER_RETRY_SECONDS = 60
    settings.NEWSLETTER_MAX_ATTEMPTS = 2
    refusing = FlakyBackend(refuse={"leser1@example.org": 451})
    send_all(sending_issue, connection=refusing)
    failed = Delivery.objects.get(subscriber__email="leser1@example.org")
    assert (failed.status, failed.retry, failed.attempts) == (Status.FAILED, True, 1)
    wait = failed.next_attempt_at - timezone.now()
    assert datetime.timedelta(seconds=50) < wait <= datetime.timedelta(minutes=1)

    # Too early for the retry: the resume leaves it.
    sending.resume()
    assert Delivery.objects.get(pk=failed.pk).status == Status.FAILED

    # The second attempt (queued as the resume does) is refused again: that
    # was the last.
    Delivery.objects.filter(pk=failed.pk).update(status=Status.QUEUED)
    send_all(sending_issue, connection=refusing)
    failed.refresh_from_db()
    assert (failed.status, failed.retry, failed.attempts) == (Status.FAILED, False, 2)
    assert Issue.objects.get(pk=sending_issue.pk).status == Issue.Status.SENT
    assert "leser1@example.org" not in mails_per_address()


def test_a_refusal_is_retried_by_the_resume_task_after_its_backoff(
    sending_issue, settings
):
    settings.NEWSLETTER_RETRY_SECONDS = 60
    send_all(sending_issue, connection=FlakyBackend(refuse={"leser1@example.org": 451}))
    sending.resume(now=later(minutes=2))
    assert mails_per_address() == NORWEGIAN
    assert Delivery.objects.get(subscriber__email="leser1@example.org").attempts == 2


def test_a_permanent_refusal_is_not_retried(sending_issue):
    send_all(sending_issue, connection=FlakyBackend(refuse={"leser2@example.org": 550}))
    failed = Delivery.objects.get(subscriber__email="leser2@example.org")
    assert (failed.status, failed.retry) == (Status.FAILED, False)
    assert "550" in failed.error


def test_progress_counts_sent_failed_and_left(sending_issue):
    first, last = next(sending.batch_ranges("mail", sending_issue.pk, size=3))
    sending.send_batch(
        "mail",
        sending_issue.pk,
        first,
        last,
        connection=FlakyBackend(refuse={"leser0@example.org": 550}),
    )
    progress = sending.progress(sending_issue)
    assert (progress.sent, progress.failed, progress.left) == (2, 1, 3)
    assert (progress.total, progress.percent) == (6, 50)


def test_a_subscriber_who_leaves_mid_send_is_not_mailed_and_leaves_no_row(
    sending_issue,
):
    leaving = Delivery.objects.filter(issue=sending_issue).first().subscriber
    leaving.delete()
    send_all(sending_issue)
    assert leaving.email not in mails_per_address()
    assert Delivery.objects.filter(issue=sending_issue).count() == 5


def test_every_mail_has_the_list_headers_a_visible_link_and_both_parts(
    sending_issue,
):
    send_all(sending_issue)
    assert len(mail.outbox) == 6
    for message in mail.outbox:
        unsubscribe = message.extra_headers["List-Unsubscribe"]
        assert unsubscribe.startswith("<http://testserver/nyhetsbrev/avmeld/")
        assert message.extra_headers["List-Unsubscribe-Post"] == (
            "List-Unsubscribe=One-Click"
        )
        assert "List-Id" in message.extra_headers
        link = unsubscribe.strip("<>")
        assert link in message.body
        html, mimetype = message.alternatives[0]
        assert mimetype == "text/html"
        assert f'href="{link}"' in html
        assert "/nyhetsbrev/abonnement/" in html
        assert message.subject == "Programmet for mai"
    # Each subscriber gets their own link.
    links = {message.extra_headers["List-Unsubscribe"] for message in mail.outbox}
    assert len(links) == 6


def test_the_content_is_frozen_when_sending_starts(sending_issue):
    Issue.objects.filter(pk=sending_issue.pk).update(subject="Endret")
    sending_issue.body = [("heading", "Endret innhold")]
    Issue.objects.filter(pk=sending_issue.pk).update(body=sending_issue.body)
    send_all(sending_issue)
    html = mail.outbox[0].alternatives[0][0]
    assert "Velkommen til mai" in html
    assert "Endret innhold" not in html


def test_an_issue_is_started_once_however_often_it_is_asked(sending_issue):
    with pytest.raises(sending.CannotSend):
        sending.start_issue(sending_issue)


def test_an_issue_without_content_cannot_be_sent(readers):
    issue = make_issue(body=[])
    with pytest.raises(sending.CannotSend):
        sending.start_issue(issue)
    assert Issue.objects.get(pk=issue.pk).status == Issue.Status.DRAFT


def test_a_scheduled_issue_goes_when_due_and_not_before(
    issue, readers, django_capture_on_commit_callbacks
):
    when = later(hours=2)
    sending.schedule_issue(issue, when)
    with django_capture_on_commit_callbacks(execute=True):
        assert sending.send_scheduled_issues(now=later(hours=1)) == 0
    assert not mail.outbox
    assert Issue.objects.get(pk=issue.pk).status == Issue.Status.SCHEDULED

    with django_capture_on_commit_callbacks(execute=True):
        assert sending.send_scheduled_issues(now=when) == 1
    assert mails_per_address() == NORWEGIAN
    with django_capture_on_commit_callbacks(execute=True):
        assert sending.send_scheduled_issues(now=later(hours=3)) == 0
    assert mails_per_address() == NORWEGIAN


def test_the_scheduler_task_is_periodic(settings):
    paths = [path for path, _interval in settings.PERIODIC_TASKS]
    assert "newsletter.tasks.send_scheduled_issues_task" in paths
    assert "newsletter.tasks.resume_sending_task" in paths


def test_a_time_in_the_past_cannot_be_scheduled(issue):
    with pytest.raises(sending.CannotSend):
        sending.schedule_issue(issue, timezone.now() - datetime.timedelta(minutes=1))


def test_unscheduling_makes_it_a_draft_again(issue):
    sending.schedule_issue(issue, later(days=1))
    sending.unschedule_issue(issue)
    issue.refresh_from_db()
    assert (issue.status, issue.scheduled_at) == (Issue.Status.DRAFT, None)
    assert sending.send_scheduled_issues(now=later(days=2)) == 0


def test_resume_lists_the_recipients_when_that_task_was_lost(issue, readers):
    sending.start_issue(issue)  # its queue task never ran
    sending.resume(now=later(minutes=1))
    assert Delivery.objects.filter(issue=issue).count() == 0  # may still come
    sending.resume(now=later(hours=1))
    assert mails_per_address() == NORWEGIAN


def test_counts_stay_after_the_delivery_records_are_purged(sending_issue):
    send_all(sending_issue)
    rule = next(r for r in retention.rules() if r.key == "newsletter.deliveries")
    rule.purge(later(days=400))
    assert not Delivery.objects.exists()
    progress = sending.progress(Issue.objects.get(pk=sending_issue.pk))
    assert (progress.sent, progress.failed) == (6, 0)


def test_an_issue_to_nobody_is_sent_at_once(issue):
    make_subscriber("english@example.net", language="en")
    issue = start(issue)
    assert issue.status == Issue.Status.SENT
    assert issue.recipient_count == 0


def test_the_command_sends_with_progress_and_can_be_run_again(issue, readers, settings):
    settings.NEWSLETTER_BATCH_SIZE = 4
    out = io.StringIO()
    call_command("send_issue", str(issue.pk), "--dry-run", stdout=out)
    assert "would go to 6" in out.getvalue()
    assert not mail.outbox

    out = io.StringIO()
    call_command("send_issue", str(issue.pk), stdout=out)
    assert "4 of 6" in out.getvalue() and "6 of 6" in out.getvalue()
    assert "6 sent, 0 failed" in out.getvalue()
    call_command("send_issue", str(issue.pk), stdout=io.StringIO())
    call_command("send_issue", "--resume", stdout=io.StringIO())
    assert mails_per_address() == NORWEGIAN


def test_the_command_explains_bad_input(issue):
    with pytest.raises(CommandError, match="No newsletter issue with id 999"):
        call_command("send_issue", "999")
    empty = make_issue(body=[])
    with translation.override("en"), pytest.raises(CommandError, match="no content"):
        call_command("send_issue", str(empty.pk))


def test_the_periodic_tasks_start_due_issues_and_resume(
    issue, readers, django_capture_on_commit_callbacks
):
    sending.schedule_issue(issue, later(minutes=1))
    Issue.objects.filter(pk=issue.pk).update(scheduled_at=later(minutes=-1))
    with django_capture_on_commit_callbacks(execute=True):
        result = tasks.send_scheduled_issues_task.enqueue()
    assert result.return_value == 1
    assert mails_per_address() == NORWEGIAN
    result = tasks.resume_sending_task.enqueue()
    assert result.return_value["batches"] == 0
    assert mails_per_address() == NORWEGIAN
