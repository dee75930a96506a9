"""The ticket shop of issue 17 in a real browser: a buyer chooses one ordinary
and one companion ticket, pays with Vipps on the Stripe stand-in's Checkout
page, and finds both tickets on my page; another visitor joins the waiting
list of a sold-out performance with a mobile number, is offered a seat
after a refund by mail and SMS, and buys it from the offer's link. The new
pages have no WCAG violations."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from events.models import EventPage, Performance
from tickets import services
from tickets.models import Order, PerformanceSales, WaitingListEntry

from .sessions import member, sign_in
from .test_accessibility import AXE_RUN, WCAG_TAGS, format_violations
from .test_tickets import open_buy_page, post_webhook, sold_here, stripe_stub

__all__ = ["stripe_stub"]  # the fixture, used by name


@pytest.fixture
def shop(settings, stripe_stub):
    """Vipps offered beside cards."""
    settings.STRIPE_PAYMENT_METHODS = "card,vipps"
    return stripe_stub


def no_violations(page, axe_source):
    page.evaluate(axe_source)  # the CSP refuses add_script_tag (inline)
    results = page.evaluate(AXE_RUN, WCAG_TAGS)
    assert results["violations"] == [], format_violations(results["violations"])


@pytest.mark.submits("tickets:buy")
def test_a_buyer_pays_an_ordinary_and_a_companion_ticket_with_vipps(
    demo_site, page, axe_source, shop
):
    buyer = sign_in(page.context, demo_site, member("siri@example.org"))
    performance = sold_here()
    EventPage.objects.filter(pk=performance.event_id).update(companion_tickets=True)
    Performance.objects.filter(pk=performance.pk).update(wheelchair_places=2)
    open_buy_page(page, demo_site, performance)
    expect(page.locator(".tickets__wheelchair legend")).to_contain_text(
        "Rullestolplasser: 2 igjen"
    )
    page.locator("#id_name").fill("Siri Ledsager")
    page.locator("input[name^='quantity_']").first.fill("1")
    page.get_by_label("Ledsagerbillett (0 NOK)").fill("1")
    # Without the card confirmed, the form says so.
    page.locator("main button[type=submit]").click()
    expect(page.locator(".form__error")).to_contain_text("ledsagerbevis")
    no_violations(page, axe_source)
    page.get_by_label("Jeg har ledsagerbevis", exact=False).check()
    page.locator("main button[type=submit]").click()

    page.wait_for_url(shop.url + "/pay/*")
    order = Order.objects.get()
    assert (order.email, order.quantity) == (buyer.email, 2)
    page.get_by_role("button", name="Pay with vipps").click()
    # Back on the order page, which reads the paid session from Stripe.
    page.wait_for_url(f"**/billetter/ordre/{order.access_key}/")
    expect(page.locator(".ticket")).to_have_count(2, timeout=15_000)
    expect(page.locator(".tickets__paid-with")).to_contain_text("Vipps")
    # Stripe's webhook then changes nothing. (It is posted once the page is
    # done: the live server shares one in-memory SQLite connection, which
    # cannot serve two requests at once.)
    session = shop.sessions[order.stripe_session_id]
    assert post_webhook(demo_site, "checkout.session.completed", session) == 200
    assert Order.objects.get().tickets.count() == 2

    page.goto(demo_site + "/konto/meg/")
    orders = page.locator("section[aria-labelledby='my-page-tickets']")
    expect(orders).to_contain_text(order.number)
    expect(orders).to_contain_text("Ledsagerbillett")
    expect(orders).to_contain_text("Betalt med Vipps")
    for ticket in Order.objects.get().tickets.all():
        expect(orders).to_contain_text(ticket.code)


def sell_out(demo_site, shop, performance):
    """Someone buys every seat left, in orders of at most ten, and then the
    wheelchair places, each order paid through the webhook; the orders."""
    sales = PerformanceSales.objects.get(pk=performance.pk)
    left = sales.left(performance.effective_capacity)
    (ordinary, *_rest) = performance.event.price_categories.order_by("sort_order")
    held = []
    while left:
        count = min(left, 10)
        held.append({"quantities": {ordinary: count}})
        left -= count
    if performance.wheelchair_places:
        held.append(
            {"quantities": {}, "wheelchair": {ordinary: performance.wheelchair_places}}
        )
    orders = []
    for places in held:
        order = services.reserve_seats(
            performance, **places, name="Kari", email="kari@example.org"
        )
        services.start_checkout(order, success_url=demo_site, cancel_url=demo_site)
        assert (
            post_webhook(
                demo_site,
                "checkout.session.completed",
                shop.pay(order.stripe_session_id),
            )
            == 200
        )
        orders.append(order)
    performance.refresh_from_db()
    assert performance.status == Performance.Status.SOLD_OUT
    return orders


@pytest.mark.submits("tickets:waiting_list", "tickets:waiting_offer")
def test_a_visitor_on_the_waiting_list_is_offered_a_seat_after_a_refund(
    demo_site, page, axe_source, shop, twilio
):
    performance = sold_here()
    orders = sell_out(demo_site, shop, performance)

    page.goto(demo_site + performance.event.url)
    page.locator(f"a[href='/billetter/venteliste/{performance.pk}/']").first.click()
    page.wait_for_url(f"**/billetter/venteliste/{performance.pk}/")
    form = page.locator("main form")
    form.get_by_label("E-postadresse").fill("vente@example.org")
    phone = form.get_by_label("Mobilnummer")
    expect(phone).to_have_attribute("autocomplete", "tel")
    phone.fill("912 34 567")
    form.get_by_label("Antall billetter du ønsker").fill("1")
    form.get_by_label("Jeg er 15 år eller eldre").check()
    form.get_by_role("button", name="Meld deg på ventelisten").click()
    expect(page.locator(".tickets__joined")).to_contain_text("Du står på ventelisten")
    expect(page.locator(".tickets__joined")).to_contain_text(
        "Vi sender deg også en SMS"
    )
    no_violations(page, axe_source)
    entry = WaitingListEntry.objects.get()
    assert (entry.email, entry.phone) == ("vente@example.org", "+4791234567")

    mail.outbox.clear()
    paid = Order.objects.get(pk=orders[0].pk)
    services.refund_order(paid, [paid.tickets.first()])

    # The offer comes by mail and by SMS (the Twilio stand-in), with one link.
    (offer,) = [m for m in mail.outbox if m.to == ["vente@example.org"]]
    link = re.search(r"/billetter/venteliste/tilbud/\S+/", offer.body).group(0)
    (sms,) = twilio.requests
    assert sms["To"] == "+4791234567"
    assert link in sms["Body"]
    page.goto(demo_site + link)
    expect(page.locator("main")).to_contain_text("Vi holder av 1 plass til deg")
    no_violations(page, axe_source)
    page.locator("#id_name").fill("Vera Vente")
    page.locator("input[name^='quantity_']").first.fill("1")
    page.locator("main form").first.locator("button[type=submit]").click()
    page.wait_for_url(shop.url + "/pay/*")
    bought = Order.objects.get(email="vente@example.org")
    assert bought.quantity == 1 and bought.is_pending
    assert WaitingListEntry.objects.get().status == WaitingListEntry.Status.BOUGHT


@pytest.mark.submits("tickets:waiting_list")
def test_a_wheelchair_user_asks_the_waiting_list_for_a_wheelchair_place(
    demo_site, page, axe_source, shop
):
    performance = sold_here()
    Performance.objects.filter(pk=performance.pk).update(wheelchair_places=2)
    performance.refresh_from_db()
    sell_out(demo_site, shop, performance)

    page.goto(demo_site + f"/billetter/venteliste/{performance.pk}/")
    form = page.locator("main form")
    form.get_by_label("E-postadresse").fill("rullestol@example.org")
    form.get_by_label("Antall billetter du ønsker").fill("2")
    form.get_by_label("Av disse, rullestolplasser").fill("1")
    form.get_by_label("Jeg er 15 år eller eldre").check()
    # A mobile number that is no number is refused with a message by it.
    form.get_by_label("Mobilnummer").fill("ring meg")
    form.get_by_role("button", name="Meld deg på ventelisten").click()
    expect(page.locator("#id_phone_error")).to_contain_text("telefonnummer")
    expect(page.get_by_label("Mobilnummer")).to_have_attribute("aria-invalid", "true")
    no_violations(page, axe_source)
    assert not WaitingListEntry.objects.exists()
    form = page.locator("main form")
    form.get_by_label("Mobilnummer").fill("")
    form.get_by_role("button", name="Meld deg på ventelisten").click()
    expect(page.locator(".tickets__joined")).to_contain_text("Du står på ventelisten")
    entry = WaitingListEntry.objects.get()
    assert (entry.email, entry.quantity, entry.wheelchair) == (
        "rullestol@example.org",
        2,
        1,
    )
