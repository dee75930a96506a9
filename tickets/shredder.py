"""Erasing one event's buyers' personal data once the event is over, like
pretix's data shredders: the orders stay as bookkeeping records (amounts,
dates, payment references, ticket counts and codes) without the buyer's
name, address or account, and the door lists print no names.

What an event's orders hold of their buyers is listed in :data:`PARTS`,
one entry per kind of data, each able to count, export and erase it; the
preview, the download and the erasure all walk that list. (Orders ask no
questions and hold no phone numbers today; a part added for them is
shown, downloaded and erased with the rest.) Corrections recorded for the
orders go too, through privacy/rectification.py."""

import csv
import dataclasses
import io
import zipfile
from collections.abc import Callable
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Max, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from events.models import EventPage, Performance
from privacy import rectification

from .conf import conf
from .models import Order, Shredding, Ticket

ORDERS_KIND = "tickets.orders"


@dataclasses.dataclass(frozen=True)
class Part:
    """One kind of a buyer's data on an event's orders."""

    key: str
    label: str
    count: Callable  # (orders) -> int
    columns: tuple[str, ...]
    rows: Callable  # (orders) -> iterable of tuples, for the download


def _orders_with(field):
    return lambda orders: orders.exclude(**{field: ""}).count()


PARTS = (
    Part(
        key="names",
        label=_("Buyers' names"),
        count=_orders_with("name"),
        columns=("order", "name"),
        rows=lambda orders: orders.exclude(name="").values_list("number", "name"),
    ),
    Part(
        key="emails",
        label=_("Buyers' email addresses"),
        count=_orders_with("email"),
        columns=("order", "email"),
        rows=lambda orders: orders.exclude(email="").values_list("number", "email"),
    ),
    Part(
        key="accounts",
        label=_("Links from orders to the buyers' accounts"),
        count=lambda orders: orders.exclude(user=None).count(),
        columns=("order", "account"),
        rows=lambda orders: orders.exclude(user=None).values_list("number", "user_id"),
    ),
    Part(
        key="door_list",
        label=_("Names on the door lists (tickets)"),
        count=lambda orders: Ticket.objects.filter(
            order__in=orders.exclude(name="")
        ).count(),
        columns=("ticket", "order", "price category", "name"),
        rows=lambda orders: (
            Ticket.objects.filter(order__in=orders.exclude(name=""))
            .order_by("order__number", "code")
            .values_list("code", "order__number", "line__category_name", "order__name")
        ),
    ),
    Part(
        key="corrections",
        label=_("Records of corrections of the buyers' details"),
        count=lambda orders: rectification.records_of(
            ORDERS_KIND, orders.values_list("pk", flat=True)
        ).count(),
        columns=("order", "when", "fields", "why"),
        rows=lambda orders: [
            (number_by_pk.get(record_id), at.isoformat(), fields, reason)
            for number_by_pk in [dict(orders.values_list("pk", "number"))]
            for record_id, at, fields, reason in rectification.records_of(
                ORDERS_KIND, number_by_pk
            ).values_list("record_id", "at", "fields", "reason")
        ],
    ),
)


def last_start(event) -> timezone.datetime | None:
    return Performance.objects.filter(event=event).aggregate(last=Max("start"))["last"]


def is_over(event, now=None) -> bool:
    """Whether the event's last performance started at least
    ``TICKETS_SHRED_AFTER_HOURS`` ago (an event with no performances is
    not over: there is nothing to be over)."""
    last = last_start(event)
    now = now or timezone.now()
    return last is not None and last <= now - timedelta(hours=conf.SHRED_AFTER_HOURS)


def orders_of(event):
    return Order.objects.filter(performance__event=event)


def events(now=None):
    """Events with orders or performances, newest first, each with its last
    performance, its orders, the orders still holding a buyer's name,
    address or account, and whether it is over; one query."""
    now = now or timezone.now()
    cutoff = now - timedelta(hours=conf.SHRED_AFTER_HOURS)
    identified = (
        Q(performances__ticket_orders__name__gt="")
        | Q(performances__ticket_orders__email__gt="")
        | Q(performances__ticket_orders__user__isnull=False)
    )
    listed = (
        EventPage.objects.annotate(
            last_start=Max("performances__start"),
            order_count=Count("performances__ticket_orders", distinct=True),
            identified=Count(
                "performances__ticket_orders", filter=identified, distinct=True
            ),
        )
        .filter(last_start__isnull=False)
        .order_by("-last_start")
    )
    for event in listed:
        event.is_over = event.last_start <= cutoff
    return listed


def refuse_unless_over(event, now=None) -> None:
    if not is_over(event, now):
        raise ValidationError(
            _(
                "%(title)s has not taken place yet (or its last performance was "
                "less than %(hours)s hours ago). Its buyers' data is needed until "
                "then: for the tickets, the door list and changes."
            )
            % {"title": event.title, "hours": conf.SHRED_AFTER_HOURS}
        )


def preview(event) -> list[tuple[Part, int]]:
    """What an erasure would remove, part by part, with counts."""
    orders = orders_of(event)
    return [(part, part.count(orders)) for part in PARTS]


def download(event) -> bytes:
    """A ZIP with one CSV per part (UTF-8 with a byte order mark, so
    spreadsheets read æøå), for the venue to keep what it needs first."""
    orders = orders_of(event).order_by("number", "pk")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for part in PARTS:
            text = io.StringIO()
            text.write("\ufeff")
            writer = csv.writer(text)
            writer.writerow(part.columns)
            writer.writerows(part.rows(orders))
            archive.writestr(f"{part.key}.csv", text.getvalue())
    return buffer.getvalue()


def shred(event, *, editor, now=None) -> Shredding:
    """Erase the buyers' personal data of every order for ``event``, which
    must be over: names, addresses and account links go, the orders stay
    for the books; corrections recorded for them go. Logged with who and
    when. Refused (``ValidationError``) for an event not over yet."""
    now = now or timezone.now()
    with transaction.atomic():
        EventPage.objects.select_for_update().filter(pk=event.pk).first()
        refuse_unless_over(event, now)
        orders = orders_of(event)
        counts = {part.key: part.count(orders) for part in PARTS}
        order_ids = list(orders.values_list("pk", flat=True))
        rectification.forget(ORDERS_KIND, order_ids)
        Order.objects.filter(pk__in=order_ids).update(
            name="", email="", user=None, erased_at=now
        )
        return Shredding.objects.create(
            event=event,
            event_title=event.title,
            shredded_at=now,
            editor=editor,
            orders=len(order_ids),
            counts=counts,
        )


def shreddings_of(event):
    return Shredding.objects.filter(event=event).select_related("editor")
