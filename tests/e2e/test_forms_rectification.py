"""Corrections in a real browser: an editor finds a person under Privacy →
Corrections and corrects their profile, an order's buyer and their
newsletter address (which the new address's owner confirms from the
mailed link); a subscriber changes their own address from the manage
link. The public pages pass axe-core."""

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import Profile
from newsletter import links
from newsletter.models import Subscriber
from privacy.models import Rectification
from tickets.models import Order

from .sessions import editor, member, sign_in
from .test_accessibility import switch_to_english
from .test_forms_newsletter import local
from .test_newsletter import check_accessibility, link_in

CORRECTIONS = "/admin/personvern/corrections/"


@pytest.mark.submits(
    "accounts_correct_profile",
    "tickets_correct_buyer",
    "newsletter_correct_subscriber",
    "newsletter:confirm_address",
)
def test_an_editor_corrects_a_profile_an_order_and_an_address(
    demo_site, page, axe_source
):
    mail.outbox.clear()
    kari = member("kari.rett@example.org", first_name="Kari", last_name="Nordman")
    Profile.objects.create(user=kari, city="Oslo")
    Order.objects.create(
        number="R-2001",
        event_title="Vårkonsert",
        performance_start=timezone.now(),
        user=kari,
        name="Kari Nordman",
        email="kari.rett@example.org",
        quantity=1,
        total_ore=25000,
    )
    subscriber = Subscriber.objects.create(
        email="kari.rett@example.org",
        name="Kari Nordman",
        user=kari,
        confirmed_at=timezone.now(),
        language="en",
    )
    boss = editor()
    sign_in(page.context, demo_site, boss)

    def find():
        page.goto(demo_site + CORRECTIONS)
        page.get_by_label("The person's email address").fill("kari.rett@example.org")
        page.get_by_role("button", name="Find").click()
        expect(page.locator("[data-rectification-targets]")).to_be_visible()

    find()
    page.get_by_role("link", name=f"Account {kari.pk}").click()
    page.get_by_label("Last name").fill("Nordmann")
    page.get_by_label("Why").fill("Ringte: etternavnet er feilstavet.")
    page.get_by_role("button", name="Save the correction").click()
    expect(page.locator(".messages")).to_contain_text("The correction is saved.")
    kari.refresh_from_db()
    assert kari.last_name == "Nordmann"

    find()
    page.get_by_role("link", name="Order R-2001").click()
    page.get_by_label("Name").fill("Kari Nordmann")
    page.get_by_label("Why").fill("Samme feil på bestillingen.")
    page.get_by_role("button", name="Save the correction").click()
    expect(page.locator(".messages")).to_contain_text("The correction is saved.")
    assert Order.objects.get(number="R-2001").name == "Kari Nordmann"

    find()
    page.get_by_role("link", name=f"Subscriber {subscriber.pk}").click()
    page.get_by_label("Email address").fill("kari.ny@example.org")
    page.get_by_label("Why").fill("Ny adresse oppgitt på telefon.")
    page.get_by_role("button", name="Save the correction").click()
    expect(page.locator(".messages")).to_contain_text("kari.ny@example.org")
    assert Subscriber.objects.get(pk=subscriber.pk).email == "kari.rett@example.org"
    rows = page.locator("[data-rectification]")
    expect(rows).to_have_count(3)
    expect(rows.first).to_contain_text("Ny adresse oppgitt på telefon.")

    (message,) = [m for m in mail.outbox if m.to == ["kari.ny@example.org"]]
    page.context.clear_cookies()
    switch_to_english(page, demo_site)
    page.goto(demo_site + link_in(message, "/nyhetsbrev/ny-adresse/"))
    check_accessibility(page, axe_source)
    page.get_by_role("button", name="Confirm the new address").click()
    expect(page.locator("h1")).to_have_text("Your address is changed")
    assert Subscriber.objects.get(pk=subscriber.pk).email == "kari.ny@example.org"
    assert Rectification.objects.filter(state="done").count() == 3


@pytest.mark.submits("newsletter:change_address", "newsletter:confirm_address")
def test_a_subscriber_changes_their_own_address(demo_site, page, axe_source):
    mail.outbox.clear()
    subscriber = Subscriber.objects.create(
        email="frode@example.org",
        name="Frode",
        confirmed_at=timezone.now(),
        language="en",
    )
    switch_to_english(page, demo_site)
    page.goto(demo_site + local(links.manage_url(subscriber)))
    form = page.locator("form", has=page.get_by_label("New email address"))
    form.get_by_label("New email address").fill("frode.ny@example.org")
    form.get_by_role("button", name="Send a link to the new address").click()
    expect(page.locator("main")).to_contain_text("We have mailed a link")
    check_accessibility(page, axe_source)
    assert Subscriber.objects.get(pk=subscriber.pk).email == "frode@example.org"

    (message,) = [m for m in mail.outbox if m.to == ["frode.ny@example.org"]]
    page.goto(demo_site + link_in(message, "/nyhetsbrev/ny-adresse/"))
    page.get_by_role("button", name="Confirm the new address").click()
    expect(page.locator("h1")).to_have_text("Your address is changed")
    assert Subscriber.objects.get(pk=subscriber.pk).email == "frode.ny@example.org"
    told = [m for m in mail.outbox if m.to == ["frode@example.org"]]
    assert told and "f***@example.org" in told[0].body
