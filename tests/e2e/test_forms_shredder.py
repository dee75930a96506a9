"""The erasure per event in a real browser: an editor opens an event that
is over under "Erase buyers after an event", downloads the data, ticks the
box and erases; the order stays for the books without the buyer."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from events.models import EventPage, Performance
from tickets.models import Order, Shredding

from .sessions import editor, sign_in


@pytest.mark.submits("tickets_shredder:event")
def test_an_editor_erases_the_buyers_of_an_event_that_is_over(demo_site, page):
    performance = Performance.objects.select_related("event").first()
    Performance.objects.filter(event=performance.event).update(
        start=timezone.now() - datetime.timedelta(days=2)
    )
    event = EventPage.objects.get(pk=performance.event_id)
    order = Order.objects.create(
        number="S-3001",
        performance=performance,
        event_title=event.title,
        performance_start=performance.start,
        name="Siri Slettes",
        email="siri.slettes@example.org",
        quantity=2,
        total_ore=70000,
        status=Order.Status.PAID,
        paid_at=timezone.now() - datetime.timedelta(days=10),
    )
    boss = editor()
    sign_in(page.context, demo_site, boss)
    page.goto(demo_site + "/admin/billetter/sletting/")
    page.locator(f"tr[data-event='{event.pk}'] a").click()
    expect(page.locator("[data-part=emails]")).to_contain_text("1")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download this data first").click()
    assert download.value.suggested_filename.endswith(".zip")
    page.get_by_label("I understand").check()
    page.get_by_role("button", name="Erase the buyers' data").click()
    expect(page.locator(".messages")).to_contain_text("orders are kept for the books")
    expect(page.locator(f"tr[data-event='{event.pk}']")).to_contain_text(
        "Buyers erased"
    )
    order.refresh_from_db()
    assert (order.name, order.email, order.total_ore) == ("", "", 70000)
    assert Shredding.objects.get(event_id=event.pk).editor == boss
