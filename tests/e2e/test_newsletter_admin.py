"""The sending side of the newsletter in a real browser, under the admin's
Content-Security-Policy: the SMS form counts the characters left as the
editor types (static/js/newsletter-sms-counter.js), and the sending screen
of an issue follows its progress by itself and shows the result when it is
done (static/js/newsletter-progress.js). No inline script is needed."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect
from wagtail.users.models import UserProfile

from newsletter import sending
from newsletter.models import Issue, SmsAnnouncement
from newsletter.sms.gsm import gsm_length

from ..factories import UserFactory
from ..newsletter.mailing_fixtures import make_issue, send_all

EMAIL = "utsending@example.org"
PASSWORD = "Nyhetsbrev 2025!"


def sign_in(page, base_url):
    user = UserFactory(email=EMAIL, is_staff=True, is_superuser=True)
    user.set_password(PASSWORD)
    user.save()
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"
    profile.save()
    page.goto(base_url + "/admin/login/")
    page.locator("#id_username").fill(EMAIL)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("form button[type=submit]").click()
    page.wait_for_url(base_url + "/admin/")


@pytest.mark.submits("wagtailsnippets_newsletter_smsannouncement:add")
def test_the_sms_form_counts_the_characters_left_as_you_type(demo_site, page):
    sign_in(page, demo_site)
    violations = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text)
            if "Content Security Policy" in message.text
            else None
        ),
    )
    page.goto(demo_site + "/admin/snippets/newsletter/smsannouncement/add/")
    box = page.locator("textarea[name=text]")
    counter = page.locator("[data-sms-count]")
    stop = sending.stop_text("nb")

    box.fill("Konsert i kveld")
    left = 160 - gsm_length("Konsert i kveld " + stop)
    expect(counter).to_contain_text(f"{left} of 160 characters left.")
    expect(counter).to_contain_text(stop)
    expect(box).to_have_attribute("aria-invalid", "false")

    box.fill("Pris 200 € " + "x" * 140)
    over = gsm_length("Pris 200 € " + "x" * 140 + " " + stop) - 160
    expect(counter).to_contain_text(f"{over} character(s) too many.")
    expect(box).to_have_attribute("aria-invalid", "true")

    box.fill("Konsert “i kveld”")
    expect(counter).to_contain_text("Cannot be sent in an SMS: “ ”")

    box.fill("Konsert i kveld kl. 20.")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(lambda url: not url.endswith("/add/"))
    assert SmsAnnouncement.objects.filter(text="Konsert i kveld kl. 20.").exists()
    assert violations == []


def test_the_sending_screen_follows_the_progress_by_itself(demo_site, page):
    sign_in(page, demo_site)
    # Being sent, its deliveries listed, no worker at it yet (on_commit
    # would run the immediate task backend at once here).
    issue = make_issue(subject="Vinterprogrammet")
    Issue.objects.filter(pk=issue.pk).update(
        status=Issue.Status.SENDING, started_at=timezone.now()
    )
    sending.queue("mail", issue.pk, enqueue=False)
    issue.refresh_from_db()
    assert issue.recipient_count > 0
    page.goto(demo_site + f"/admin/snippets/newsletter/issue/sending/{issue.pk}/")
    left = page.locator('[data-progress-field="left"]')
    expect(left).to_have_text(str(issue.recipient_count))

    send_all(issue)  # a worker sends everything meanwhile

    expect(page.locator('[data-progress-field="sent"]')).to_have_text(
        str(issue.recipient_count), timeout=15_000
    )
    expect(left).to_have_text("0")
    # Finished: the page reloaded with the final state.
    expect(page.locator('[data-progress-field="status_text"]')).to_contain_text(
        "Sent", timeout=15_000
    )
    assert Issue.objects.get(pk=issue.pk).status == Issue.Status.SENT


@pytest.fixture(autouse=True)
def _no_sms_left():
    from newsletter import sms

    sms.outbox.clear()
    yield
    sms.outbox.clear()
