"""What the tickets app deletes when its retention periods run out."""

import datetime

from django.utils import timezone

from ..conf import conf
from ..models import Order, StripeEvent


def purge_expired_orders(now=None) -> dict[str, int]:
    """Delete what the tickets app no longer needs to keep, and return the
    counts: orders from years whose bookkeeping period
    (``TICKETS_RETENTION_YEARS`` after the year's end) is over, orders
    never paid after ``TICKETS_UNPAID_ORDER_DAYS``, free tickets'
    orders ``TICKETS_FREE_ORDER_DAYS`` after their performance (no
    bookkeeping record keeps them), and remembered Stripe event ids after
    ``TICKETS_WEBHOOK_EVENT_DAYS``. Reusable by a general purge command."""
    now = now or timezone.now()
    local = timezone.localtime(now)
    first_kept_year = local.year - conf.RETENTION_YEARS
    cutoff = local.replace(
        year=first_kept_year, month=1, day=1, hour=0, minute=0, second=0, microsecond=0
    )
    _count, old = Order.objects.filter(created_at__lt=cutoff).delete()
    _count, unpaid = Order.objects.filter(
        status__in=[Order.Status.EXPIRED, Order.Status.CANCELLED],
        closed_at__lt=now - datetime.timedelta(days=conf.UNPAID_ORDER_DAYS),
    ).delete()
    _count, free = Order.objects.filter(
        status=Order.Status.FREE,
        performance_start__lt=now - datetime.timedelta(days=conf.FREE_ORDER_DAYS),
    ).delete()
    events, _per_model = StripeEvent.objects.filter(
        received_at__lt=now - datetime.timedelta(days=conf.WEBHOOK_EVENT_DAYS)
    ).delete()
    label = Order._meta.label
    return {
        "old orders": old.get(label, 0),
        "unpaid orders": unpaid.get(label, 0),
        "free orders": free.get(label, 0),
        "stripe events": events,
    }
