"""Stripe's webhooks and the return page: signatures, replays, unknown
sessions, events in any order, fulfilment once, holds released."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from tickets import services
from tickets.models import Order, PerformanceSales, StripeEvent, Ticket

from .conftest import pay_and_notify, post_event
from .stripe_stub import signed_event

pytestmark = pytest.mark.django_db


def sales(order):
    return PerformanceSales.objects.get(pk=order.performance_id)


def webhook(client, payload, signature=None):
    headers = {"HTTP_STRIPE_SIGNATURE": signature} if signature is not None else {}
    return client.post(
        reverse("tickets:stripe_webhook"),
        payload,
        content_type="application/json",
        **headers,
    )


def test_a_completed_checkout_marks_the_order_paid_and_issues_tickets_once(
    client, stripe_stub, bought, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = pay_and_notify(client, stripe_stub, bought)

    assert response.status_code == 200
    order = Order.objects.get()
    assert order.status == Order.Status.PAID
    assert order.paid_at is not None
    assert order.stripe_payment_intent_id.startswith("pi_test_")
    codes = list(order.tickets.values_list("code", flat=True))
    assert len(codes) == len(set(codes)) == 3
    assert sales(order).sold == 3
    assert sales(order).held == 0
    # The session was read back from Stripe before fulfilling.
    assert stripe_stub.calls("GET", f"/v1/checkout/sessions/{order.stripe_session_id}")

    (receipt,) = mail.outbox
    assert receipt.to == ["kari@example.org"]
    assert order.number in receipt.subject
    assert "2 × Ordinær" in receipt.body
    assert "1 × Student" in receipt.body
    assert "950,00" in receipt.body
    assert "987654321" in receipt.body
    assert f"/billetter/ordre/{order.access_key}/" in receipt.body
    assert Order.objects.get().receipt_sent_at is not None

    with django_capture_on_commit_callbacks(execute=True):
        again = post_event(
            client,
            "checkout.session.completed",
            stripe_stub.sessions[order.stripe_session_id],
        )
    assert again.status_code == 200
    assert Ticket.objects.count() == 3
    assert sales(order).sold == 3
    assert len(mail.outbox) == 1


def test_a_replayed_event_changes_nothing(client, stripe_stub, bought):
    pay_and_notify(client, stripe_stub, bought, event_id="evt_test_once")
    requests_before = len(stripe_stub.requests)
    Ticket.objects.all().delete()

    response = pay_and_notify(client, stripe_stub, bought, event_id="evt_test_once")

    assert response.status_code == 200
    assert response.content == b"replay"
    assert not Ticket.objects.exists()
    assert len(stripe_stub.requests) == requests_before
    assert StripeEvent.objects.filter(event_id="evt_test_once").count() == 1


@pytest.mark.parametrize(
    "signature",
    [
        None,
        "",
        "t=1,v1=00",
        "garbage",
        "forged with another secret",
        "too old",
    ],
)
def test_a_bad_or_missing_signature_is_refused(client, stripe_stub, bought, signature):
    session = stripe_stub.pay(bought.stripe_session_id)
    payload, good = signed_event("checkout.session.completed", session)
    if signature == "forged with another secret":
        payload, signature = signed_event(
            "checkout.session.completed", session, secret="whsec_someone_else"
        )
    elif signature == "too old":
        payload, signature = signed_event(
            "checkout.session.completed",
            session,
            timestamp=int(timezone.now().timestamp()) - 3600,
        )
    response = webhook(client, payload, signature)
    assert response.status_code == 400
    assert Order.objects.get().status == Order.Status.PENDING
    assert not StripeEvent.objects.exists()


def test_a_tampered_body_is_refused(client, stripe_stub, bought):
    session = stripe_stub.pay(bought.stripe_session_id)
    payload, signature = signed_event("checkout.session.completed", session)
    response = webhook(client, payload.replace('"paid"', '"PAID"'), signature)
    assert response.status_code == 400


def test_a_signed_body_that_is_not_json_is_refused(client, stripe_stub, settings):
    payload = "not json"
    _ignored, signature = signed_event("x", {})
    response = webhook(client, payload, signature)
    assert response.status_code == 400


def test_an_event_for_an_unknown_session_is_logged_and_answered_200(
    client, stripe_stub, bought, caplog
):
    response = post_event(
        client,
        "checkout.session.completed",
        {"id": "cs_test_not_ours", "object": "checkout.session", "status": "complete"},
    )
    assert response.status_code == 200
    assert "unknown session" in caplog.text
    assert Order.objects.get().status == Order.Status.PENDING


def test_other_event_types_are_answered_200(client, stripe_stub):
    response = post_event(
        client, "customer.created", {"id": "cus_1", "object": "customer"}
    )
    assert response.status_code == 200


def test_the_webhook_is_a_trigger_the_session_is_read_back(client, stripe_stub, bought):
    """A completed event for a session Stripe says is still open fulfils
    nothing (the event is only a reason to look)."""
    session = dict(stripe_stub.sessions[bought.stripe_session_id])
    session.update(status="complete", payment_status="paid")
    response = post_event(client, "checkout.session.completed", session)
    assert response.status_code == 200
    assert Order.objects.get().status == Order.Status.PENDING
    assert not Ticket.objects.exists()


def test_an_expired_checkout_gives_the_seats_back(client, stripe_stub, bought):
    session = stripe_stub.expire(bought.stripe_session_id)
    response = post_event(client, "checkout.session.expired", session)
    assert response.status_code == 200
    order = Order.objects.get()
    assert order.status == Order.Status.EXPIRED
    assert sales(order).held == 0


def test_expired_after_completed_keeps_the_order_paid(client, stripe_stub, bought):
    session = stripe_stub.pay(bought.stripe_session_id)
    stale = dict(session, status="expired", payment_status="unpaid")
    post_event(client, "checkout.session.completed", session)
    response = post_event(client, "checkout.session.expired", stale)
    assert response.status_code == 200
    order = Order.objects.get()
    assert order.status == Order.Status.PAID
    assert sales(order).sold == 3
    assert order.tickets.count() == 3


def test_completed_arriving_after_the_hold_was_released_takes_free_seats(
    client, stripe_stub, bought
):
    services.release_order(bought, Order.Status.EXPIRED)
    assert sales(bought).held == 0
    pay_and_notify(client, stripe_stub, bought)
    order = Order.objects.get()
    assert order.status == Order.Status.PAID
    assert sales(order).sold == 3
    assert order.tickets.count() == 3


def test_a_payment_with_no_seats_left_is_refunded_whole(client, stripe_stub, bought):
    services.release_order(bought, Order.Status.EXPIRED)
    PerformanceSales.objects.filter(pk=bought.performance_id).update(sold=20)
    pay_and_notify(client, stripe_stub, bought)
    order = Order.objects.get()
    assert order.status == Order.Status.REFUNDED
    assert order.refunded_ore == order.total_ore
    assert not order.tickets.exists()
    (refund,) = stripe_stub.refunds.values()
    assert refund["amount"] == order.total_ore


def test_the_return_page_racing_the_webhook_issues_tickets_once(
    client, stripe_stub, bought
):
    url = reverse("tickets:order", args=[bought.access_key])
    assert (
        "venter" in client.get(url).content.decode()
        or "waiting" in client.get(url).content.decode()
    )
    stripe_stub.pay(bought.stripe_session_id)

    page = client.get(url)
    assert page.status_code == 200
    assert Order.objects.get().status == Order.Status.PAID
    assert Ticket.objects.count() == 3
    html = page.content.decode()
    assert "<svg" in html
    for code in Ticket.objects.values_list("code", flat=True):
        assert code in html

    post_event(
        client,
        "checkout.session.completed",
        stripe_stub.sessions[bought.stripe_session_id],
    )
    assert Ticket.objects.count() == 3


def test_the_return_page_script_asks_for_the_state(client, stripe_stub, bought):
    url = reverse("tickets:order", args=[bought.access_key])
    html = client.get(url).content.decode()
    assert "js/order-status" in html
    assert "<script>" not in html
    status_url = reverse("tickets:order_status", args=[bought.access_key])
    assert client.get(status_url).json() == {"status": "pending"}
    stripe_stub.pay(bought.stripe_session_id)
    assert client.get(status_url).json() == {"status": "paid"}
    assert "js/order-status" not in client.get(url).content.decode()


def test_an_order_page_needs_its_key(client, stripe_stub, bought):
    assert client.get("/billetter/ordre/not-the-key/").status_code == 404


def test_cancelling_expires_the_session_and_gives_the_seats_back(
    client, stripe_stub, bought
):
    response = client.get(reverse("tickets:cancel", args=[bought.access_key]))
    assert response.status_code == 200
    assert stripe_stub.sessions[bought.stripe_session_id]["status"] == "expired"
    order = Order.objects.get()
    assert order.status == Order.Status.CANCELLED
    assert sales(order).held == 0
    # Stripe's expired webhook comes after; nothing changes.
    post_event(
        client,
        "checkout.session.expired",
        stripe_stub.sessions[order.stripe_session_id],
    )
    assert Order.objects.get().status == Order.Status.CANCELLED
    assert sales(order).held == 0


def test_cancelling_a_paid_checkout_shows_the_tickets(client, stripe_stub, bought):
    stripe_stub.pay(bought.stripe_session_id)
    response = client.get(reverse("tickets:cancel", args=[bought.access_key]))
    assert response.status_code == 302
    assert Order.objects.get().status == Order.Status.PAID


def test_the_periodic_clean_up_settles_holds_past_their_time(
    client, stripe_stub, performance
):
    from .conftest import buy

    orders = []
    for _ in range(3):
        buy(client, performance, 1)
        orders.append(Order.objects.order_by("-pk").first())
    open_one, paid_one, expired_one = orders
    stripe_stub.pay(paid_one.stripe_session_id)
    stripe_stub.expire(expired_one.stripe_session_id)
    later = timezone.now() + datetime.timedelta(minutes=40)

    released = services.release_expired_holds(now=later)

    assert released == 2
    states = dict(Order.objects.values_list("pk", "status"))
    assert states[open_one.pk] == Order.Status.EXPIRED
    assert states[paid_one.pk] == Order.Status.PAID
    assert states[expired_one.pk] == Order.Status.EXPIRED
    assert stripe_stub.sessions[open_one.stripe_session_id]["status"] == "expired"
    row = PerformanceSales.objects.get(pk=performance.pk)
    assert (row.held, row.sold) == (0, 1)
    assert services.release_expired_holds(now=later) == 0


def test_holds_not_yet_run_out_are_left_alone(stripe_stub, bought):
    assert services.release_expired_holds() == 0
    assert Order.objects.get().status == Order.Status.PENDING


def test_a_failed_delayed_payment_gives_the_seats_back(client, stripe_stub, bought):
    session = stripe_stub.sessions[bought.stripe_session_id]
    session.update(status="complete", payment_status="unpaid")
    post_event(client, "checkout.session.completed", dict(session))
    assert Order.objects.get().status == Order.Status.PENDING

    response = post_event(
        client, "checkout.session.async_payment_failed", dict(session)
    )

    assert response.status_code == 200
    order = Order.objects.get()
    assert order.status == Order.Status.CANCELLED
    assert sales(order).held == 0
    assert not order.tickets.exists()
