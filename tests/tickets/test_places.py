"""Wheelchair places and companion tickets: wheelchair places are the
performance's own quota beside the seats, shown as "rullestolplass" with
how many are left and never oversold; a companion ticket (ledsagerbillett)
is free, sold only with a paying ticket in the same order, to a buyer who
confirms they hold a ledsagerbevis, where the event offers it. The receipt,
my page and the door list show both."""

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from events.models import EventPage, Performance
from tickets import services
from tickets.models import Order, OrderLine, PerformanceSales

from ..factories import UserFactory
from .conftest import buy_data, categories, pay_and_notify

pytestmark = pytest.mark.django_db


@pytest.fixture
def accessible(performance):
    """The performance with two wheelchair places and companion tickets."""
    Performance.objects.filter(pk=performance.pk).update(wheelchair_places=2)
    EventPage.objects.filter(pk=performance.event_id).update(companion_tickets=True)
    performance.refresh_from_db()
    performance.event.refresh_from_db()
    return performance


def post(client, performance, data):
    return client.post(reverse("tickets:buy", args=[performance.pk]), data)


def sales(performance):
    return PerformanceSales.objects.get(pk=performance.pk)


def test_the_buy_page_shows_wheelchair_places_left_and_companion_tickets(
    client, stripe_stub, accessible, hall, django_assert_max_num_queries
):
    services.sales_row(accessible.pk)
    PerformanceSales.objects.filter(pk=accessible.pk).update(wheelchair_sold=1)
    url = reverse("tickets:buy", args=[accessible.pk])
    client.get(url)  # warm caches (site settings, ...)
    # The places and companions cost no query beyond the page's own.
    Performance.objects.filter(pk=accessible.pk).update(wheelchair_places=0)
    with CaptureQueriesContext(connection) as plain:
        client.get(url)
    Performance.objects.filter(pk=accessible.pk).update(wheelchair_places=2)
    with django_assert_max_num_queries(len(plain.captured_queries)):
        page = client.get(url)
    html = page.content.decode()
    assert "Rullestolplass: 1 igjen" in html
    assert "Ordinær, rullestolplass (350 NOK)" in html
    assert "Ledsagerbillett (0 NOK)" in html
    assert "ledsagerbevis" in html


def test_without_places_or_companions_the_buy_page_offers_neither(
    client, stripe_stub, performance
):
    html = client.get(reverse("tickets:buy", args=[performance.pk])).content.decode()
    assert "rullestolplass" not in html.lower()
    assert "ledsager" not in html.lower()
    assert 'name="companions"' not in html


def test_a_wheelchair_place_and_a_companion_are_bought_paid_and_shown(
    client,
    stripe_stub,
    accessible,
    venue,
    django_capture_on_commit_callbacks,
):
    (ordinary, _student) = categories(accessible.event)
    kari = UserFactory(email="kari@example.org")
    client.force_login(kari)
    data = buy_data(accessible.event, 1)
    data |= {f"wheelchair_{ordinary.pk}": 1, "companions": 1, "companion_card": "on"}
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, accessible, data)
    assert response.status_code == 303, response.content.decode()[:3000]

    order = Order.objects.get()
    assert (order.quantity, order.wheelchair_quantity, order.total_ore) == (
        3,
        1,
        70000,
    )
    row = sales(accessible)
    assert (row.held, row.wheelchair_held) == (2, 1)
    lines = {line.kind: line for line in order.lines.all()}
    assert lines["companion"].unit_price_ore == 0
    assert lines["companion"].category_name == "Ledsagerbillett"
    # Checkout shows the free companion ticket too.
    (call,) = stripe_stub.calls("POST", "/v1/checkout/sessions")
    names = [v for k, v in call[2].items() if k.endswith("[product_data][name]")]
    assert "Vårkonsert: Ordinær, rullestolplass" in names
    assert "Vårkonsert: Ledsagerbillett" in names
    assert stripe_stub.sessions[order.stripe_session_id]["amount_total"] == 70000

    with django_capture_on_commit_callbacks(execute=True):
        pay_and_notify(client, stripe_stub, order)
    row.refresh_from_db()
    assert (row.held, row.sold, row.wheelchair_held, row.wheelchair_sold) == (
        0,
        2,
        0,
        1,
    )
    assert order.tickets.count() == 3
    (receipt,) = mail.outbox
    assert "1 × Ordinær, rullestolplass à NOK 350,00" in receipt.body
    assert "1 × Ledsagerbillett à NOK 0,00" in receipt.body
    my_page = client.get(reverse("accounts:my_page")).content.decode()
    assert "Ordinær, rullestolplass" in my_page
    assert "Ledsagerbillett" in my_page

    editor = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(editor)
    door = client.get(reverse("tickets_admin:door_list", args=[accessible.pk]))
    html = door.content.decode()
    assert html.count("Ordinær, rullestolplass") == 1
    assert html.count("Ledsagerbillett") == 1


def test_refunding_a_wheelchair_ticket_gives_the_place_back(
    client, stripe_stub, accessible, venue, django_capture_on_commit_callbacks
):
    (ordinary, _student) = categories(accessible.event)
    data = buy_data(accessible.event, 1) | {f"wheelchair_{ordinary.pk}": 2}
    with django_capture_on_commit_callbacks(execute=True):
        post(client, accessible, data)
        order = Order.objects.get()
        pay_and_notify(client, stripe_stub, order)
    order.refresh_from_db()
    wheelchair = order.tickets.filter(line__kind="wheelchair").first()
    with django_capture_on_commit_callbacks(execute=True):
        services.refund_order(order, [wheelchair])
    row = sales(accessible)
    assert (row.sold, row.wheelchair_sold) == (1, 1)


def test_an_expired_checkout_gives_wheelchair_places_back(
    client, stripe_stub, accessible
):
    (ordinary, _student) = categories(accessible.event)
    post(
        client,
        accessible,
        buy_data(accessible.event) | {f"wheelchair_{ordinary.pk}": 2},
    )
    order = Order.objects.get()
    services.release_order(order, Order.Status.EXPIRED)
    row = sales(accessible)
    assert (row.held, row.wheelchair_held) == (0, 0)


def test_more_wheelchair_places_than_are_left_are_refused(
    client, stripe_stub, accessible
):
    (ordinary, student) = categories(accessible.event)
    response = post(
        client,
        accessible,
        buy_data(accessible.event)
        | {f"wheelchair_{ordinary.pk}": 1, f"wheelchair_{student.pk}": 2},
    )
    assert response.status_code == 409
    assert "Bare 2 rullestolplasser er igjen" in response.content.decode()
    assert not Order.objects.exists()
    assert not PerformanceSales.objects.filter(wheelchair_held__gt=0).exists()


def test_seats_sold_out_still_sells_the_wheelchair_places(
    client, stripe_stub, accessible
):
    (ordinary, _student) = categories(accessible.event)
    services.sales_row(accessible.pk)
    PerformanceSales.objects.filter(pk=accessible.pk).update(sold=20)
    response = post(
        client,
        accessible,
        buy_data(accessible.event) | {f"wheelchair_{ordinary.pk}": 1},
    )
    assert response.status_code == 303
    accessible.refresh_from_db()
    assert accessible.status == Performance.Status.FEW_LEFT
    post(
        client,
        accessible,
        buy_data(accessible.event) | {f"wheelchair_{ordinary.pk}": 1},
    )
    accessible.refresh_from_db()
    assert accessible.status == Performance.Status.SOLD_OUT


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"companions": 1}, "Bekreft at du har ledsagerbevis"),
        ({"companions": 2, "companion_card": "on"}, "bare sammen med en betalende"),
    ],
)
def test_a_companion_ticket_needs_the_card_and_a_paying_ticket(
    client, stripe_stub, accessible, extra, message
):
    response = post(client, accessible, buy_data(accessible.event, 1) | extra)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Order.objects.exists()


def test_a_companion_ticket_alone_is_refused(client, stripe_stub, accessible):
    response = post(
        client,
        accessible,
        buy_data(accessible.event) | {"companions": 1, "companion_card": "on"},
    )
    assert response.status_code == 400
    assert not Order.objects.exists()


def test_an_event_without_companion_tickets_sells_none(stripe_stub, performance):
    (ordinary, _student) = categories(performance.event)
    with pytest.raises(services.SaleRefused, match="ledsagerbilletter"):
        services.reserve_seats(
            performance,
            {ordinary: 1},
            companions=1,
            name="Kari",
            email="kari@example.org",
        )
    assert not OrderLine.objects.exists()


# A companion ticket never outlives its paying ticket -------------------------


@pytest.fixture
def with_companion(
    client, stripe_stub, accessible, venue, django_capture_on_commit_callbacks
):
    """A paid order: two ordinary tickets and one companion ticket."""
    data = buy_data(accessible.event, 2) | {"companions": 1, "companion_card": "on"}
    with django_capture_on_commit_callbacks(execute=True):
        assert post(client, accessible, data).status_code == 303
        order = Order.objects.get()
        pay_and_notify(client, stripe_stub, order)
    order.refresh_from_db()
    mail.outbox.clear()
    return order


def tickets_of(order, kind):
    return list(order.tickets.filter(line__kind=kind, refunded_at=None))


def test_refunding_the_last_paying_ticket_refunds_its_companion_too(
    stripe_stub, with_companion, django_capture_on_commit_callbacks
):
    first, second = tickets_of(with_companion, OrderLine.Kind.SEAT)
    # One paying ticket still carries the companion.
    services.refund_order(with_companion, [first])
    assert len(tickets_of(with_companion, OrderLine.Kind.COMPANION)) == 1
    with django_capture_on_commit_callbacks(execute=True):
        refund = services.refund_order(with_companion, [second])
    assert refund.amount_ore == 35000
    assert tickets_of(with_companion, OrderLine.Kind.COMPANION) == []
    with_companion.refresh_from_db()
    assert with_companion.status == Order.Status.REFUNDED
    # Every seat, the companion's too, is back on sale.
    assert sales(with_companion.performance).sold == 0


def test_refunding_both_paying_tickets_at_once_takes_the_companion(
    stripe_stub, with_companion
):
    paying = tickets_of(with_companion, OrderLine.Kind.SEAT)
    refund = services.refund_order(with_companion, paying)
    assert refund.tickets.count() == 3
    assert refund.amount_ore == 70000


def test_a_companion_ticket_alone_cannot_be_refunded(stripe_stub, with_companion):
    (companion,) = tickets_of(with_companion, OrderLine.Kind.COMPANION)
    with pytest.raises(
        services.RefundRefused, match="(?i)ledsagerbillett|companion ticket"
    ):
        services.refund_order(with_companion, [companion])
    assert not stripe_stub.refunds
    assert tickets_of(with_companion, OrderLine.Kind.COMPANION) == [companion]


def test_the_editor_is_told_the_companion_went_with_the_refund(
    client, stripe_stub, with_companion
):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    url = reverse("tickets_admin:refund", args=[with_companion.pk])
    paying = tickets_of(with_companion, OrderLine.Kind.SEAT)
    response = client.post(url, {"tickets": [t.pk for t in paying]}, follow=True)
    html = response.content.decode()
    assert "1 ledsagerbillett ble også refundert" in html
    (companion,) = with_companion.tickets.filter(line__kind=OrderLine.Kind.COMPANION)
    assert companion.refunded_at is not None

    assert not with_companion.tickets.filter(refunded_at=None).exists()
