"""Free tickets in a real browser, without Stripe keys: a visitor finds
"Hent gratisbillett" on a free event's page, gets two free tickets through
the buy page (a bad number first, which the form refuses), sees the codes at
once, and gives them back from the order page. Every page on the way has no
WCAG violations."""

import pytest
from playwright.sync_api import expect

from events.models import EventIndexPage, EventPage, Hall
from tickets.models import Order, PerformanceSales

from ..factories import EventPageFactory, PerformanceFactory
from .test_ticket_shop import no_violations


@pytest.mark.submits("tickets:buy", "tickets:cancel_free")
def test_a_visitor_gets_two_free_tickets_and_cancels_them(
    demo_site, page, axe_source, settings
):
    settings.STRIPE_SECRET_KEY = ""
    event = EventPageFactory(
        parent=EventIndexPage.objects.first(),
        title="Åpen dag i kulturhuset",
        slug="apen-dag",
        free_entry=EventPage.FREE_TICKET_HERE,
        price_from=0,
    )
    performance = PerformanceFactory(
        event=event, hall=Hall.objects.first(), capacity=10, wheelchair_places=2
    )

    page.goto(demo_site + event.url)
    expect(page.locator(".event-sales__state")).to_contain_text(
        "hent gratisbillett her"
    )
    expect(page.locator(".event-sales .button--buy")).to_have_text("Hent gratisbillett")
    expect(page.locator(".status--on-sale")).to_have_count(0)
    no_violations(page, axe_source)
    page.locator(f"a.tickets-buy[href='/billetter/kjop/{performance.pk}/']").click()
    page.wait_for_url(f"**/billetter/kjop/{performance.pk}/")
    expect(page.locator("h1")).to_contain_text("Gratisbilletter til")
    no_violations(page, axe_source)

    page.locator("#id_name").fill("Gunn Gratis")
    page.locator("#id_email").fill("gunn@example.org")
    page.locator("#id_quantity").fill("0")
    page.locator("main button[type=submit]").click()
    expect(page.locator(".form__error").first).to_be_visible()
    assert not Order.objects.exists()
    no_violations(page, axe_source)

    page.locator("#id_quantity").fill("2")
    page.locator("#id_wheelchair").fill("1")
    page.get_by_role("button", name="Hent gratisbilletter").click()
    page.wait_for_url("**/billetter/ordre/*/")
    order = Order.objects.get()
    assert (order.status, order.total_ore, order.quantity) == ("free", 0, 2)
    expect(page.locator(".tickets__state")).to_contain_text("Du betaler ingenting")
    expect(page.locator(".ticket")).to_have_count(2)
    for ticket in order.tickets.all():
        expect(page.locator("main")).to_contain_text(ticket.code)
    sales = PerformanceSales.objects.get(pk=performance.pk)
    assert (sales.sold, sales.wheelchair_sold) == (1, 1)
    no_violations(page, axe_source)

    page.get_by_role("button", name="Avbestill gratisbillettene mine").click()
    expect(page.locator(".tickets__state")).to_contain_text("avbestilt")
    expect(page.locator(".ticket")).to_have_count(0)
    no_violations(page, axe_source)
    order.refresh_from_db()
    assert order.status == Order.Status.CANCELLED
    sales.refresh_from_db()
    assert (sales.sold, sales.wheelchair_sold) == (0, 0)
