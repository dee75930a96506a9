"""A checkout hold that runs out gives its seats back within a minute, to
sale or to the waiting list, even when Stripe's ``checkout.session.expired``
webhook never comes: the periodic job runs every 30 s and releases holds
past their time by more than a few seconds' grace, expiring the session at
Stripe first so it can no longer be paid."""

import datetime

import pytest
from django.conf import settings
from django.core import mail
from django.utils import timezone

from events.models import Performance
from tickets import tasks
from tickets.conf import conf
from tickets.models import Order, PerformanceSales, WaitingListEntry

from .conftest import buy

pytestmark = pytest.mark.django_db


def test_the_schedule_brings_expired_holds_and_offers_back_within_a_minute():
    schedule = dict(settings.PERIODIC_TASKS)
    holds = schedule["tickets.tasks.release_expired_holds_task"]
    offers = schedule["tickets.tasks.pass_expired_offers_task"]
    # Worst case: the hold runs out just after a run; the scheduler checks
    # every 10 s.
    assert holds + conf.HOLD_GRACE_SECONDS + 10 <= 60
    assert offers + 10 <= 60


@pytest.fixture
def held_out(client, stripe_stub, performance, venue):
    """Two seats, both held by one checkout Kari never finishes."""
    Performance.objects.filter(pk=performance.pk).update(capacity=2)
    assert buy(client, performance, 2).status_code == 303
    performance.refresh_from_db()
    assert performance.status == Performance.Status.SOLD_OUT
    return Order.objects.get()


def run_out(order, seconds_ago):
    Order.objects.filter(pk=order.pk).update(
        hold_expires_at=timezone.now() - datetime.timedelta(seconds=seconds_ago)
    )


def test_an_expired_hold_goes_to_the_waiting_list_without_a_webhook(
    stripe_stub, held_out, django_capture_on_commit_callbacks
):
    performance = held_out.performance
    entry = WaitingListEntry.objects.create(
        performance=performance, email="ola@example.org", quantity=2
    )
    run_out(held_out, conf.HOLD_GRACE_SECONDS + 5)

    with django_capture_on_commit_callbacks(execute=True):
        tasks.release_expired_holds_task.enqueue()

    held_out.refresh_from_db()
    entry.refresh_from_db()
    assert held_out.status == Order.Status.EXPIRED
    # Expired at Stripe first: the buyer can no longer pay it.
    assert stripe_stub.sessions[held_out.stripe_session_id]["status"] == "expired"
    assert entry.status == WaitingListEntry.Status.OFFERED
    assert entry.offered_quantity == 2
    row = PerformanceSales.objects.get(pk=performance.pk)
    # The seats are held again, now for the offer.
    assert (row.sold, row.held) == (0, 2)
    assert [m.to for m in mail.outbox] == [["ola@example.org"]]


def test_an_expired_hold_goes_back_on_sale_when_no_one_waits(
    client, stripe_stub, held_out
):
    run_out(held_out, conf.HOLD_GRACE_SECONDS + 5)
    tasks.release_expired_holds_task.enqueue()
    performance = Performance.objects.get(pk=held_out.performance_id)
    assert performance.status == Performance.Status.ON_SALE
    assert buy(client, performance, 2, email="ola@example.org").status_code == 303


def test_a_hold_within_its_grace_is_left_for_the_webhook(stripe_stub, held_out):
    run_out(held_out, conf.HOLD_GRACE_SECONDS - 10)
    tasks.release_expired_holds_task.enqueue()
    held_out.refresh_from_db()
    assert held_out.status == Order.Status.PENDING
    assert stripe_stub.sessions[held_out.stripe_session_id]["status"] == "open"


def test_a_hold_paid_at_the_last_moment_is_kept(stripe_stub, held_out):
    stripe_stub.pay(held_out.stripe_session_id)
    run_out(held_out, conf.HOLD_GRACE_SECONDS + 5)
    tasks.release_expired_holds_task.enqueue()
    held_out.refresh_from_db()
    assert held_out.status == Order.Status.PAID
    row = PerformanceSales.objects.get(pk=held_out.performance_id)
    assert (row.sold, row.held) == (2, 0)
