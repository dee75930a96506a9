"""Free tickets of a free event (``EventPage.free_entry`` "free ticket on
the website"): registered through the same buy page and the same seat
counters as a sale, under the same lock, but confirmed at once without
Stripe. The order's tickets are issued and the receipt (0 kr, no payment)
is mailed; the buyer can cancel it from the order page, or an editor for
them in the admin, which gives the seats back (to the waiting list first),
as there is nothing to refund.

An event gives free tickets by its "free entry" choice, not by prices of 0:
editors already say there how a free event is attended (no ticket, ticket
at the door), a price has a 3 kr floor because Stripe charges no less, and
a 0 typed by mistake on a paid event would give its seats away. The admin
form refuses prices left on an event with free tickets."""

import functools

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from accounts.services import can_participate, participation_block_reason
from events.models import Performance

from .. import mail
from ..conf import conf
from ..models import ORDER_NUMBER_OFFSET, Order, OrderLine, Ticket
from ..seats import change_seats, lock_order, lock_sales, locking
from . import waiting_list
from .availability import sale_refusal, sync_status
from .buying import SaleRefused, claim_offer_with, issue_tickets


class CancelRefused(Exception):
    """The order cannot be cancelled; the message tells the buyer why."""


def register_free_tickets(
    performance, count, *, name, email, wheelchair=0, user=None, language="nb"
) -> Order:
    """Confirm a free order of ``count`` tickets, ``wheelchair`` of them on
    the performance's wheelchair places, with their codes. Raises
    :class:`SaleRefused` when the event gives no free tickets, the
    performance cannot be booked or too few places are left; two visitors
    racing for the last places never both get them."""
    with locking():
        return _register(
            performance,
            count,
            name=name,
            email=email,
            wheelchair=wheelchair,
            user=user,
            language=language,
        )


def _register(performance, count, *, name, email, wheelchair, user, language):
    """The registration, in the caller's transaction (which then holds the
    sales row's lock)."""
    if not 1 <= count <= conf.MAX_PER_ORDER:
        raise SaleRefused(
            _("Choose between 1 and %(max)d tickets.") % {"max": conf.MAX_PER_ORDER}
        )
    if not 0 <= wheelchair <= count:
        raise SaleRefused(_("Wheelchair places are counted among the tickets."))
    if user is not None and not can_participate(user):
        raise SaleRefused(participation_block_reason(user))
    now = timezone.now()
    sales = lock_sales(performance.pk)
    performance = Performance.objects.select_related("hall", "event").get(
        pk=performance.pk
    )
    if not performance.event.free_tickets_here:
        raise SaleRefused(_("This event has no free tickets."))
    refusal = sale_refusal(performance, sales, now=now)
    if refusal:
        raise SaleRefused(refusal)
    seats = count - wheelchair
    left = sales.left(performance.effective_capacity)
    if seats > left:
        raise SaleRefused(
            _("Only %(left)d tickets are left for this performance.") % {"left": left}
        )
    wheelchair_left = sales.wheelchair_left(performance.wheelchair_places)
    if wheelchair > wheelchair_left:
        raise SaleRefused(
            _("Only %(left)d wheelchair places are left for this performance.")
            % {"left": wheelchair_left}
        )
    change_seats(sales, sold=seats, wheelchair_sold=wheelchair)
    order = Order.objects.create(
        performance=performance,
        # As for a sale: the title the buyer reads, in their language.
        event_title=performance.event.in_language(language or "nb").title,
        performance_start=performance.start,
        user=user if getattr(user, "is_authenticated", False) else None,
        name=name,
        email=email,
        language=language or "nb",
        status=Order.Status.FREE,
        quantity=count,
        wheelchair_quantity=wheelchair,
        currency=conf.CURRENCY,
        total_ore=0,
        paid_at=now,
    )
    order.number = str(ORDER_NUMBER_OFFSET + order.pk)
    order.save(update_fields=["number"])
    with translation.override(order.language):
        label = _("Free ticket")
    OrderLine.objects.bulk_create(
        OrderLine(
            order=order,
            kind=kind,
            category_name=label,
            unit_price_ore=0,
            quantity=quantity,
        )
        for kind, quantity in (
            (OrderLine.Kind.SEAT, seats),
            (OrderLine.Kind.WHEELCHAIR, wheelchair),
        )
        if quantity
    )
    issue_tickets(order)
    sync_status(performance, sales)
    transaction.on_commit(functools.partial(mail.send_receipt_task.enqueue, order.pk))
    return order


def claim_free_offer(
    entry, count, *, wheelchair=0, name, email, user=None, language="nb"
) -> Order:
    """Turn a waiting-list offer of a free event into free tickets for (at
    most) the offered places, in one transaction, so no one else can take
    them in between; places not taken go to the next people."""
    return claim_offer_with(
        entry,
        seats=count - wheelchair,
        places=wheelchair,
        make_order=lambda: _register(
            entry.performance,
            count,
            name=name,
            email=email,
            wheelchair=wheelchair,
            user=user,
            language=language,
        ),
    )


def cancel_refusal(order, now=None) -> str:
    """Why ``order`` cannot be cancelled as free tickets, or ``""``: the
    admin's confirmation page asks before it offers the button, and
    :func:`cancel_free_order` asks again under the order's lock."""
    if order is None or not order.is_free:
        return _("Only confirmed free tickets can be cancelled here.")
    if order.performance_start < (now or timezone.now()):
        return _("The performance has already started.")
    return ""


def cancel_free_order(order, now=None, *, by=None) -> Order:
    """Give back the free tickets of ``order`` before the performance
    starts: the tickets no longer let anyone in, and their places go to
    the waiting list or back to the shop. ``by`` is the editor who cancels
    for the buyer (who phoned, say), recorded in the admin's history; the
    buyer is mailed either way. Raises :class:`CancelRefused` for an order
    that is not a confirmed free one or whose performance has started."""
    now = now or timezone.now()
    with locking():
        locked = lock_order(pk=order.pk)
        refusal = cancel_refusal(locked, now)
        if refusal:
            raise CancelRefused(refusal)
        if locked.performance_id:
            sales = lock_sales(locked.performance_id)
            change_seats(
                sales,
                sold=-locked.seat_quantity,
                wheelchair_sold=-locked.wheelchair_quantity,
            )
            performance = Performance.objects.select_related("hall").get(
                pk=locked.performance_id
            )
            waiting_list.offer_seats(sales, performance)
            sync_status(performance, sales)
        Ticket.objects.filter(order=locked, refunded_at=None).update(refunded_at=now)
        locked.status = Order.Status.CANCELLED
        locked.closed_at = now
        locked.save(update_fields=["status", "closed_at"])
        if by is not None:
            # Labelled "Order <number>" (Order.__str__): never the buyer.
            log(instance=locked, action="tickets.cancel_free", user=by)
        transaction.on_commit(
            functools.partial(mail.send_cancellation_mail_task.enqueue, locked.pk)
        )
    return locked
