"""The sending side of the newsletter in a real browser, as an editor works
in the admin: an issue is written, tested on the editor's own address,
scheduled and taken back, sent, and the one mail the mail server refused is
sent again; an SMS announcement is corrected, sent and its refused message
retried; copies are made and deleted; and a subscriber who asked by phone
is deleted from the list.

Tasks run at once in tests, so pressing "Send now" sends everything before
the sending screen comes back, and the mail and SMS outboxes (the live
server runs in this process) show what left."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from newsletter import sms
from newsletter.models import Issue, SmsAnnouncement, Subscriber

from .refusing import (
    MAIL_BACKEND,
    SMS_BACKEND,
    RefusingMailBackend,
    RefusingSmsBackend,
    refuse_nobody,
)
from .sessions import editor, sign_in

ISSUES = "/admin/snippets/newsletter/issue/"
SMS = "/admin/snippets/newsletter/smsannouncement/"
SUBSCRIBERS = "/admin/newsletter/subscriber/"


@pytest.fixture
def refusing(settings):
    """Mail and SMS go through the refusing backends, refusing nobody yet."""
    settings.EMAIL_BACKEND = MAIL_BACKEND
    settings.SMS_BACKEND = SMS_BACKEND
    mail.outbox.clear()
    sms.outbox.clear()
    yield
    refuse_nobody()
    sms.outbox.clear()


def expect_message(page, text):
    expect(page.locator(".messages")).to_contain_text(text)


def progress(page, field):
    return page.locator(f'[data-progress-field="{field}"]')


def add_heading_block(page, text):
    """Put a heading block in an empty StreamField, through Wagtail's block
    chooser."""
    page.get_by_role("button", name="Insert a block").first.click()
    page.get_by_role("option", name="Heading").click()
    page.locator("input[name='body-0-value']").fill(text)


@pytest.mark.submits(
    "wagtailsnippets_newsletter_issue:add",
    "wagtailsnippets_newsletter_issue:edit",
    "wagtailsnippets_newsletter_issue:send_test",
    "wagtailsnippets_newsletter_issue:schedule",
    "wagtailsnippets_newsletter_issue:unschedule",
    "wagtailsnippets_newsletter_issue:send_now",
    "wagtailsnippets_newsletter_issue:retry",
    "wagtailsnippets_newsletter_issue:copy",
    "wagtailsnippets_newsletter_issue:delete",
)
def test_an_editor_writes_tests_schedules_and_sends_an_issue_and_retries_a_refusal(
    demo_site, page, refusing
):
    me = sign_in(page.context, demo_site, editor())
    readers = set(
        Subscriber.objects.confirmed()
        .filter(language="nb")
        .values_list("email", flat=True)
    )
    refused = sorted(readers)[0]

    page.goto(demo_site + ISSUES + "add/")
    page.locator("input[name=subject]").fill("Januar i kulturhuset")
    page.locator("input[name=preheader]").fill("Nyttårskonsert og vinterferie")
    add_heading_block(page, "Godt nytt år")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(f"**{ISSUES}")
    issue = Issue.objects.get(subject="Januar i kulturhuset")

    page.goto(demo_site + f"{ISSUES}edit/{issue.pk}/")
    page.locator("input[name=subject]").fill("Januar og februar i kulturhuset")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(f"**{ISSUES}")
    issue.refresh_from_db()
    assert issue.subject == "Januar og februar i kulturhuset"

    # A test to the editor's own address, and nobody else.
    page.goto(demo_site + f"{ISSUES}sending/{issue.pk}/")
    page.get_by_role("button", name=f"Send a test to myself ({me.email})").click()
    expect_message(page, f"A test was sent to {me.email}.")
    (test_mail,) = mail.outbox
    assert test_mail.to == [me.email]
    assert "Januar og februar i kulturhuset" in test_mail.subject
    html, _type = test_mail.alternatives[0]
    assert "Godt nytt år" in html

    # Scheduled for next week, then taken back to a draft.
    when = timezone.localtime() + datetime.timedelta(days=7)
    page.get_by_label("Send at").fill(when.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_role("button", name="Schedule").click()
    expect_message(page, "Scheduled for")
    expect(progress(page, "status_text")).to_contain_text("Scheduled for")
    issue.refresh_from_db()
    assert issue.status == Issue.Status.SCHEDULED
    assert issue.scheduled_at == when.replace(second=0, microsecond=0)

    page.get_by_role("button", name="Cancel the schedule").click()
    expect_message(page, "The issue is a draft again.")
    assert Issue.objects.get(pk=issue.pk).status == Issue.Status.DRAFT

    # Sent now; the mail server refuses one reader.
    RefusingMailBackend.refused.add(refused)
    mail.outbox.clear()
    page.get_by_label(f"Yes, send it now to {len(readers)} recipients.").check()
    page.get_by_role("button", name="Send now").click()
    expect_message(page, "Sending has started.")
    expect(progress(page, "sent")).to_have_text(str(len(readers) - 1))
    expect(progress(page, "failed")).to_have_text("1")
    expect(progress(page, "status_text")).to_contain_text("Sent")
    assert {message.to[0] for message in mail.outbox} == readers - {refused}

    # The mailbox works again: the failed one is sent.
    RefusingMailBackend.refused.clear()
    page.get_by_role("button", name="Send the failed ones again").click()
    expect_message(page, "1 failed message(s) will be sent again.")
    expect(progress(page, "sent")).to_have_text(str(len(readers)))
    expect(progress(page, "failed")).to_have_text("0")
    assert [message.to for message in mail.outbox].count([refused]) == 1

    # A copy is a new draft with the same content, and can be deleted.
    page.goto(demo_site + f"{ISSUES}copy/{issue.pk}/")
    page.locator("input[name=subject]").fill("Mars i kulturhuset")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(f"**{ISSUES}")
    copy = Issue.objects.get(subject="Mars i kulturhuset")
    assert copy.status == Issue.Status.DRAFT
    assert copy.body.raw_data[0]["value"] == "Godt nytt år"

    page.goto(demo_site + f"{ISSUES}delete/{copy.pk}/")
    page.get_by_role("button", name="Yes, delete").click()
    page.wait_for_url(f"**{ISSUES}")
    assert not Issue.objects.filter(pk=copy.pk).exists()
    assert Issue.objects.filter(pk=issue.pk, status=Issue.Status.SENT).exists()


@pytest.mark.submits(
    "wagtailsnippets_newsletter_smsannouncement:edit",
    "wagtailsnippets_newsletter_smsannouncement:send_now",
    "wagtailsnippets_newsletter_smsannouncement:retry",
    "wagtailsnippets_newsletter_smsannouncement:copy",
    "wagtailsnippets_newsletter_smsannouncement:delete",
    "newsletter_subscriber_modeladmin_delete",
)
def test_an_editor_sends_an_sms_retries_a_refusal_and_deletes_a_subscriber(
    demo_site, page, refusing
):
    sign_in(page.context, demo_site, editor())
    newcomer = Subscriber.objects.create(
        email="nils.nyhet@example.org",
        name="Nils Nyhet",
        phone="+4798765432",
        language="nb",
        confirmed_at=timezone.now(),
    )
    numbers = set(
        Subscriber.objects.confirmed()
        .with_phone()
        .filter(language="nb")
        .values_list("phone", flat=True)
    )
    assert newcomer.phone in numbers and len(numbers) > 1
    announcement = SmsAnnouncement.objects.get(status=SmsAnnouncement.Status.DRAFT)

    page.goto(demo_site + f"{SMS}edit/{announcement.pk}/")
    page.locator("textarea[name=text]").fill("Ekstrakonsert fredag kl. 21 i Store sal.")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(f"**{SMS}")
    announcement.refresh_from_db()
    assert announcement.text == "Ekstrakonsert fredag kl. 21 i Store sal."

    RefusingSmsBackend.refused.add(newcomer.phone)
    page.goto(demo_site + f"{SMS}sending/{announcement.pk}/")
    page.get_by_label(f"Yes, send it now to {len(numbers)} recipients.").check()
    page.get_by_role("button", name="Send now").click()
    expect_message(page, "Sending has started.")
    expect(progress(page, "failed")).to_have_text("1")
    expect(progress(page, "sent")).to_have_text(str(len(numbers) - 1))
    assert {message.to for message in sms.outbox} == numbers - {newcomer.phone}
    assert all(
        message.body.startswith("Ekstrakonsert fredag kl. 21") for message in sms.outbox
    )

    RefusingSmsBackend.refused.clear()
    page.get_by_role("button", name="Send the failed ones again").click()
    expect_message(page, "1 failed message(s) will be sent again.")
    expect(progress(page, "failed")).to_have_text("0")
    expect(progress(page, "sent")).to_have_text(str(len(numbers)))
    assert [message.to for message in sms.outbox].count(newcomer.phone) == 1

    page.goto(demo_site + f"{SMS}copy/{announcement.pk}/")
    page.locator("textarea[name=text]").fill("Ekstrakonsert lørdag kl. 18.")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(f"**{SMS}")
    copy = SmsAnnouncement.objects.get(text="Ekstrakonsert lørdag kl. 18.")
    assert copy.status == SmsAnnouncement.Status.DRAFT

    page.goto(demo_site + f"{SMS}delete/{copy.pk}/")
    page.get_by_role("button", name="Yes, delete").click()
    page.wait_for_url(f"**{SMS}")
    assert not SmsAnnouncement.objects.filter(pk=copy.pk).exists()

    # The newcomer phones and asks to be taken off the list.
    page.goto(demo_site + SUBSCRIBERS + "?q=nils.nyhet")
    expect(page.locator("main")).to_contain_text("nils.nyhet@example.org")
    page.goto(demo_site + f"{SUBSCRIBERS}delete/{newcomer.pk}/")
    page.get_by_role("button", name="Yes, delete").click()
    page.wait_for_url(f"**{SUBSCRIBERS}")
    expect_message(page, "deleted")
    listing = page.locator("table.listing")
    expect(listing).to_contain_text("kari.nordmann@example.org")
    expect(listing).not_to_contain_text("nils.nyhet@example.org")
    assert not Subscriber.objects.filter(pk=newcomer.pk).exists()
