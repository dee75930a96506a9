"""Buying: hold seats for a new order, send the buyer to Stripe Checkout,
and fulfil or release the checkout as Stripe reports it."""

import datetime
import functools
import logging

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.services import can_participate, participation_block_reason
from events.models import Performance

from .. import mail
from .. import stripe_gateway as gateway
from ..conf import conf
from ..models import (
    ORDER_NUMBER_OFFSET,
    Order,
    OrderLine,
    Ticket,
    WaitingListEntry,
    new_ticket_code,
)
from ..seats import LockTimeout, change_seats, lock_order, lock_sales, locking
from . import waiting_list
from .availability import sale_refusal, sales_configured, sync_status
from .refunds import refund_unseated, stripe_id

logger = logging.getLogger(__name__)


class SaleRefused(Exception):
    """The order cannot be taken; the message tells the buyer why."""


class CheckoutUnavailable(Exception):
    """Stripe could not start (or stop) a checkout; try again later."""


def reserve_seats(
    performance,
    quantities,
    *,
    name,
    email,
    wheelchair=None,
    companions=0,
    user=None,
    language="nb",
) -> Order:
    """Hold places for a new pending order: ``quantities`` maps a
    :class:`PriceCategory` of the performance's event to a count of seats,
    ``wheelchair`` one to a count of wheelchair places (the performance's
    own quota), and ``companions`` is a count of free companion tickets
    (seats; only where the event offers them, and at most one per paying
    ticket). Raises :class:`SaleRefused` when the performance cannot be sold
    or has too few places left; two buyers racing for the last places never
    both get them."""
    quantities = {category: count for category, count in quantities.items() if count}
    wheelchair = {c: n for c, n in (wheelchair or {}).items() if n}
    paying = sum(quantities.values()) + sum(wheelchair.values())
    seats = sum(quantities.values()) + companions
    count = paying + companions
    if not 1 <= count <= conf.MAX_PER_ORDER:
        raise SaleRefused(
            _("Choose between 1 and %(max)d tickets.") % {"max": conf.MAX_PER_ORDER}
        )
    if any(
        category.event_id != performance.event_id
        for category in [*quantities, *wheelchair]
    ):
        raise SaleRefused(_("These prices do not belong to this event."))
    if companions and not performance.event.companion_tickets:
        raise SaleRefused(_("This event has no companion tickets."))
    if companions > paying:
        raise SaleRefused(
            _("A companion ticket is only sold together with a paying ticket.")
        )
    if user is not None and not can_participate(user):
        raise SaleRefused(participation_block_reason(user))
    now = timezone.now()
    with transaction.atomic():
        sales = lock_sales(performance.pk)
        performance = Performance.objects.select_related("hall", "event").get(
            pk=performance.pk
        )
        if performance.event.free_tickets_here:
            # Nothing is paid for a free event's tickets (services.free).
            raise SaleRefused(_("Tickets for this event are free."))
        refusal = sale_refusal(performance, sales, now=now)
        if refusal:
            raise SaleRefused(refusal)
        left = sales.left(performance.effective_capacity)
        if seats > left:
            raise SaleRefused(
                _("Only %(left)d tickets are left for this performance.")
                % {"left": left}
            )
        wheelchair_count = sum(wheelchair.values())
        wheelchair_left = sales.wheelchair_left(performance.wheelchair_places)
        if wheelchair_count > wheelchair_left:
            raise SaleRefused(
                _("Only %(left)d wheelchair places are left for this performance.")
                % {"left": wheelchair_left}
            )
        change_seats(sales, held=seats, wheelchair_held=wheelchair_count)
        order = Order.objects.create(
            performance=performance,
            event_title=performance.event.in_language(language or "nb").title,
            performance_start=performance.start,
            user=user if getattr(user, "is_authenticated", False) else None,
            name=name,
            email=email,
            language=language or "nb",
            quantity=count,
            wheelchair_quantity=wheelchair_count,
            currency=conf.CURRENCY,
            total_ore=sum(
                c.price_ore * n
                for chosen in (quantities, wheelchair)
                for c, n in chosen.items()
            ),
            hold_expires_at=now
            + datetime.timedelta(minutes=conf.HOLD_MINUTES, seconds=60),
        )
        order.number = str(ORDER_NUMBER_OFFSET + order.pk)
        order.save(update_fields=["number"])
        lines = [
            OrderLine(
                order=order,
                kind=kind,
                price_category=category,
                category_name=category.name,
                unit_price_ore=category.price_ore,
                quantity=quantity,
            )
            for kind, chosen in (
                (OrderLine.Kind.SEAT, quantities),
                (OrderLine.Kind.WHEELCHAIR, wheelchair),
            )
            for category, quantity in sorted(
                chosen.items(), key=lambda item: item[0].sort_order or 0
            )
        ]
        if companions:
            with translation.override(order.language):
                lines.append(
                    OrderLine(
                        order=order,
                        kind=OrderLine.Kind.COMPANION,
                        category_name=_("Companion ticket"),
                        unit_price_ore=0,
                        quantity=companions,
                    )
                )
        OrderLine.objects.bulk_create(lines)
        sync_status(performance, sales)
    return order


def claim_offer(
    entry, quantities, *, wheelchair=None, name, email, user=None, language="nb"
):
    """Turn an offer into a pending order for (at most) the offered seats
    and wheelchair places: the offer's hold becomes the order's, in one
    transaction, so no one else can take them in between."""
    wheelchair = {c: n for c, n in (wheelchair or {}).items() if n}
    return claim_offer_with(
        entry,
        seats=sum(quantities.values()),
        places=sum(wheelchair.values()),
        make_order=lambda: reserve_seats(
            entry.performance,
            quantities,
            wheelchair=wheelchair,
            name=name,
            email=email,
            user=user,
            language=language,
        ),
    )


def claim_offer_with(entry, *, seats, places, make_order):
    """Use a waiting-list offer for ``seats`` seats and ``places`` wheelchair
    places: the order ``make_order()`` makes (a pending sale or free
    tickets) takes over the offer's hold in one transaction, so no one else
    can take them in between, and what the offer held but the order did
    not take goes to the next people."""
    if (
        seats > entry.offered_quantity - entry.offered_wheelchair
        or places > entry.offered_wheelchair
    ):
        raise SaleRefused(
            _("The offer holds %(count)d tickets.") % {"count": entry.offered_quantity}
        )
    with locking():
        locked = waiting_list.lock_offer(entry)
        if locked is None:
            raise SaleRefused(
                _("This offer has been used or has run out, and was passed on.")
            )
        waiting_list.close_offer(locked, WaitingListEntry.Status.BOUGHT)
        order = make_order()
        if seats + places < entry.offered_quantity:
            sales = lock_sales(entry.performance_id)
            waiting_list.offer_seats(sales, order.performance)
            sync_status(order.performance, sales)
    return order


def start_checkout(order, *, success_url, cancel_url) -> str:
    """Open a Stripe Checkout Session for a pending order and return the
    address to send the buyer to. When Stripe fails, the seats go back to
    sale and :class:`CheckoutUnavailable` is raised."""
    line_items = [
        {
            "quantity": line.quantity,
            "price_data": {
                "currency": order.currency,
                "unit_amount": line.unit_price_ore,
                "product_data": {
                    "name": f"{order.event_title}: {line.label}",
                },
            },
        }
        for line in order.lines.all()
    ]
    try:
        session = gateway.create_checkout_session(
            order=order,
            line_items=line_items,
            success_url=success_url,
            cancel_url=cancel_url,
            expires_at=order.hold_expires_at,
        )
    except gateway.StripeError as error:
        logger.warning(
            "Stripe refused a checkout for order %s: %s", order.number, error
        )
        release_order(order, Order.Status.CANCELLED)
        raise CheckoutUnavailable from error
    expires_at = datetime.datetime.fromtimestamp(session.expires_at, tz=datetime.UTC)
    Order.objects.filter(pk=order.pk).update(
        stripe_session_id=session.id, hold_expires_at=expires_at
    )
    order.stripe_session_id = session.id
    order.hold_expires_at = expires_at
    return session.url


def issue_tickets(order):
    """Give every ticket of ``order`` a code no other ticket has."""
    lines = list(order.lines.all())
    wanted = sum(line.quantity for line in lines)
    codes = set()
    while len(codes) < wanted:
        fresh = {new_ticket_code() for _ in range(wanted - len(codes))}
        fresh -= set(
            Ticket.objects.filter(code__in=fresh).values_list("code", flat=True)
        )
        codes |= fresh
    codes = iter(sorted(codes))
    Ticket.objects.bulk_create(
        Ticket(order=order, line=line, code=next(codes))
        for line in lines
        for _ in range(line.quantity)
    )


def fulfil_checkout(session) -> Order | None:
    """Mark the order of a completed, paid Checkout Session (as read back
    from Stripe) paid and issue its tickets, once: a second webhook, or the
    return page racing the webhook, finds it paid and changes nothing.
    Returns the order, or None for a session we do not know.

    A payment that arrives after the hold was released (the session's
    expiry raced the payment) takes the seats again if they are free, and is
    refunded whole if they are not."""
    if session.status != "complete" or session.payment_status not in (
        "paid",
        "no_payment_required",
    ):
        return Order.objects.filter(stripe_session_id=session.id).first()
    refund_whole = False
    with locking():
        order = lock_order(stripe_session_id=session.id)
        if order is None:
            return None
        if order.is_paid:
            return order
        sales = lock_sales(order.performance_id) if order.performance_id else None
        if sales is not None:
            performance = Performance.objects.select_related("hall").get(
                pk=order.performance_id
            )
            seats, wheelchair = order.seat_quantity, order.wheelchair_quantity
            if order.is_pending:
                change_seats(
                    sales,
                    held=-seats,
                    sold=seats,
                    wheelchair_held=-wheelchair,
                    wheelchair_sold=wheelchair,
                )
            elif (
                sales.left(performance.effective_capacity) >= seats
                and sales.wheelchair_left(performance.wheelchair_places) >= wheelchair
            ):
                change_seats(sales, sold=seats, wheelchair_sold=wheelchair)
            else:
                refund_whole = True
            sync_status(performance, sales)
        order.status = Order.Status.PAID
        order.paid_at = timezone.now()
        order.stripe_payment_intent_id = stripe_id(session.payment_intent)
        paid_with = gateway.payment_details(session)
        for field, value in paid_with.items():
            setattr(order, field, value)
        order.save(
            update_fields=["status", "paid_at", "stripe_payment_intent_id", *paid_with]
        )
        if not refund_whole:
            issue_tickets(order)
            transaction.on_commit(
                functools.partial(mail.send_receipt_task.enqueue, order.pk)
            )
    if refund_whole:
        logger.warning("Order %s was paid after its seats were gone.", order.number)
        refund_unseated(order)
    return order


def release_order(order, status) -> bool:
    """Close a pending order as ``status`` (expired or cancelled) and give
    its seats back to sale. False when it was no longer pending."""
    with locking():
        order = lock_order(pk=order.pk)
        if order is None or not order.is_pending:
            return False
        if order.performance_id:
            sales = lock_sales(order.performance_id)
            change_seats(
                sales,
                held=-order.seat_quantity,
                wheelchair_held=-order.wheelchair_quantity,
            )
            performance = Performance.objects.select_related("hall").get(
                pk=order.performance_id
            )
            waiting_list.offer_seats(sales, performance)
            sync_status(performance, sales)
        order.status = status
        order.closed_at = timezone.now()
        order.save(update_fields=["status", "closed_at"])
    return True


def settle_checkout(session) -> Order | None:
    """Bring the order of a Checkout Session (read back from Stripe) in line
    with it: paid when complete, released when expired, left pending while
    open. Events can arrive in any order; this looks only at the session."""
    if session.status == "complete":
        return fulfil_checkout(session)
    order = Order.objects.filter(stripe_session_id=session.id).first()
    if order is not None and session.status == "expired":
        release_order(order, Order.Status.EXPIRED)
        order.refresh_from_db()
    return order


def refresh_order(order) -> Order:
    """The return page's view of an order: a pending one is checked with
    Stripe, so the buyer sees their tickets even before the webhook comes
    (fulfilment runs once, whichever comes first). Stripe failing leaves
    the order as it is."""
    if not order.is_pending or not order.stripe_session_id or not sales_configured():
        return order
    try:
        session = gateway.retrieve_checkout_session(order.stripe_session_id)
    except gateway.StripeError:
        logger.warning("Could not read checkout of order %s from Stripe.", order.number)
        return order
    try:
        settle_checkout(session)
    except LockTimeout:
        return order
    order.refresh_from_db()
    return order


def cancel_checkout(order) -> Order:
    """The buyer turned back from Checkout: expire the session at Stripe so
    it can no longer be paid, then give the seats back. A session already
    paid is fulfilled instead."""
    if not order.is_pending:
        return order
    if order.stripe_session_id and sales_configured():
        try:
            session = gateway.expire_checkout_session(order.stripe_session_id)
        except gateway.StripeError:
            try:
                session = gateway.retrieve_checkout_session(order.stripe_session_id)
            except gateway.StripeError as error:
                raise CheckoutUnavailable from error
        if session.status == "complete":
            fulfil_checkout(session)
            order.refresh_from_db()
            return order
    release_order(order, Order.Status.CANCELLED)
    order.refresh_from_db()
    return order


def release_expired_holds(now=None) -> int:
    """Periodic safety net for a lost ``checkout.session.expired`` webhook:
    settle pending orders whose hold ran out more than
    ``TICKETS_HOLD_GRACE_SECONDS`` ago, asking Stripe about each (a session
    still open is expired there first, so it can no longer be paid). Run
    every 30 s: seats of a hold that ran out are back on sale, or offered
    to the waiting list, within a minute. Returns how many orders gave
    their seats back."""
    now = now or timezone.now()
    limit = now - datetime.timedelta(seconds=conf.HOLD_GRACE_SECONDS)
    released = 0
    overdue = Order.objects.filter(
        status=Order.Status.PENDING, hold_expires_at__lt=limit
    ).order_by("hold_expires_at")
    for order in overdue.iterator():
        try:
            if order.stripe_session_id and sales_configured():
                session = gateway.retrieve_checkout_session(order.stripe_session_id)
                if session.status == "open":
                    session = gateway.expire_checkout_session(order.stripe_session_id)
                settled = settle_checkout(session)
                released += (
                    settled is not None and settled.status == Order.Status.EXPIRED
                )
            else:
                released += release_order(order, Order.Status.EXPIRED)
        except (gateway.StripeError, LockTimeout):
            logger.warning("Could not settle the hold of order %s now.", order.number)
    return released
