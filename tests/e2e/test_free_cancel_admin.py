"""An editor cancels a free order in a real browser for a buyer who phoned
to say she cannot come: from the order's page to the confirmation, which
asks first, then the cancel itself. The seat goes to the person waiting,
the buyer gets the cancellation mail in her language, and a second try is
refused with a reason. The confirmation and the refusal have no WCAG
violations."""

import pytest
from django.core import mail
from playwright.sync_api import expect

from events.models import EventIndexPage, EventPage, Hall, Performance
from tickets import services
from tickets.models import Order, PerformanceSales, WaitingListEntry

from ..factories import EventPageFactory, PerformanceFactory
from .sessions import editor, sign_in
from .test_ticket_shop import no_violations


@pytest.mark.submits("tickets_admin:cancel_free")
def test_an_editor_cancels_a_free_order_for_its_buyer(demo_site, page, axe_source):
    event = EventPageFactory(
        parent=EventIndexPage.objects.first(),
        title="Dansens dag i foajeen",
        slug="dansens-dag-foajeen",
        free_entry=EventPage.FREE_TICKET_HERE,
        price_from=0,
    )
    performance = PerformanceFactory(
        event=event, hall=Hall.objects.first(), capacity=2, wheelchair_places=0
    )
    order = services.register_free_tickets(
        performance, 2, name="Gunn Gratis", email="gunn@example.org", language="nb"
    )
    waiting = services.join_waiting_list(
        Performance.objects.get(pk=performance.pk), email="vera@example.org", quantity=1
    )
    mail.outbox.clear()

    sign_in(page.context, demo_site, editor())
    page.goto(demo_site + f"/admin/tickets/order/inspect/{order.pk}/")
    page.get_by_role("link", name="Cancel free tickets").click()
    page.wait_for_url(f"**/admin/billetter/avbestill/{order.pk}/")
    expect(page.locator("main")).to_contain_text("Dansens dag i foajeen")
    no_violations(page, axe_source)
    order.refresh_from_db()
    assert order.status == Order.Status.FREE  # the page only asks

    page.get_by_role("button", name="Yes, cancel the free tickets").click()
    page.wait_for_url(f"**/admin/tickets/order/inspect/{order.pk}/")
    expect(page.locator(".messages")).to_contain_text(
        f"Order {order.number} is cancelled"
    )
    order.refresh_from_db()
    assert order.status == Order.Status.CANCELLED
    assert not order.tickets.filter(refunded_at=None).exists()
    waiting.refresh_from_db()
    assert waiting.status == WaitingListEntry.Status.OFFERED
    sales = PerformanceSales.objects.get(pk=performance.pk)
    assert (sales.sold, sales.held) == (0, 1)
    to_buyer = [m for m in mail.outbox if m.to == ["gunn@example.org"]]
    assert [m.subject for m in to_buyer] == [
        f"Gratisbillettene dine til Dansens dag i foajeen er avbestilt "
        f"(bestilling {order.number})"
    ]
    assert any(m.to == ["vera@example.org"] for m in mail.outbox)
    expect(page.get_by_role("link", name="Cancel free tickets")).to_have_count(0)

    response = page.goto(demo_site + f"/admin/billetter/avbestill/{order.pk}/")
    assert response.status == 409
    expect(page.get_by_role("alert")).to_contain_text(
        "Only confirmed free tickets can be cancelled here."
    )
    expect(
        page.get_by_role("button", name="Yes, cancel the free tickets")
    ).to_have_count(0)
    no_violations(page, axe_source)
