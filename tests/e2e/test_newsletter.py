"""The newsletter in the browser: a visitor signs up from the footer box of a
cached page (static/js/forms.js fetches the form's token) and lands on
"check your mail"; confirms from the mail; leaves with the unsubscribe
link. Without JavaScript the form comes back once, filled in, and then goes
through. The pages pass axe-core's WCAG 2.1 AA checks."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from newsletter import links
from newsletter.models import Subscriber

from .test_accessibility import AXE_RUN, WCAG_TAGS, format_violations, switch_to_english


def link_in(message, prefix):
    match = re.search(
        r"https?://[^/\s]+(" + re.escape(prefix) + r"[^\s]*)", message.body
    )
    assert match, message.body
    return match.group(1)


def check_accessibility(page, axe_source):
    page.evaluate(axe_source)  # the CSP refuses add_script_tag (inline)
    results = page.evaluate(AXE_RUN, WCAG_TAGS)
    assert results["violations"] == [], format_violations(results["violations"])


@pytest.mark.submits(
    "newsletter:subscribe", "newsletter:confirm", "newsletter:unsubscribe"
)
def test_a_visitor_signs_up_from_the_footer_of_a_cached_page(demo_site, page):
    mail.outbox.clear()
    switch_to_english(page, demo_site)
    page.goto(demo_site + "/en/")
    response = page.goto(demo_site + "/en/")
    assert response.headers.get("x-page-cache") == "hit"  # no token in it
    # The cookie banner sits over the foot of the screen until answered.
    page.locator("#consent-banner button[value='necessary']").click()
    expect(page.locator("#consent-banner")).to_be_hidden()
    box = page.locator("footer .newsletter-box")
    box.get_by_label("Email address").fill("nina@example.org")
    box.get_by_label("I am 15 or older").check()
    box.get_by_role("button", name="Subscribe").click()

    page.wait_for_url("**/nyhetsbrev/sjekk-e-posten/")
    expect(page.locator("h1")).to_have_text("Check your mail")
    subscriber = Subscriber.objects.get(email="nina@example.org")
    assert subscriber.confirmed_at is None
    assert subscriber.language == "en"

    (message,) = [m for m in mail.outbox if m.to == ["nina@example.org"]]
    page.goto(demo_site + link_in(message, "/nyhetsbrev/bekreft/"))
    page.get_by_role("button", name="Confirm subscription").click()
    expect(page.locator("h1")).to_have_text("You are subscribed")
    subscriber.refresh_from_db()
    assert subscriber.confirmed_at is not None

    unsubscribe = links.unsubscribe_url(subscriber).split("/nyhetsbrev/", 1)[1]
    page.goto(demo_site + "/nyhetsbrev/" + unsubscribe)
    page.get_by_role("button", name="Unsubscribe").click()
    expect(page.locator("h1")).to_have_text("You are unsubscribed")
    assert not Subscriber.objects.filter(email="nina@example.org").exists()


@pytest.mark.submits("newsletter:subscribe")
def test_without_javascript_the_form_comes_back_once_and_then_goes_through(
    demo_site, browser
):
    context = browser.new_context(java_script_enabled=False, locale="nb-NO")
    try:
        page = context.new_page()
        switch_to_english(page, demo_site)
        page.goto(demo_site + "/nyhetsbrev/")
        form = page.locator("main form")
        form.get_by_label("Email address").fill("uten@example.org")
        form.get_by_label("Name").fill("Uten Skript")
        form.get_by_label("I am 15 or older").check()
        form.get_by_role("button", name="Subscribe").click()

        expect(page.locator("h1")).to_have_text("Please send the form again")
        expect(page.locator("main input[name=name]")).to_have_value("Uten Skript")
        page.locator("main form").get_by_role("button", name="Subscribe").click()

        page.wait_for_url("**/nyhetsbrev/sjekk-e-posten/")
        assert Subscriber.objects.filter(email="uten@example.org").exists()
    finally:
        context.close()


@pytest.mark.parametrize("language", ["nb", "en"])
def test_the_sign_up_page_has_no_wcag_violations(demo_site, page, axe_source, language):
    if language == "en":
        switch_to_english(page, demo_site)
    page.goto(demo_site + "/nyhetsbrev/")
    expect(page.locator("main form input[name=phone]")).to_be_visible()
    check_accessibility(page, axe_source)


@pytest.mark.submits("newsletter:subscribe")
def test_the_form_with_errors_has_no_wcag_violations(demo_site, page, axe_source):
    switch_to_english(page, demo_site)
    page.goto(demo_site + "/nyhetsbrev/")
    form = page.locator("main form")
    form.get_by_label("Email address").fill("nina@example.org")
    form.get_by_label("Mobile number").fill("not a number")
    form.get_by_role("button", name="Subscribe").click()
    phone = page.locator("main input[name=phone]")
    expect(phone).to_have_attribute("aria-invalid", "true")
    check_accessibility(page, axe_source)


def test_the_unsubscribe_page_has_no_wcag_violations(demo_site, page, axe_source):
    subscriber = Subscriber.objects.confirmed().first()
    path = links.unsubscribe_url(subscriber).split("/nyhetsbrev/", 1)[1]
    page.goto(demo_site + "/nyhetsbrev/" + path)
    expect(page.locator("main input[name=never_again]")).to_be_visible()
    check_accessibility(page, axe_source)
