"""The oversell protection: every change to a performance's seat counters
happens here, inside a transaction that holds the performance's sales row
lock.

Seats are counted in one row per performance (:class:`PerformanceSales`:
``sold`` and ``held``), changed only by :func:`change_seats` while that
row's lock is held (:func:`lock_sales`), so two buyers racing for the last
seats never both get them. An order holds its seats while it is pending
(``Order.quantity`` of them); leaving pending (paid, expired, cancelled)
moves them to sold or back to sale.

Locks are always taken order first, then the performance's row: reserving
locks only the row (the order is new), so no two paths wait on each other
in a circle."""

from contextlib import contextmanager

from django.db import OperationalError, connection, transaction
from django.db.models import F
from django.db.models.functions import Greatest

from .conf import conf
from .models import Order, PerformanceSales

# Lock errors a webhook answers with 503: PostgreSQL's lock_timeout
# (55P03) and a deadlock (40P01); SQLite's busy timeout.
LOCK_SQLSTATES = {"55P03", "40P01"}


class LockTimeout(Exception):
    """A row lock was not had in time (the webhook answers 503)."""


def _is_lock_error(error) -> bool:
    cause = error.__cause__
    sqlstate = getattr(cause, "sqlstate", None) or getattr(cause, "pgcode", None)
    return sqlstate in LOCK_SQLSTATES or "database is locked" in str(error)


@contextmanager
def locking():
    """A transaction whose row locks wait at most ``TICKETS_LOCK_TIMEOUT_MS``
    (on PostgreSQL; SQLite waits its busy timeout) and then raise
    :class:`LockTimeout`."""
    try:
        with transaction.atomic():
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute(
                        f"SET LOCAL lock_timeout = {int(conf.LOCK_TIMEOUT_MS)}"
                    )
            yield
    except OperationalError as error:
        if _is_lock_error(error):
            raise LockTimeout from error
        raise


def sales_row(performance_id) -> PerformanceSales:
    """The performance's sales row, created when missing (outside any
    lock, so a race to create it is settled by the primary key)."""
    sales, _created = PerformanceSales.objects.get_or_create(
        performance_id=performance_id
    )
    return sales


def lock_sales(performance_id) -> PerformanceSales:
    """The performance's sales row, locked until the transaction ends."""
    sales_row(performance_id)
    return PerformanceSales.objects.select_for_update().get(
        performance_id=performance_id
    )


def lock_order(**lookup) -> Order | None:
    """The order matching ``lookup``, locked until the transaction ends."""
    return Order.objects.select_for_update().filter(**lookup).first()


def change_seats(sales, **deltas) -> None:
    """Add ``deltas`` (``held=2``, ``sold=-1``, ...) to the counters of a
    sales row locked by :func:`lock_sales`, in the database and on
    ``sales``. A counter never goes below zero."""
    updates = {}
    for field, delta in deltas.items():
        if not delta:
            continue
        updates[field] = (
            F(field) + delta if delta > 0 else Greatest(F(field) + delta, 0)
        )
        setattr(sales, field, max(0, getattr(sales, field) + delta))
    if updates:
        PerformanceSales.objects.filter(pk=sales.pk).update(**updates)
