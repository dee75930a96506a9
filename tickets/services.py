"""What the tickets app does, as verbs: offer a performance, reserve seats,
send the buyer to Stripe Checkout, fulfil or release the checkout, refund,
suggest events, and purge old orders. Views, the webhook, tasks and the
admin stay thin and call these.

Seats are counted in one row per performance (:class:`PerformanceSales`:
``sold`` and ``held``), changed only in a transaction that holds that row's
lock, so two buyers racing for the last seats never both get them. An order
holds its seats while it is pending (``Order.quantity`` of them); leaving
pending (paid, expired, cancelled) moves them to sold or back to sale.

Locks are always taken order first, then the performance's row: reserving
locks only the row (the order is new), so no two paths wait on each other
in a circle."""

import dataclasses
import datetime
import functools
import logging
from contextlib import contextmanager

from django.db import IntegrityError, OperationalError, connection, transaction
from django.db.models import F, Q
from django.db.models.functions import Greatest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.services import can_participate, participation_block_reason
from events.models import EventPage, Genre, Performance
from home.cache import cached_for_generation, invalidate_page_cache
from privacy.registry import Subject
from privacy.services import is_restricted

from . import mail
from . import stripe_gateway as gateway
from .conf import conf
from .models import (
    ORDER_NUMBER_OFFSET,
    PAID_STATUSES,
    Order,
    OrderLine,
    PerformanceSales,
    RecommendationChoice,
    Refund,
    StripeEvent,
    Ticket,
    new_ticket_code,
)

logger = logging.getLogger(__name__)

# The statuses the sales decide; cancelled and postponed are the editor's.
SALES_STATUSES = (
    Performance.Status.ON_SALE,
    Performance.Status.FEW_LEFT,
    Performance.Status.SOLD_OUT,
)
# Lock errors a webhook answers with 503: PostgreSQL's lock_timeout
# (55P03) and a deadlock (40P01); SQLite's busy timeout.
LOCK_SQLSTATES = {"55P03", "40P01"}


class SaleRefused(Exception):
    """The order cannot be taken; the message tells the buyer why."""


class CheckoutUnavailable(Exception):
    """Stripe could not start (or stop) a checkout; try again later."""


class LockTimeout(Exception):
    """A row lock was not had in time (the webhook answers 503)."""


class RefundRefused(Exception):
    """The refund cannot be made; the message tells the editor why."""


# Locks -----------------------------------------------------------------------


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


def _lock_sales(performance_id) -> PerformanceSales:
    sales_row(performance_id)
    return PerformanceSales.objects.select_for_update().get(
        performance_id=performance_id
    )


def _lock_order(**lookup) -> Order | None:
    return Order.objects.select_for_update().filter(**lookup).first()


# Availability ----------------------------------------------------------------


def sales_configured() -> bool:
    return not conf.missing_stripe_settings()


def status_for(performance, sales) -> str | None:
    """The status the sales say a performance sold here should show, or
    None when the editor's status stands (cancelled, postponed)."""
    if performance.status not in SALES_STATUSES:
        return None
    capacity = performance.effective_capacity
    left = sales.left(capacity)
    if left == 0:
        return Performance.Status.SOLD_OUT
    if left * 100 <= capacity * conf.FEW_LEFT_PERCENT:
        return Performance.Status.FEW_LEFT
    return Performance.Status.ON_SALE


def sync_status(performance, sales) -> bool:
    """Keep the performance's status in step with its sales; when the label
    changes, the cached pages showing it are renewed once this commits.
    Returns whether it changed."""
    status = status_for(performance, sales)
    if status is None or status == performance.status:
        return False
    Performance.objects.filter(pk=performance.pk).update(status=status)
    performance.status = status
    transaction.on_commit(invalidate_page_cache)
    return True


def sync_event_statuses(event) -> int:
    """After an editor publishes an event sold here, put back the statuses
    the sales decide (the editor's form may hold older ones) and make sure
    every performance has its sales row. Returns how many changed."""
    if not event.price_categories.exists():
        return 0
    changed = 0
    performances = Performance.objects.filter(event=event).select_related("hall")
    with transaction.atomic():
        for performance in performances:
            sales = sales_row(performance.pk)
            if not sales.external_url:
                changed += sync_status(performance, sales)
    return changed


def external_seller_changed(sales) -> None:
    """An editor set or cleared a performance's external seller: a
    performance sold here again gets the status its sales decide, and the
    pages showing its buy button are renewed."""
    if not sales.external_url:
        performance = Performance.objects.select_related("hall").get(
            pk=sales.performance_id
        )
        sync_status(performance, sales)
    transaction.on_commit(invalidate_page_cache)


@dataclasses.dataclass(frozen=True)
class Offer:
    """How a performance's tickets are had: ``buy`` here (``url`` is our buy
    page), ``external`` (``url`` is the other seller's), ``soon`` (sold
    here once Stripe is set up) or ``none`` (just the status)."""

    kind: str
    url: str = ""


NO_OFFER = Offer("none")


def offer_for(performance, *, external_url="", has_prices, now=None) -> Offer:
    now = now or timezone.now()
    if performance.start < now or not performance.is_bookable:
        return NO_OFFER
    if external_url:
        return Offer("external", external_url)
    if not has_prices:
        return NO_OFFER
    if not sales_configured():
        return Offer("soon")
    return Offer("buy", reverse("tickets:buy", args=[performance.pk]))


def offers_for_event(event) -> tuple[dict, bool]:
    """The external sellers of an event's performances by performance id,
    and whether the event has prices: what its dates table needs to offer
    tickets. Read once per cache generation (two queries), as every change
    to either renews it: publishing the event, or an editor setting a
    seller (:func:`external_seller_changed`)."""

    def produce():
        sellers = dict(
            PerformanceSales.objects.filter(performance__event=event)
            .exclude(external_url="")
            .values_list("performance_id", "external_url")
        )
        return sellers, event.price_categories.exists()

    return cached_for_generation(f"ticket-offers:{event.pk}", produce)


def price_range_for_event(event) -> tuple:
    """(lowest, highest) ticket price of an event, or (None, None) when it
    sells none here; read once per cache generation."""

    def produce():
        prices = list(event.price_categories.values_list("price", flat=True))
        return (min(prices), max(prices)) if prices else (None, None)

    return cached_for_generation(f"ticket-prices:{event.pk}", produce)


def sale_refusal(performance, sales=None, *, now=None) -> str:
    """Why this performance cannot be bought here now, or ``""``."""
    now = now or timezone.now()
    if performance.status == Performance.Status.CANCELLED:
        return _("This performance is cancelled. No tickets are sold.")
    if performance.status == Performance.Status.POSTPONED:
        return _("This performance is postponed. Tickets go on sale with a new date.")
    if performance.start < now:
        return _("This performance has already started.")
    if sales is not None and sales.external_url:
        return _("Tickets for this performance are sold by another seller.")
    if not sales_configured():
        return _("Ticket sales open soon.")
    if performance.status == Performance.Status.SOLD_OUT or (
        sales is not None and sales.left(performance.effective_capacity) == 0
    ):
        return _("Sold out. There are no tickets left for this performance.")
    return ""


# Buying ----------------------------------------------------------------------


def reserve_seats(
    performance, quantities, *, name, email, user=None, language="nb"
) -> Order:
    """Hold seats for a new pending order: ``quantities`` maps a
    :class:`PriceCategory` of the performance's event to a count. Raises
    :class:`SaleRefused` when the performance cannot be sold or has too few
    seats left; two buyers racing for the last seats never both get them."""
    quantities = {category: count for category, count in quantities.items() if count}
    count = sum(quantities.values())
    if not 1 <= count <= conf.MAX_PER_ORDER:
        raise SaleRefused(
            _("Choose between 1 and %(max)d tickets.") % {"max": conf.MAX_PER_ORDER}
        )
    if any(category.event_id != performance.event_id for category in quantities):
        raise SaleRefused(_("These prices do not belong to this event."))
    if user is not None and not can_participate(user):
        raise SaleRefused(participation_block_reason(user))
    now = timezone.now()
    with transaction.atomic():
        sales = _lock_sales(performance.pk)
        performance = Performance.objects.select_related("hall", "event").get(
            pk=performance.pk
        )
        refusal = sale_refusal(performance, sales, now=now)
        if refusal:
            raise SaleRefused(refusal)
        left = sales.left(performance.effective_capacity)
        if count > left:
            raise SaleRefused(
                _("Only %(left)d tickets are left for this performance.")
                % {"left": left}
            )
        PerformanceSales.objects.filter(pk=sales.pk).update(held=F("held") + count)
        sales.held += count
        order = Order.objects.create(
            performance=performance,
            event_title=performance.event.title,
            performance_start=performance.start,
            user=user if getattr(user, "is_authenticated", False) else None,
            name=name,
            email=email,
            language=language or "nb",
            quantity=count,
            currency=conf.CURRENCY,
            total_ore=sum(c.price_ore * n for c, n in quantities.items()),
            hold_expires_at=now
            + datetime.timedelta(minutes=conf.HOLD_MINUTES, seconds=60),
        )
        order.number = str(ORDER_NUMBER_OFFSET + order.pk)
        order.save(update_fields=["number"])
        OrderLine.objects.bulk_create(
            OrderLine(
                order=order,
                price_category=category,
                category_name=category.name,
                unit_price_ore=category.price_ore,
                quantity=quantity,
            )
            for category, quantity in sorted(
                quantities.items(), key=lambda item: item[0].sort_order or 0
            )
        )
        sync_status(performance, sales)
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
                    "name": f"{order.event_title}: {line.category_name}",
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


def _stripe_id(value) -> str:
    """An id from a field Stripe may give as an id or as an expanded object."""
    if value is None:
        return ""
    return value if isinstance(value, str) else getattr(value, "id", "")


def _issue_tickets(order):
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
        order = _lock_order(stripe_session_id=session.id)
        if order is None:
            return None
        if order.is_paid:
            return order
        sales = _lock_sales(order.performance_id) if order.performance_id else None
        if sales is not None:
            performance = Performance.objects.select_related("hall").get(
                pk=order.performance_id
            )
            if order.is_pending:
                PerformanceSales.objects.filter(pk=sales.pk).update(
                    held=Greatest(F("held") - order.quantity, 0),
                    sold=F("sold") + order.quantity,
                )
                sales.held = max(0, sales.held - order.quantity)
                sales.sold += order.quantity
            elif sales.left(performance.effective_capacity) >= order.quantity:
                PerformanceSales.objects.filter(pk=sales.pk).update(
                    sold=F("sold") + order.quantity
                )
                sales.sold += order.quantity
            else:
                refund_whole = True
            sync_status(performance, sales)
        order.status = Order.Status.PAID
        order.paid_at = timezone.now()
        order.stripe_payment_intent_id = _stripe_id(session.payment_intent)
        order.save(update_fields=["status", "paid_at", "stripe_payment_intent_id"])
        if not refund_whole:
            _issue_tickets(order)
            transaction.on_commit(
                functools.partial(mail.send_receipt_task.enqueue, order.pk)
            )
    if refund_whole:
        logger.warning("Order %s was paid after its seats were gone.", order.number)
        _refund_unseated(order)
    return order


def release_order(order, status) -> bool:
    """Close a pending order as ``status`` (expired or cancelled) and give
    its seats back to sale. False when it was no longer pending."""
    with locking():
        order = _lock_order(pk=order.pk)
        if order is None or not order.is_pending:
            return False
        if order.performance_id:
            sales = _lock_sales(order.performance_id)
            PerformanceSales.objects.filter(pk=sales.pk).update(
                held=Greatest(F("held") - order.quantity, 0)
            )
            sales.held = max(0, sales.held - order.quantity)
            performance = Performance.objects.select_related("hall").get(
                pk=order.performance_id
            )
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
    ``TICKETS_HOLD_GRACE_MINUTES`` ago, asking Stripe about each. Returns
    how many orders gave their seats back."""
    now = now or timezone.now()
    limit = now - datetime.timedelta(minutes=conf.HOLD_GRACE_MINUTES)
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


# Webhooks --------------------------------------------------------------------


def handle_stripe_event(event) -> str:
    """Act on a verified Stripe event, once per event id. Returns what was
    done, for the log. Raises :class:`LockTimeout` or ``StripeError`` when
    the work must be retried (nothing is recorded then)."""
    if StripeEvent.objects.filter(event_id=event.id).exists():
        logger.info("Stripe event %s (%s) was handled before.", event.id, event.type)
        return "replay"
    obj = event.data.object
    outcome = "ignored"
    if event.type in (
        "checkout.session.completed",
        "checkout.session.async_payment_succeeded",
        "checkout.session.expired",
    ):
        session_id = getattr(obj, "id", None)
        if (
            not session_id
            or not Order.objects.filter(stripe_session_id=session_id).exists()
        ):
            logger.warning("Stripe event %s is for an unknown session.", event.id)
            outcome = "unknown"
        else:
            # The event is a trigger: the session is read back from Stripe.
            session = gateway.retrieve_checkout_session(session_id)
            order = settle_checkout(session)
            outcome = order.status if order is not None else "unknown"
    elif event.type == "checkout.session.async_payment_failed":
        order = Order.objects.filter(stripe_session_id=getattr(obj, "id", None)).first()
        if order is not None:
            session = gateway.retrieve_checkout_session(order.stripe_session_id)
            if session.payment_status != "paid":
                release_order(order, Order.Status.CANCELLED)
            outcome = "payment failed"
    elif event.type == "charge.refunded":
        outcome = record_charge_refunded(obj)
    try:
        StripeEvent.objects.create(event_id=event.id, type=event.type)
    except IntegrityError:
        return "replay"
    return outcome


# Refunds ---------------------------------------------------------------------


def refund_order(order, tickets=None) -> Refund:
    """Refund the given valid tickets of a paid order (all when None)
    through Stripe, give their seats back to sale and mail the buyer."""
    wanted = {ticket.pk for ticket in tickets} if tickets is not None else None
    valid = [
        ticket
        for ticket in order.tickets.select_related("line").filter(refunded_at=None)
        if wanted is None or ticket.pk in wanted
    ]
    if not order.is_paid or not order.stripe_payment_intent_id:
        raise RefundRefused(_("Only paid orders can be refunded."))
    if not valid:
        raise RefundRefused(_("Choose at least one ticket that is not refunded."))
    amount = sum(ticket.line.unit_price_ore for ticket in valid)
    key = "refund-{}-{}".format(order.number, "-".join(str(t.pk) for t in valid))
    try:
        stripe_refund = gateway.create_refund(
            payment_intent=order.stripe_payment_intent_id,
            amount_ore=amount,
            idempotency_key=key,
        )
    except gateway.StripeError as error:
        raise RefundRefused(
            _("Stripe did not make the refund: %(error)s")
            % {"error": error.user_message or error}
        ) from error
    with locking():
        order = _lock_order(pk=order.pk)
        refund, created = Refund.objects.get_or_create(
            stripe_refund_id=stripe_refund.id,
            defaults={
                "order": order,
                "amount_ore": amount,
                "source": Refund.Source.ADMIN,
            },
        )
        refunded = _refund_tickets(order, [t.pk for t in valid], refund)
        # A charge.refunded webhook may have recorded this refund first and
        # counted its money; the tickets are counted here either way.
        if created:
            order.refunded_ore = min(order.total_ore, order.refunded_ore + amount)
        _set_refund_status(order)
        transaction.on_commit(
            functools.partial(
                mail.send_refund_mail_task.enqueue, order.pk, refund.pk, refunded
            )
        )
    return refund


def _refund_tickets(order, ticket_ids, refund) -> int:
    count = Ticket.objects.filter(
        order=order, pk__in=ticket_ids, refunded_at=None
    ).update(refunded_at=timezone.now(), refund=refund)
    if count and order.performance_id:
        sales = _lock_sales(order.performance_id)
        PerformanceSales.objects.filter(pk=sales.pk).update(
            sold=Greatest(F("sold") - count, 0)
        )
        sales.sold = max(0, sales.sold - count)
        performance = Performance.objects.select_related("hall").get(
            pk=order.performance_id
        )
        sync_status(performance, sales)
    return count


def _set_refund_status(order):
    if (
        order.refunded_ore >= order.total_ore
        or not order.tickets.filter(refunded_at=None).exists()
    ):
        order.status = Order.Status.REFUNDED
    elif order.refunded_ore:
        order.status = Order.Status.PARTIALLY_REFUNDED
    order.save(update_fields=["status", "refunded_ore"])


def _refund_unseated(order):
    """Pay back a whole order that was paid with no seats left for it."""
    try:
        stripe_refund = gateway.create_refund(
            payment_intent=order.stripe_payment_intent_id,
            amount_ore=order.total_ore,
            idempotency_key=f"refund-{order.number}-unseated",
        )
    except gateway.StripeError:
        logger.exception("Could not refund order %s, paid without seats.", order.number)
        return
    with transaction.atomic():
        refund, created = Refund.objects.get_or_create(
            stripe_refund_id=stripe_refund.id,
            defaults={
                "order": order,
                "amount_ore": order.total_ore,
                "source": Refund.Source.ADMIN,
            },
        )
        Order.objects.filter(pk=order.pk).update(
            status=Order.Status.REFUNDED, refunded_ore=order.total_ore
        )
        transaction.on_commit(
            functools.partial(
                mail.send_refund_mail_task.enqueue, order.pk, refund.pk, 0
            )
        )


def record_charge_refunded(charge) -> str:
    """A ``charge.refunded`` webhook: record refunds made in Stripe's
    dashboard (Stripe's list of the payment's refunds is read back). A full
    refund gives every ticket's seat back; a part refund is recorded as
    money, and an editor chooses the tickets."""
    payment_intent = _stripe_id(getattr(charge, "payment_intent", None))
    order = Order.objects.filter(stripe_payment_intent_id=payment_intent).first()
    if not payment_intent or order is None:
        logger.warning("A refund in Stripe matches no order.")
        return "unknown"
    refunds = gateway.client().v1.refunds.list({"payment_intent": payment_intent})
    with locking():
        order = _lock_order(pk=order.pk)
        known = set(order.refunds.values_list("stripe_refund_id", flat=True))
        new = [
            r
            for r in refunds.auto_paging_iter()
            if r.id not in known and r.status in ("succeeded", "pending")
        ]
        for stripe_refund in new:
            Refund.objects.create(
                order=order,
                stripe_refund_id=stripe_refund.id,
                amount_ore=stripe_refund.amount,
                source=Refund.Source.STRIPE,
            )
            order.refunded_ore = min(
                order.total_ore, order.refunded_ore + stripe_refund.amount
            )
        if order.refunded_ore >= order.total_ore:
            last = order.refunds.order_by("-created_at", "-pk").first()
            _refund_tickets(
                order,
                list(
                    order.tickets.filter(refunded_at=None).values_list("pk", flat=True)
                ),
                last,
            )
        _set_refund_status(order)
    return f"refunds recorded: {len(new)}"


# My orders and recommendations ------------------------------------------------


def orders_of(user):
    """The account's orders (bought signed in, or with one of its verified
    addresses), newest first, without checkouts that never finished."""
    subject = Subject.for_user(user)
    return (
        Order.objects.filter(Q(user=user) | subject.email_q())
        .exclude(status__in=[Order.Status.EXPIRED, Order.Status.CANCELLED])
        .prefetch_related("lines", "tickets")
        .order_by("-created_at", "-pk")
    )


def recommendations_enabled(user) -> bool:
    enabled = (
        RecommendationChoice.objects.filter(user=user)
        .values_list("enabled", flat=True)
        .first()
    )
    return enabled is None or enabled


def set_recommendations(user, enabled: bool) -> RecommendationChoice:
    choice, _created = RecommendationChoice.objects.update_or_create(
        user=user, defaults={"enabled": enabled}
    )
    return choice


def recommended_events(user, limit=3) -> list:
    """Upcoming events in the genres of the account's past purchases, each
    with its next performance, events already bought left out. Nothing is
    read or derived when the account has turned suggestions off, or while
    processing of the account's data is restricted."""
    if not recommendations_enabled(user) or is_restricted(user):
        return []
    bought = Order.objects.filter(
        user=user, status__in=PAID_STATUSES, performance__isnull=False
    )
    genres = Genre.objects.filter(
        events__in=EventPage.objects.filter(
            performances__ticket_orders__in=bought
        ).values("pk")
    ).values("pk")
    performances = (
        Performance.objects.published()
        .upcoming()
        .filter(event__genre__in=genres)
        .exclude(event__performances__ticket_orders__in=bought)
        .exclude(status=Performance.Status.CANCELLED)
        .select_related("event", "event__genre", "hall")
        .order_by("start", "pk")
    )
    events, seen = [], set()
    for performance in performances[: limit * 10]:
        if performance.event_id in seen:
            continue
        seen.add(performance.event_id)
        events.append(performance)
        if len(events) == limit:
            break
    return events


# Retention -------------------------------------------------------------------


def purge_expired_orders(now=None) -> dict[str, int]:
    """Delete what the tickets app no longer needs to keep, and return the
    counts: orders from years whose bookkeeping period
    (``TICKETS_RETENTION_YEARS`` after the year's end) is over, orders
    never paid after ``TICKETS_UNPAID_ORDER_DAYS``, and remembered Stripe
    event ids after ``TICKETS_WEBHOOK_EVENT_DAYS``. Reusable by a general
    purge command."""
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
    events, _per_model = StripeEvent.objects.filter(
        received_at__lt=now - datetime.timedelta(days=conf.WEBHOOK_EVENT_DAYS)
    ).delete()
    label = Order._meta.label
    return {
        "old orders": old.get(label, 0),
        "unpaid orders": unpaid.get(label, 0),
        "stripe events": events,
    }
