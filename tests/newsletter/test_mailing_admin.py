"""Issues in Wagtail's admin: editors write and preview them and test them
on themselves; only those allowed to send (moderators) send or schedule
them; the list and the sending screen show state and counts in a fixed
number of queries however many mails went out."""

import re

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from newsletter import sending
from newsletter.models import Delivery, Issue

from ..factories import UserFactory
from .mailing_fixtures import (
    ISSUES_URL,
    later,
    mails_per_address,
    make_issue,
    make_subscriber,
    send_all,
    start,
)

pytestmark = pytest.mark.django_db


def sending_url(issue, action=""):
    return f"{ISSUES_URL}sending/{issue.pk}/" + (f"{action}/" if action else "")


@pytest.fixture
def as_moderator(client, moderator, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(moderator)
    return client


@pytest.fixture
def as_editor(client, editor, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(editor)
    return client


def body_form(subject="Juni i kulturhuset"):
    """The edit form of an issue as the admin posts it."""
    return {
        "subject": subject,
        "preheader": "Sommerkonserter",
        "language": "nb",
        "body-count": "1",
        "body-0-type": "heading",
        "body-0-value": "Sommer",
        "body-0-deleted": "",
        "body-0-order": "0",
        "body-0-id": "",
    }


def test_an_editor_writes_an_issue_in_the_admin(as_editor):
    response = as_editor.post(f"{ISSUES_URL}add/", body_form())
    assert response.status_code == 302
    issue = Issue.objects.get()
    assert issue.subject == "Juni i kulturhuset"
    assert issue.status == Issue.Status.DRAFT
    assert issue.body[0].value == "Sommer"


def test_the_admin_preview_renders_the_mail(as_editor, issue):
    url = f"{ISSUES_URL}preview/{issue.pk}/"
    response = as_editor.post(url, body_form())
    assert response.json()["is_valid"]
    html = as_editor.get(url).content.decode()
    assert "max-width:600px" in html and "Sommer" in html
    text = as_editor.get(url, {"mode": "text"}).content.decode()
    assert "<pre" in text and "SOMMER" in text


def test_the_test_goes_to_the_editor_only(as_editor, editor, issue, readers):
    response = as_editor.post(sending_url(issue, "test"))
    assert response.status_code == 302
    assert [message.to for message in mail.outbox] == [[editor.email]]
    message = mail.outbox[0]
    assert message.subject == "[Test] Programmet for mai"
    assert message.extra_headers["List-Unsubscribe-Post"] == (
        "List-Unsubscribe=One-Click"
    )
    issue.refresh_from_db()
    assert issue.status == Issue.Status.DRAFT
    assert not Delivery.objects.exists()


def test_editors_cannot_send_or_schedule(as_editor, issue, readers):
    assert "Send now" not in as_editor.get(sending_url(issue)).content.decode()
    for action, data in [
        ("send", {"confirm": "yes"}),
        ("schedule", {"send_at": "2031-05-01T10:00"}),
        ("unschedule", {}),
        ("retry", {}),
    ]:
        response = as_editor.post(sending_url(issue, action), data)
        # Wagtail answers a refusal in its admin with a redirect home.
        assert (response.status_code, response.url) == (302, "/admin/")
    assert Issue.objects.get(pk=issue.pk).status == Issue.Status.DRAFT
    assert not mail.outbox


def test_people_without_newsletter_rights_see_nothing(client, issue):
    client.force_login(UserFactory(email="billett@kulturhus.example"))
    for url in (ISSUES_URL, sending_url(issue), sending_url(issue, "progress")):
        assert client.get(url).status_code in (302, 403)
    assert client.post(sending_url(issue, "test")).status_code in (302, 403)
    assert not mail.outbox


def test_sending_needs_the_confirmation_box(
    as_moderator, issue, readers, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = as_moderator.post(sending_url(issue, "send"), follow=True)
    assert "Tick the box" in response.content.decode()
    assert not mail.outbox

    with django_capture_on_commit_callbacks(execute=True):
        response = as_moderator.post(
            sending_url(issue, "send"), {"confirm": "yes"}, follow=True
        )
    assert "Sending has started" in response.content.decode()
    assert len(mails_per_address()) == 6
    # A second click starts nothing.
    with django_capture_on_commit_callbacks(execute=True):
        response = as_moderator.post(
            sending_url(issue, "send"), {"confirm": "yes"}, follow=True
        )
    assert response.status_code == 200
    assert len(mail.outbox) == 6


def test_a_moderator_schedules_and_the_time_must_be_in_the_future(as_moderator, issue):
    response = as_moderator.post(
        sending_url(issue, "schedule"), {"send_at": "2001-01-01T10:00"}, follow=True
    )
    assert "Choose a time in the future" in response.content.decode()
    response = as_moderator.post(
        sending_url(issue, "schedule"), {"send_at": "tomorrow"}, follow=True
    )
    assert response.status_code == 200
    assert Issue.objects.get(pk=issue.pk).status == Issue.Status.DRAFT

    when = timezone.localtime(later(days=2)).replace(second=0, microsecond=0)
    response = as_moderator.post(
        sending_url(issue, "schedule"),
        {"send_at": when.strftime("%Y-%m-%dT%H:%M")},
        follow=True,
    )
    assert "Scheduled for" in response.content.decode()
    issue.refresh_from_db()
    assert (issue.status, issue.scheduled_at) == (Issue.Status.SCHEDULED, when)

    as_moderator.post(sending_url(issue, "unschedule"))
    assert Issue.objects.get(pk=issue.pk).status == Issue.Status.DRAFT


def test_actions_need_post(as_moderator, issue):
    for action in ("send", "test", "schedule", "unschedule", "retry"):
        assert as_moderator.get(sending_url(issue, action)).status_code == 405


def test_unknown_issues_are_404(as_moderator):
    assert as_moderator.get(f"{ISSUES_URL}sending/999/").status_code == 404
    assert as_moderator.post(f"{ISSUES_URL}sending/999/send/").status_code == 404


def test_a_sent_issue_cannot_be_edited_or_deleted_while_sending(
    as_moderator, sending_issue
):
    response = as_moderator.get(f"{ISSUES_URL}edit/{sending_issue.pk}/")
    assert response.status_code == 302
    assert response.url == sending_url(sending_issue)
    response = as_moderator.post(f"{ISSUES_URL}delete/{sending_issue.pk}/")
    assert response.status_code == 302
    assert Issue.objects.filter(pk=sending_issue.pk).exists()


def test_the_sending_screen_shows_progress_and_retries_failures(
    as_moderator, sending_issue
):
    first, last = next(sending.batch_ranges("mail", sending_issue.pk, size=4))
    sending.send_batch("mail", sending_issue.pk, first, last)
    Delivery.objects.filter(status=Delivery.Status.SENT).filter(pk=first).update(
        status=Delivery.Status.FAILED, retry=False
    )
    page = as_moderator.get(sending_url(sending_issue)).content.decode()
    assert 'data-progress-field="sent">3<' in page
    assert 'data-progress-field="failed">1<' in page
    assert 'data-progress-field="left">2<' in page
    assert "newsletter-progress.js" in page
    assert "<script>" not in page.split("newsletter-facts")[1]

    progress = as_moderator.get(sending_url(sending_issue, "progress")).json()
    assert progress | {"status_text": ""} == {
        "status": "sending",
        "status_text": "",
        "sent": 3,
        "failed": 1,
        "retrying": 0,
        "skipped": 0,
        "left": 2,
        "total": 6,
        "percent": 67,
    }

    as_moderator.post(sending_url(sending_issue, "retry"))
    assert Delivery.objects.filter(status=Delivery.Status.FAILED).count() == 0


def test_the_list_shows_state_and_counts(as_moderator, sending_issue, readers):
    send_all(sending_issue)
    make_issue(subject="Utkast til juni")
    scheduled = make_issue(subject="Planlagt")
    sending.schedule_issue(scheduled, later(days=3))
    page = as_moderator.get(ISSUES_URL).content.decode()
    assert "Utkast til juni" in page and "Draft" in page
    assert "Scheduled for" in page
    assert "Sent " in page
    row = page[page.index("Programmet for mai") :]
    row = row[: row.index("</tr>")]
    cells = [cell.strip() for cell in re.findall(r"<td >(.*?)</td>", row, re.S)]
    assert cells[-3:] == ["6", "0", "0"]  # sent, failed, left


def _queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_list_and_sending_screen_take_the_same_queries_for_any_number(
    as_moderator, readers
):
    small = start(make_issue(subject="Liten"))
    send_all(small)
    as_moderator.get(ISSUES_URL)  # warm caches (site root paths, settings)
    list_few = _queries(as_moderator, ISSUES_URL)
    screen_few = _queries(as_moderator, sending_url(small))
    progress_few = _queries(as_moderator, sending_url(small, "progress"))

    for number in range(60):
        make_subscriber(f"flere{number}@example.org")
    big = start(make_issue(subject="Stor"))
    send_all(big)
    for number in range(3):
        start(make_issue(subject=f"Flere {number}"))
    assert Delivery.objects.count() > 100
    assert _queries(as_moderator, ISSUES_URL) == list_few
    assert _queries(as_moderator, sending_url(big)) == screen_few
    assert _queries(as_moderator, sending_url(big, "progress")) == progress_few


def test_a_copy_of_a_sent_issue_is_a_new_draft(as_moderator, sending_issue):
    form = as_moderator.get(f"{ISSUES_URL}copy/{sending_issue.pk}/")
    assert 'value="Programmet for mai"' in form.content.decode()
    response = as_moderator.post(
        f"{ISSUES_URL}copy/{sending_issue.pk}/", body_form("Kopi")
    )
    assert response.status_code == 302
    copy = Issue.objects.get(subject="Kopi")
    assert (copy.status, copy.started_at, copy.body_html) == (
        Issue.Status.DRAFT,
        None,
        "",
    )
    original = Issue.objects.get(pk=sending_issue.pk)
    assert (original.subject, original.status) == (
        "Programmet for mai",
        Issue.Status.SENDING,
    )


def test_editors_and_moderators_get_the_rights_from_the_migration(editor, moderator):
    assert editor.has_perm("newsletter.change_issue")
    assert not editor.has_perm("newsletter.send_issue")
    assert moderator.has_perm("newsletter.send_issue")
    assert moderator.has_perm("newsletter.send_smsannouncement")


def test_the_history_names_who_sent_it(
    as_moderator, moderator, issue, readers, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        as_moderator.post(sending_url(issue, "send"), {"confirm": "yes"})
    page = as_moderator.get(sending_url(issue)).content.decode()
    history = page[page.index("History") :]
    assert "Sending started" in history
    assert str(moderator) in history
