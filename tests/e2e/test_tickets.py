"""Buying tickets in a real browser: from the event page to the redirect to
Stripe Checkout (the local stand-in of tests/tickets/stripe_stub.py), and
from the return page, once Stripe's signed webhook has come, to the ticket
under "my orders". The buy page has no WCAG violations."""

import urllib.request

import pytest
from allauth.account.models import EmailAddress
from playwright.sync_api import expect

from tickets.models import Order, PerformanceSales, PriceCategory

from ..factories import UserFactory
from ..tickets.stripe_stub import SECRET_KEY, WEBHOOK_SECRET, signed_event
from .test_accessibility import AXE_RUN, WCAG_TAGS, format_violations

EMAIL = "tove.tribune@example.org"
PASSWORD = "Billett til kvelden 7"


@pytest.fixture
def stripe_stub(settings, stripe_standin):
    stub = stripe_standin.reset()
    settings.STRIPE_SECRET_KEY = SECRET_KEY
    settings.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET
    settings.STRIPE_API_BASE = stub.url
    return stub


def sold_here(translated_into=None):
    """A demo performance sold on this site, with seats left (and its event
    translated into ``translated_into``, when given)."""
    for sales in PerformanceSales.objects.filter(external_url="").select_related(
        "performance__event", "performance__hall"
    ):
        performance = sales.performance
        if (
            performance.is_bookable
            and sales.left(performance.effective_capacity) >= 2
            and PriceCategory.objects.filter(event=performance.event_id).exists()
            and (
                translated_into is None
                or performance.event.in_language(translated_into) != performance.event
            )
        ):
            return performance
    raise AssertionError("The demo content has no performance sold here.")


def sign_in(page, base_url):
    user = UserFactory(email=EMAIL, first_name="Tove", last_name="Tribune")
    user.set_password(PASSWORD)
    user.save()
    EmailAddress.objects.create(user=user, email=EMAIL, verified=True, primary=True)
    page.goto(base_url + "/konto/login/")
    page.locator("#id_login").fill(EMAIL)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_url("**/konto/meg/")


def open_buy_page(page, base_url, performance):
    page.goto(base_url + performance.event.url)
    # The performance's own row: the next performance has a second "buy"
    # link at the top of the page.
    page.locator(f"a.tickets-buy[href='/billetter/kjop/{performance.pk}/']").click()
    page.wait_for_url(f"**/billetter/kjop/{performance.pk}/")


def post_webhook(base_url, event_type, obj):
    payload, signature = signed_event(event_type, obj)
    request = urllib.request.Request(  # noqa: S310 (the live server on 127.0.0.1)
        base_url + "/billetter/stripe/webhook/",
        data=payload.encode(),
        headers={"Content-Type": "application/json", "Stripe-Signature": signature},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
        return response.status


@pytest.mark.submits("account_login", "tickets:buy")
def test_buy_tickets_pay_and_find_them_under_my_orders(
    demo_site, page, axe_source, stripe_stub
):
    sign_in(page, demo_site)
    performance = sold_here()
    open_buy_page(page, demo_site, performance)
    expect(page.locator("#id_name")).to_have_value("Tove Tribune")
    expect(page.locator("#id_email")).to_have_value(EMAIL)
    page.locator("input[name^='quantity_']").first.fill("2")

    page.locator("main button[type=submit]").click()

    page.wait_for_url(stripe_stub.url + "/pay/*")
    order = Order.objects.get()
    assert order.status == Order.Status.PENDING
    assert page.locator("#session").inner_text() == order.stripe_session_id

    # Stripe sends the buyer back before its webhook has come.
    page.goto(demo_site + f"/billetter/ordre/{order.access_key}/")
    expect(page.locator("[data-order-status]")).to_be_visible()
    expect(page.locator(".ticket")).to_have_count(0)

    session = stripe_stub.pay(order.stripe_session_id)
    assert post_webhook(demo_site, "checkout.session.completed", session) == 200

    # The page's script sees the order paid and shows the tickets.
    expect(page.locator(".ticket")).to_have_count(2, timeout=15_000)
    expect(page.locator(".ticket svg").first).to_be_visible()
    codes = list(Order.objects.get().tickets.values_list("code", flat=True))
    page.evaluate(axe_source)  # the CSP refuses add_script_tag (inline)
    results = page.evaluate(AXE_RUN, WCAG_TAGS)
    assert results["violations"] == [], format_violations(results["violations"])

    page.goto(demo_site + "/konto/meg/")
    orders = page.locator("section[aria-labelledby='my-page-tickets']")
    expect(orders).to_contain_text(order.number)
    for code in codes:
        expect(orders).to_contain_text(code)


@pytest.mark.submits("tickets:buy")
def test_the_buy_page_has_no_wcag_violations(demo_site, page, axe_source, stripe_stub):
    open_buy_page(page, demo_site, sold_here())
    page.locator("main button[type=submit]").click()  # the form with its errors
    page.wait_for_load_state()
    expect(page.locator(".form__errors")).to_be_visible()

    page.evaluate(axe_source)  # the CSP refuses add_script_tag (inline)
    results = page.evaluate(AXE_RUN, WCAG_TAGS)

    assert results["violations"] == [], format_violations(results["violations"])
