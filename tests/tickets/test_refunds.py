"""Refunds: from the admin (whole orders or single tickets, through Stripe's
refund API), and refunds made in Stripe's dashboard seen by webhook."""

import pytest
from django.core import mail
from django.urls import reverse

from events.models import Performance
from tickets import services
from tickets.models import Order, PerformanceSales, Refund

from ..factories import UserFactory
from .conftest import pay_and_notify, post_event

pytestmark = pytest.mark.django_db


@pytest.fixture
def paid(client, stripe_stub, bought, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        pay_and_notify(client, stripe_stub, bought)
    mail.outbox.clear()
    return Order.objects.get()


@pytest.fixture
def editor_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def sold(order):
    return PerformanceSales.objects.get(pk=order.performance_id).sold


def test_an_editor_refunds_one_ticket(
    editor_client, stripe_stub, paid, django_capture_on_commit_callbacks
):
    student = paid.tickets.get(line__category_name="Student")
    url = reverse("tickets_admin:refund", args=[paid.pk])
    assert student.code in editor_client.get(url).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(url, {"tickets": [student.pk]})

    assert response.status_code == 302
    (refund,) = stripe_stub.refunds.values()
    assert refund["amount"] == 25000
    assert refund["payment_intent"] == paid.stripe_payment_intent_id
    ((_m, _p, _params, headers),) = stripe_stub.calls("POST", "/v1/refunds")
    assert headers["Idempotency-Key"].startswith(f"refund-{paid.number}-")
    order = Order.objects.get()
    assert order.status == Order.Status.PARTIALLY_REFUNDED
    assert order.refunded_ore == 25000
    assert order.tickets.filter(refunded_at__isnull=False).get() == student
    assert sold(order) == 2
    (message,) = mail.outbox
    assert "250,00" in message.body
    assert message.to == ["kari@example.org"]


def test_refunding_every_ticket_refunds_the_order_and_frees_the_seats(
    stripe_stub, paid, django_capture_on_commit_callbacks
):
    Performance.objects.filter(pk=paid.performance_id).update(capacity=3)
    PerformanceSales.objects.filter(pk=paid.performance_id).update(sold=3)
    Performance.objects.filter(pk=paid.performance_id).update(
        status=Performance.Status.SOLD_OUT
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.refund_order(paid)
    order = Order.objects.get()
    assert order.status == Order.Status.REFUNDED
    assert order.refunded_ore == order.total_ore
    assert sold(order) == 0
    assert Performance.objects.get(pk=order.performance_id).status == (
        Performance.Status.ON_SALE
    )
    with pytest.raises(services.RefundRefused):
        services.refund_order(order)


def test_an_unpaid_order_cannot_be_refunded(stripe_stub, bought):
    with pytest.raises(services.RefundRefused):
        services.refund_order(bought)


def test_a_refund_stripe_refuses_is_reported_not_crashed(
    editor_client, stripe_stub, paid
):
    stripe_stub.refund_in_dashboard(paid.stripe_payment_intent_id, paid.total_ore)
    url = reverse("tickets_admin:refund", args=[paid.pk])
    response = editor_client.post(url, {"tickets": [paid.tickets.first().pk]})
    assert response.status_code == 200
    assert "Stripe" in response.content.decode()
    assert Order.objects.get().refunded_ore == 0


def test_a_refund_form_without_tickets_is_an_error(editor_client, stripe_stub, paid):
    url = reverse("tickets_admin:refund", args=[paid.pk])
    assert editor_client.post(url, {}).status_code == 400
    assert editor_client.post(url, {"tickets": ["x"]}).status_code == 400
    assert not stripe_stub.refunds


def test_a_full_refund_in_stripes_dashboard_is_reflected(client, stripe_stub, paid):
    stripe_stub.refund_in_dashboard(paid.stripe_payment_intent_id, paid.total_ore)
    charge = stripe_stub.charge_for(paid.stripe_payment_intent_id)

    response = post_event(client, "charge.refunded", charge)

    assert response.status_code == 200
    order = Order.objects.get()
    assert order.status == Order.Status.REFUNDED
    assert order.refunded_ore == order.total_ore
    assert not order.tickets.filter(refunded_at=None).exists()
    assert sold(order) == 0
    assert Refund.objects.get().source == Refund.Source.STRIPE


def test_a_part_refund_in_the_dashboard_is_recorded_as_money(client, stripe_stub, paid):
    stripe_stub.refund_in_dashboard(paid.stripe_payment_intent_id, 10000)
    post_event(
        client, "charge.refunded", stripe_stub.charge_for(paid.stripe_payment_intent_id)
    )
    order = Order.objects.get()
    assert order.status == Order.Status.PARTIALLY_REFUNDED
    assert order.refunded_ore == 10000
    assert sold(order) == 3


def test_the_webhook_of_an_admin_refund_counts_nothing_twice(client, stripe_stub, paid):
    services.refund_order(paid, [paid.tickets.first()])
    charge = stripe_stub.charge_for(paid.stripe_payment_intent_id)
    post_event(client, "charge.refunded", charge)
    post_event(client, "charge.refunded", charge)
    order = Order.objects.get()
    assert order.refunded_ore == 35000
    assert Refund.objects.count() == 1
    assert sold(order) == 2


def test_a_refund_webhook_for_an_unknown_payment_is_answered_200(client, stripe_stub):
    response = post_event(
        client,
        "charge.refunded",
        {"id": "ch_x", "object": "charge", "payment_intent": "pi_unknown"},
    )
    assert response.status_code == 200
