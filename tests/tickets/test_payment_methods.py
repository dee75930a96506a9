"""Vipps beside cards: the Checkout Session offers the payment methods
``STRIPE_PAYMENT_METHODS`` names; a Vipps payment is fulfilled and refunded
through the same webhooks as a card; the receipt and my page say how the
order was paid (the method, and for a card only its brand and last four
digits), read from the charge Stripe returns."""

import pytest
from django.core import mail
from django.urls import reverse

from tickets import services
from tickets.models import Order, PerformanceSales

from ..factories import UserFactory
from .conftest import buy, post_event

pytestmark = pytest.mark.django_db


def offered(stub, order):
    """The payment_method_types the site sent when it created the session."""
    ((_m, _p, params, _h),) = stub.calls("POST", "/v1/checkout/sessions")
    return [
        v for k, v in sorted(params.items()) if k.startswith("payment_method_types")
    ]


@pytest.mark.parametrize(
    ("setting", "expected"),
    [
        (None, ["card"]),
        ("card", ["card"]),
        ("card,vipps", ["card", "vipps"]),
        (["vipps", "card"], ["vipps", "card"]),
        (" Card , VIPPS ", ["card", "vipps"]),
    ],
)
def test_the_session_offers_the_payment_methods_of_the_setting(
    client, settings, stripe_stub, performance, setting, expected
):
    if setting is None:
        del settings.STRIPE_PAYMENT_METHODS
    else:
        settings.STRIPE_PAYMENT_METHODS = setting
    response = buy(client, performance, 1)

    assert response.status_code == 303
    order = Order.objects.get()
    assert offered(stripe_stub, order) == expected
    session = stripe_stub.sessions[order.stripe_session_id]
    assert session["payment_method_types"] == expected


def test_vipps_cannot_be_paid_when_the_setting_leaves_it_out(
    client, settings, stripe_stub, performance
):
    settings.STRIPE_PAYMENT_METHODS = "card"
    buy(client, performance, 1)
    order = Order.objects.get()
    with pytest.raises(ValueError, match="vipps is not offered"):
        stripe_stub.pay(order.stripe_session_id, "vipps")


def test_a_method_stripe_does_not_know_is_refused_and_the_seats_go_back(
    client, settings, stripe_stub, performance
):
    settings.STRIPE_PAYMENT_METHODS = "card,teleport"
    response = buy(client, performance, 2)

    assert response.status_code == 503
    assert Order.objects.get().status == Order.Status.CANCELLED
    assert PerformanceSales.objects.get(pk=performance.pk).held == 0


def test_a_vipps_payment_is_fulfilled_by_the_webhook_and_says_so(
    client,
    settings,
    stripe_stub,
    performance,
    venue,
    django_capture_on_commit_callbacks,
):
    settings.STRIPE_PAYMENT_METHODS = "card,vipps"
    kari = UserFactory(email="kari@example.org")
    client.force_login(kari)
    with django_capture_on_commit_callbacks(execute=True):
        buy(client, performance, 2, email=kari.email)
    order = Order.objects.get()

    session = stripe_stub.pay(order.stripe_session_id, "vipps")
    with django_capture_on_commit_callbacks(execute=True):
        response = post_event(client, "checkout.session.completed", session)

    assert response.status_code == 200
    order.refresh_from_db()
    assert order.status == Order.Status.PAID
    assert order.tickets.count() == 2
    assert (order.payment_method, order.card_brand, order.card_last4) == (
        "vipps",
        "",
        "",
    )
    # One read of the session, with its payment intent and charge expanded.
    ((_m, _p, params, _h),) = stripe_stub.calls(
        "GET", f"/v1/checkout/sessions/{order.stripe_session_id}"
    )
    assert params["expand[0]"] == "payment_intent.latest_charge"
    (receipt,) = mail.outbox
    assert "Betalt med: Vipps" in receipt.body
    page = client.get(reverse("tickets:order", args=[order.access_key]))
    assert "Betalt med Vipps." in page.content.decode()
    my_page = client.get(reverse("accounts:my_page"))
    assert "Betalt med Vipps." in my_page.content.decode()


def test_a_card_payment_keeps_only_the_brand_and_last_four_digits(
    client, stripe_stub, bought, django_capture_on_commit_callbacks
):
    session = stripe_stub.pay(
        bought.stripe_session_id, "card", brand="mastercard", last4="4444"
    )
    with django_capture_on_commit_callbacks(execute=True):
        post_event(client, "checkout.session.completed", session)

    order = Order.objects.get()
    assert (order.payment_method, order.card_brand, order.card_last4) == (
        "card",
        "mastercard",
        "4444",
    )
    (receipt,) = mail.outbox
    assert "Betalt med: Mastercard-kort som slutter på 4444" in receipt.body
    # Nothing else Stripe told about the card or the payer was stored.
    charge = stripe_stub.charges[
        stripe_stub.payment_intents[order.stripe_payment_intent_id]["latest_charge"]
    ]
    stored = {
        str(value)
        for value in Order.objects.filter(pk=order.pk).values().get().values()
    }
    card = charge["payment_method_details"]["card"]
    for secret in (card["fingerprint"], "2030", "debit", "Kari Nordmann"[::-1]):
        assert secret not in stored


def test_a_vipps_order_is_refunded_like_a_card_order(
    client,
    settings,
    stripe_stub,
    performance,
    venue,
    django_capture_on_commit_callbacks,
):
    settings.STRIPE_PAYMENT_METHODS = "card,vipps"
    with django_capture_on_commit_callbacks(execute=True):
        buy(client, performance, 1, 1)
        order = Order.objects.get()
        post_event(
            client,
            "checkout.session.completed",
            stripe_stub.pay(order.stripe_session_id, "vipps"),
        )
    order.refresh_from_db()
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        services.refund_order(order)

    (refund,) = stripe_stub.refunds.values()
    assert refund["payment_intent"] == order.stripe_payment_intent_id
    assert refund["amount"] == 60000
    order.refresh_from_db()
    assert order.status == Order.Status.REFUNDED
    assert order.payment_method == "vipps"
    assert PerformanceSales.objects.get(pk=performance.pk).sold == 0
    (message,) = mail.outbox
    assert message.to == ["kari@example.org"]

    # Stripe then tells of the refund; nothing is counted twice.
    response = post_event(
        client,
        "charge.refunded",
        stripe_stub.charge_for(order.stripe_payment_intent_id),
    )
    assert response.status_code == 200
    order.refresh_from_db()
    assert order.refunded_ore == 60000
    assert order.refunds.count() == 1


def test_erasure_removes_the_card_and_keeps_how_it_was_paid(
    client, stripe_stub, bought, django_capture_on_commit_callbacks
):
    from privacy.registry import Subject, get

    with django_capture_on_commit_callbacks(execute=True):
        post_event(
            client,
            "checkout.session.completed",
            stripe_stub.pay(bought.stripe_session_id, "card", last4="1881"),
        )
    kind = get("tickets.orders")
    subject = Subject.for_email("kari@example.org")
    (row,) = [kind.export_row(r) for r in kind.rows(subject)]
    assert row["paid_with"] == {
        "method": "card",
        "card_brand": "visa",
        "card_last4": "1881",
    }

    kind.erase(subject)

    order = Order.objects.get()
    assert (order.payment_method, order.card_brand, order.card_last4) == (
        "card",
        "",
        "",
    )
