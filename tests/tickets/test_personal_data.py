"""The tickets app's personal data: orders are exported with the buyer's
data; erasure removes name, email and account link from paid orders and
keeps amounts, dates and numbers (bookkeeping); the purge deletes them after
five years; the profiling choice is exported."""

import datetime

import pytest
from django.utils import timezone

from privacy import registry
from privacy.registry import Subject
from tickets import services
from tickets.models import Order, OrderLine, RecommendationChoice, StripeEvent, Ticket

from ..bench.seeding import can_seed, seed
from ..factories import UserFactory
from .conftest import buy, pay_and_notify

pytestmark = pytest.mark.django_db


@pytest.fixture
def kari(db):
    return UserFactory(email="kari@example.org", first_name="Kari")


@pytest.fixture
def orders(client, stripe_stub, performance, kari):
    """Kari's paid order (signed in), her pending one (by address, not signed
    in), and Ola's paid one."""
    client.force_login(kari)
    buy(client, performance, 1)
    pay_and_notify(client, stripe_stub, Order.objects.get())
    client.logout()
    buy(client, performance, 1, email="KARI@example.org")
    buy(client, performance, 2, name="Ola Hansen", email="ola@example.org")
    pay_and_notify(client, stripe_stub, Order.objects.get(email="ola@example.org"))
    return list(Order.objects.order_by("pk"))


def test_orders_are_exported_with_lines_and_tickets(orders, kari):
    rows = list(registry.get("tickets.orders").export(Subject.for_user(kari)))
    assert [row["status"] for row in rows] == ["paid", "pending"]
    paid = rows[0]
    assert paid["name"] == "Kari Nordmann"
    assert paid["email"] == "kari@example.org"
    assert paid["total_nok"] == "350,00"
    assert paid["lines"] == [
        {"category": "Ordinær", "quantity": 1, "unit_price_nok": "350,00"}
    ]
    (ticket,) = paid["tickets"]
    assert ticket["code"] == orders[0].tickets.get().code


def test_erasure_removes_the_buyer_and_keeps_the_bookkeeping(orders, kari):
    result = registry.get("tickets.orders").erase(Subject.for_user(kari))

    assert result.kept == 1
    assert result.anonymised == 2
    assert "bokføringsloven" in str(result.kept_reason)
    paid = Order.objects.get(pk=orders[0].pk)
    assert (paid.name, paid.email, paid.user) == ("", "", None)
    assert paid.erased_at is not None
    assert paid.number and paid.total_ore == 35000 and paid.paid_at
    assert paid.lines.count() == 1 and paid.tickets.count() == 1
    pending = Order.objects.get(pk=orders[1].pk)
    assert (pending.name, pending.email) == ("", "")
    ola = Order.objects.get(email="ola@example.org")
    assert ola.name == "Ola Hansen"
    assert not list(registry.get("tickets.orders").export(Subject.for_user(kari)))


def test_erasure_deletes_orders_that_were_never_paid(orders, kari):
    services.release_order(orders[1], Order.Status.EXPIRED)
    result = registry.get("tickets.orders").erase(Subject.for_email("kari@example.org"))
    assert result.deleted == 1
    assert not Order.objects.filter(pk=orders[1].pk).exists()


def test_the_purge_deletes_orders_after_the_bookkeeping_years(orders):
    now = timezone.now()
    local = timezone.localtime(now)
    # Made in the last year whose five years are over, and on the first day
    # of the first year still kept.
    old = local.replace(year=local.year - 6, month=12, day=31, hour=23)
    kept = local.replace(year=local.year - 5, month=1, day=1, hour=0, minute=1)
    Order.objects.filter(pk=orders[0].pk).update(created_at=old)
    Order.objects.filter(pk=orders[2].pk).update(created_at=kept)
    services.release_order(orders[1], Order.Status.EXPIRED)
    Order.objects.filter(pk=orders[1].pk).update(
        closed_at=now - datetime.timedelta(days=31)
    )
    remembered = StripeEvent.objects.count()
    StripeEvent.objects.update(received_at=now - datetime.timedelta(days=31))

    counts = services.purge_expired_orders(now=now)

    assert counts == {
        "old orders": 1,
        "unpaid orders": 1,
        "free orders": 0,
        "stripe events": remembered,
    }
    assert list(Order.objects.values_list("pk", flat=True)) == [orders[2].pk]
    assert not Ticket.objects.filter(order_id=orders[0].pk).exists()
    assert not OrderLine.objects.filter(order_id=orders[0].pk).exists()


def test_the_recommendation_choice_is_exported_and_erased(kari):
    kind = registry.get("tickets.recommendations")
    assert list(kind.export(Subject.for_user(kari))) == []
    services.set_recommendations(kari, False)
    (row,) = kind.export(Subject.for_user(kari))
    assert row["suggestions_from_purchases"] is False
    kind.erase(Subject.for_user(kari))
    assert not RecommendationChoice.objects.exists()


def test_orders_seed_for_the_export_benchmark(kari):
    kind = registry.get("tickets.orders")
    assert can_seed(kind)
    seed(kind, Subject.for_user(kari), 50)
    rows = list(kind.export(Subject.for_user(kari)))
    assert len(rows) == 50
    assert all(len(row["tickets"]) == 2 for row in rows)


def test_exporting_many_orders_takes_a_fixed_number_of_queries(
    kari, django_assert_max_num_queries
):
    kind = registry.get("tickets.orders")
    seed(kind, Subject.for_user(kari), 120)
    subject = Subject.for_user(kari)
    with django_assert_max_num_queries(4):
        assert len(list(kind.export(subject))) == 120
