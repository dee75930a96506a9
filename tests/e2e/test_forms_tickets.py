"""The ticket forms in a real browser: a member buys through the Stripe
stand-in, turns on suggestions from their purchases on my page, and an
editor refunds one of the tickets in Wagtail's admin; an editor hands a
performance to an external ticket seller and the event page links there."""

import pytest
from playwright.sync_api import expect

from tickets.models import Order, PerformanceSales

from .sessions import editor, member, sign_in
from .test_accessibility import switch_to_english
from .test_tickets import open_buy_page, post_webhook, sold_here, stripe_stub

__all__ = ["stripe_stub"]  # the fixture, used by name


@pytest.mark.submits("tickets:buy", "tickets:recommendations", "tickets_admin:refund")
def test_a_member_buys_turns_on_suggestions_and_an_editor_refunds_a_ticket(
    demo_site, page, browser, stripe_stub
):
    switch_to_english(page, demo_site)
    buyer = sign_in(page.context, demo_site, member("berit@example.org"))
    performance = sold_here()
    open_buy_page(page, demo_site, performance)
    page.locator("#id_name").fill("Berit Billett")
    page.locator("input[name^='quantity_']").first.fill("2")
    page.locator("main button[type=submit]").click()

    page.wait_for_url(stripe_stub.url + "/pay/*")
    order = Order.objects.get()
    assert (order.email, order.quantity) == (buyer.email, 2)
    session = stripe_stub.pay(order.stripe_session_id)
    assert post_webhook(demo_site, "checkout.session.completed", session) == 200
    page.goto(demo_site + f"/billetter/ordre/{order.access_key}/")
    expect(page.locator(".ticket")).to_have_count(2)

    page.goto(demo_site + "/konto/meg/")
    section = page.locator("section[aria-labelledby='my-page-recommendations']")
    section.get_by_label("Suggest events from the genres of the tickets I buy").check()
    section.get_by_role("button", name="Save choice").click()
    expect(page.locator(".messages")).to_contain_text(
        "Suggestions from your purchases are on."
    )

    office = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        sign_in(office, demo_site, editor())
        admin = office.new_page()
        admin.goto(demo_site + f"/admin/tickets/order/inspect/{order.pk}/")
        admin.get_by_role("link", name="Refund").first.click()
        first = order.tickets.order_by("pk").first()
        admin.get_by_label(first.code, exact=False).check()
        admin.get_by_role("button", name="Refund the chosen tickets").click()
        expect(admin.locator(".messages")).to_contain_text(f"of order {order.number}")
    finally:
        office.close()
    first.refresh_from_db()
    assert first.refunded_at is not None
    assert order.tickets.filter(refunded_at=None).count() == 1


@pytest.mark.submits("tickets_performancesales_modeladmin_edit")
def test_an_editor_hands_a_performance_to_an_external_seller(
    demo_site, page, stripe_stub
):
    switch_to_english(page, demo_site)
    sign_in(page.context, demo_site, editor())
    performance = sold_here()
    seller = "https://billetter.example.com/forestilling/42"
    page.goto(
        demo_site + f"/admin/tickets/performancesales/edit/{performance.sales.pk}/"
    )
    page.locator("input[name=external_url]").fill(seller)
    page.get_by_role("button", name="Save").click()
    page.wait_for_url("**/admin/tickets/performancesales/")

    assert PerformanceSales.objects.get(performance=performance).external_url == seller
    page.goto(demo_site + performance.event.url)
    expect(page.locator(f"a[href='{seller}']").first).to_be_visible()
