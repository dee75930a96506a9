"""The newsletter's forms in a real browser: a visitor signs up on the
sign-up page with a name and a mobile number, confirms from the mail,
changes the details on "manage my subscription" and leaves from there; a
long-silent subscriber keeps the newsletter from the re-consent mail; a
member subscribes, changes and unsubscribes on my page."""

from urllib.parse import urlsplit

import pytest
from django.core import mail
from playwright.sync_api import expect

from newsletter import links
from newsletter.models import Subscriber

from .sessions import member, sign_in
from .test_accessibility import switch_to_english
from .test_newsletter import link_in


def local(url):
    """The path (and query) of one of our absolute links, for the live server."""
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


@pytest.mark.submits(
    "newsletter:subscribe",
    "newsletter:confirm",
    "newsletter:manage",
    "newsletter:unsubscribe",
    "newsletter:reconsent",
)
def test_a_visitor_signs_up_confirms_changes_details_and_leaves(demo_site, page):
    mail.outbox.clear()
    switch_to_english(page, demo_site)
    page.goto(demo_site + "/nyhetsbrev/")
    form = page.locator("main form")
    form.get_by_label("Email address").fill("frida@example.org")
    form.get_by_label("Name").fill("Frida Fjord")
    form.get_by_label("Mobile number").fill("+47 912 34 567")
    form.get_by_label("I am 15 or older").check()
    form.get_by_role("button", name="Subscribe").click()
    page.wait_for_url("**/nyhetsbrev/sjekk-e-posten/")
    expect(page.locator("h1")).to_have_text("Check your mail")

    (message,) = [m for m in mail.outbox if m.to == ["frida@example.org"]]
    page.goto(demo_site + link_in(message, "/nyhetsbrev/bekreft/"))
    page.get_by_role("button", name="Confirm subscription").click()
    expect(page.locator("h1")).to_have_text("You are subscribed")
    subscriber = Subscriber.objects.get(email="frida@example.org")
    assert subscriber.confirmed_at is not None
    assert subscriber.phone

    page.goto(demo_site + local(links.manage_url(subscriber)))
    expect(page.locator("h1")).to_have_text("Your newsletter subscription")
    details = page.locator("main form")
    expect(details.get_by_label("Name")).to_have_value("Frida Fjord")
    details.get_by_label("Name").fill("Frida F. Fjord")
    details.get_by_label("Mobile number").fill("")
    details.get_by_role("button", name="Save").click()
    expect(page.locator("main")).to_contain_text("Your changes are saved.")
    subscriber.refresh_from_db()
    assert (subscriber.name, subscriber.phone) == ("Frida F. Fjord", "")

    page.get_by_role("link", name="Unsubscribe from the newsletter").click()
    expect(page.locator("h1")).to_have_text("Unsubscribe from the newsletter")
    page.get_by_role("button", name="Unsubscribe").click()
    expect(page.locator("h1")).to_have_text("You are unsubscribed")
    assert not Subscriber.objects.filter(email="frida@example.org").exists()

    # Someone who has not opened a mail for long is asked before more come.
    silent = Subscriber.objects.confirmed().first()
    page.goto(demo_site + local(links.reconsent_url(silent)))
    expect(page.locator("h1")).to_have_text("Do you still want the newsletter?")
    page.get_by_role("button", name="Keep me subscribed").click()
    expect(page.locator("h1")).to_have_text("Thank you, you stay subscribed")
    assert Subscriber.objects.get(pk=silent.pk).last_activity_at > (
        silent.last_activity_at
    )


@pytest.mark.submits("newsletter:my_subscription")
def test_a_member_subscribes_changes_and_unsubscribes_on_my_page(demo_site, page):
    switch_to_english(page, demo_site)
    user = sign_in(page.context, demo_site, member("mats@example.org"))
    page.goto(demo_site + "/konto/meg/")
    section = page.locator("section[aria-labelledby='my-page-newsletter']")
    section.get_by_label("Name").fill("Mats Medlem")
    section.get_by_role("button", name="Subscribe").click()
    expect(page.locator(".messages")).to_contain_text(
        "You are subscribed to the newsletter."
    )
    subscriber = Subscriber.objects.get(email=user.email)
    assert subscriber.is_confirmed

    section.get_by_label("Name").fill("Mats M. Medlem")
    section.get_by_role("button", name="Save newsletter details").click()
    expect(page.locator(".messages")).to_contain_text(
        "Your newsletter details are saved."
    )
    subscriber.refresh_from_db()
    assert subscriber.name == "Mats M. Medlem"

    section.get_by_role("button", name="Unsubscribe from the newsletter").click()
    expect(page.locator(".messages")).to_contain_text("You are unsubscribed")
    assert not Subscriber.objects.filter(email=user.email).exists()
