"""Races on PostgreSQL, with real concurrent connections: twenty buyers for
five seats, a webhook that cannot get an order's lock in time, and a buyer
and editors cancelling the same free order at once. SQLite serialises
every writer on its own, so these need PostgreSQL (CI runs the suite on
both)."""

import contextlib
import threading

import pytest
from django.db import connection, connections, transaction
from django.urls import reverse

from tickets import services
from tickets.models import Order, PerformanceSales, Ticket

from ..factories import EventPageFactory, PerformanceFactory, UserFactory
from ..migrated_data import restore_migrated_data
from .conftest import buy, post_event

BUYERS = 20
SEATS = 5

needs_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="Row locks race only on PostgreSQL; SQLite runs one writer at a time "
    "(CI runs this on PostgreSQL).",
)
pytestmark = [
    needs_postgresql,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture(scope="module", autouse=True)
def migrated_data_restored(django_db_setup, django_db_blocker):
    """Each test here starts from what the migrations created (serialized
    rollback) and ends with the tables emptied; put it back after the last
    one, for the tests that run later."""
    yield
    with django_db_blocker.unblock():
        restore_migrated_data()


def in_threads(count, work):
    """Run ``work(i)`` in ``count`` threads, each with its own database
    connection, released together; return their results."""
    barrier = threading.Barrier(count)
    results = [None] * count

    def run(index):
        try:
            barrier.wait(timeout=30)
            results[index] = work(index)
        except Exception as error:  # noqa: BLE001 (reported to the test)
            results[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results


@contextlib.contextmanager
def locked_elsewhere(order):
    """While the block runs, another connection holds ``order``'s row lock
    (the buyer's own request, say), and lets go after it."""
    locked, release = threading.Event(), threading.Event()

    def hold_the_lock(_index):
        with transaction.atomic():
            Order.objects.select_for_update().get(pk=order.pk)
            locked.set()
            release.wait(timeout=30)

    holder = threading.Thread(target=in_threads, args=(1, hold_the_lock))
    holder.start()
    assert locked.wait(timeout=30)
    try:
        yield
    finally:
        release.set()
        holder.join()


def test_twenty_buyers_racing_for_five_seats_get_exactly_five_tickets(
    client, stripe_stub, performance
):
    PerformanceSales.objects.update_or_create(performance=performance)
    type(performance).objects.filter(pk=performance.pk).update(capacity=SEATS)

    def checkout(index):
        browser = client.__class__()
        return buy(
            browser, performance, 1, email=f"buyer{index}@example.org"
        ).status_code

    statuses = in_threads(BUYERS, checkout)

    assert sorted(statuses) == [303] * SEATS + [409] * (BUYERS - SEATS), statuses
    orders = list(Order.objects.filter(status=Order.Status.PENDING))
    assert len(orders) == SEATS

    def pay(index):
        order = orders[index % SEATS]
        session = (
            stripe_stub.pay(order.stripe_session_id)
            if index < SEATS
            else (stripe_stub.sessions[order.stripe_session_id])
        )
        return post_event(
            client.__class__(), "checkout.session.completed", session
        ).status_code

    assert set(in_threads(SEATS * 2, pay)) == {200}
    assert Ticket.objects.count() == SEATS
    assert Order.objects.filter(status=Order.Status.PAID).count() == SEATS
    row = PerformanceSales.objects.get(pk=performance.pk)
    assert (row.sold, row.held) == (SEATS, 0)


def test_a_webhook_that_cannot_lock_the_order_in_time_answers_503(
    client, stripe_stub, bought, settings
):
    settings.TICKETS_LOCK_TIMEOUT_MS = 200
    session = stripe_stub.pay(bought.stripe_session_id)
    with locked_elsewhere(bought):
        response = post_event(
            client, "checkout.session.completed", session, event_id="evt_test_busy"
        )

    assert response.status_code == 503
    assert Order.objects.get().status == Order.Status.PENDING
    retried = post_event(
        client, "checkout.session.completed", session, event_id="evt_test_busy"
    )
    assert retried.status_code == 200
    assert Order.objects.get().status == Order.Status.PAID


def test_the_lock_timeout_error_is_seen_as_one(stripe_stub, bought, settings):
    """Without a webhook: ``locking()`` turns PostgreSQL's lock timeout into
    LockTimeout."""
    settings.TICKETS_LOCK_TIMEOUT_MS = 100
    with locked_elsewhere(bought), pytest.raises(services.LockTimeout):
        with services.locking():
            Order.objects.select_for_update().get(pk=bought.pk)
    assert reverse("tickets:stripe_webhook")


WHEELCHAIR_PLACES = 3


def test_buyers_racing_for_the_wheelchair_places_never_oversell_them(
    client, stripe_stub, performance
):
    """Twelve buyers want two wheelchair places each of three: one gets two,
    one the last place at most, never more than three are held or sold."""
    PerformanceSales.objects.update_or_create(performance=performance)
    type(performance).objects.filter(pk=performance.pk).update(
        wheelchair_places=WHEELCHAIR_PLACES
    )
    (ordinary, _student) = performance.event.price_categories.order_by("sort_order")

    def checkout(index):
        return (
            client.__class__()
            .post(
                reverse("tickets:buy", args=[performance.pk]),
                {
                    "name": "Rullende Rita",
                    "email": f"rita{index}@example.org",
                    f"wheelchair_{ordinary.pk}": 2 if index % 2 else 1,
                },
            )
            .status_code
        )

    statuses = in_threads(12, checkout)

    assert set(statuses) <= {303, 409}, statuses
    row = PerformanceSales.objects.get(pk=performance.pk)
    held = sum(
        Order.objects.filter(status=Order.Status.PENDING).values_list(
            "wheelchair_quantity", flat=True
        )
    )
    assert row.wheelchair_held == held <= WHEELCHAIR_PLACES
    assert row.wheelchair_held >= WHEELCHAIR_PLACES - 1  # at most 1 left over
    assert (row.held, row.sold) == (0, 0)

    orders = list(Order.objects.filter(status=Order.Status.PENDING))

    def pay(index):
        order = orders[index]
        session = stripe_stub.pay(order.stripe_session_id)
        return post_event(
            client.__class__(), "checkout.session.completed", session
        ).status_code

    assert set(in_threads(len(orders), pay)) == {200}
    row.refresh_from_db()
    assert (row.wheelchair_sold, row.wheelchair_held) == (held, 0)
    assert Ticket.objects.filter(line__kind="wheelchair").count() == held


def test_twenty_visitors_racing_for_five_free_seats_get_exactly_five_tickets(
    client, event_index, hall, settings
):
    """Free tickets, without Stripe keys: the same row lock decides, so
    exactly five visitors get a seat, each confirmed at once; the others are
    told it is full. Then ten of them cancel and re-register at once."""
    settings.STRIPE_SECRET_KEY = ""
    event = EventPageFactory(
        parent=event_index, title="Dansens dag", free_entry="ticket_here"
    )
    performance = PerformanceFactory(event=event, hall=hall, capacity=SEATS)
    PerformanceSales.objects.update_or_create(performance=performance)

    def register(index):
        return (
            client.__class__()
            .post(
                reverse("tickets:buy", args=[performance.pk]),
                {
                    "name": "Gratis Gunn",
                    "email": f"gunn{index}@example.org",
                    "quantity": "1",
                },
            )
            .status_code
        )

    statuses = in_threads(BUYERS, register)

    assert sorted(statuses) == [303] * SEATS + [409] * (BUYERS - SEATS), statuses
    assert Order.objects.filter(status=Order.Status.FREE).count() == SEATS
    assert Ticket.objects.count() == SEATS
    row = PerformanceSales.objects.get(pk=performance.pk)
    assert (row.sold, row.held) == (SEATS, 0)

    # Two of the five cancel while eight others try to take their seats.
    leaving = list(Order.objects.filter(status=Order.Status.FREE)[:2])

    def cancel_or_register(index):
        if index < len(leaving):
            return services.cancel_free_order(leaving[index]).status
        return register(100 + index)

    results = in_threads(10, cancel_or_register)
    assert results[:2] == [Order.Status.CANCELLED] * 2, results
    row.refresh_from_db()
    confirmed = Order.objects.filter(status=Order.Status.FREE).count()
    assert row.sold == confirmed <= SEATS
    assert Ticket.objects.filter(refunded_at=None).count() == confirmed
    assert set(results[2:]) <= {303, 409}


def test_the_buyer_and_editors_cancelling_at_once_free_the_seats_once(
    client, event_index, hall, settings
):
    """The buyer cancels on the order page while editors press "Avbestill"
    for them in the admin: the order's lock lets exactly one through, and
    its seats come back once, not once per click."""
    settings.STRIPE_SECRET_KEY = ""
    event = EventPageFactory(
        parent=event_index, title="Dansens dag", free_entry="ticket_here"
    )
    performance = PerformanceFactory(event=event, hall=hall, capacity=SEATS)
    kept = services.register_free_tickets(
        performance, 2, name="Ola", email="ola@example.org"
    )
    order = services.register_free_tickets(
        performance, 3, name="Kari", email="kari@example.org"
    )
    boss = UserFactory(is_staff=True, is_superuser=True)

    def cancel(index):
        browser = client.__class__()
        if index == 0:
            url = reverse("tickets:cancel_free", args=[order.access_key])
        else:
            browser.force_login(boss)
            url = reverse("tickets_admin:cancel_free", args=[order.pk])
        return browser.post(url).status_code

    statuses = in_threads(6, cancel)

    assert sorted(statuses) in ([302] + [409] * 5, [303] + [409] * 5), statuses
    row = PerformanceSales.objects.get(pk=performance.pk)
    assert row.sold == kept.quantity
    assert Order.objects.get(pk=order.pk).status == Order.Status.CANCELLED
    assert Ticket.objects.filter(refunded_at=None).count() == kept.quantity


def test_an_editors_cancel_that_cannot_lock_the_order_in_time_is_a_503(
    client, event_index, hall, settings
):
    """The order is busy (the buyer's own cancel, say): the editor is told
    to try again, and nothing changes."""
    settings.TICKETS_LOCK_TIMEOUT_MS = 200
    event = EventPageFactory(
        parent=event_index, title="Dansens dag", free_entry="ticket_here"
    )
    performance = PerformanceFactory(event=event, hall=hall, capacity=SEATS)
    order = services.register_free_tickets(
        performance, 2, name="Kari", email="kari@example.org"
    )
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    with locked_elsewhere(order):
        response = client.post(reverse("tickets_admin:cancel_free", args=[order.pk]))

    assert response.status_code == 503
    assert "Prøv igjen" in response.content.decode()
    assert Order.objects.get(pk=order.pk).status == Order.Status.FREE
    assert PerformanceSales.objects.get(pk=performance.pk).sold == 2
