"""Refunds: made from the admin, or seen in Stripe's ``charge.refunded``
webhook; refunded tickets give their seats back to sale."""

import functools
import logging

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from events.models import Performance

from .. import mail
from .. import stripe_gateway as gateway
from ..models import Order, OrderLine, Refund, Ticket
from ..seats import change_seats, lock_order, lock_sales, locking
from . import waiting_list
from .availability import sync_status

logger = logging.getLogger(__name__)


class RefundRefused(Exception):
    """The refund cannot be made; the message tells the editor why."""


def stripe_id(value) -> str:
    """An id from a field Stripe may give as an id or as an expanded object."""
    if value is None:
        return ""
    return value if isinstance(value, str) else getattr(value, "id", "")


def refund_order(order, tickets=None) -> Refund:
    """Refund the given valid tickets of a paid order (all when None)
    through Stripe, give their seats back to sale and mail the buyer."""
    wanted = {ticket.pk for ticket in tickets} if tickets is not None else None
    unrefunded = list(order.tickets.select_related("line").filter(refunded_at=None))
    valid = [t for t in unrefunded if wanted is None or t.pk in wanted]
    if not order.is_paid or not order.stripe_payment_intent_id:
        raise RefundRefused(_("Only paid orders can be refunded."))
    if not valid:
        raise RefundRefused(_("Choose at least one ticket that is not refunded."))
    valid += companions_left_alone(unrefunded, valid)
    amount = sum(ticket.line.unit_price_ore for ticket in valid)
    if not amount:
        raise RefundRefused(
            _(
                "A companion ticket costs nothing, so there is nothing to "
                "refund. Refund the paying ticket: its companion ticket is "
                "refunded with it."
            )
        )
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
        order = lock_order(pk=order.pk)
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


def companions_left_alone(unrefunded, chosen) -> list:
    """The companion tickets that would outlive their paying tickets if
    ``chosen`` were refunded (a companion comes only with a paying ticket,
    one each): they are refunded with them."""
    chosen_ids = {ticket.pk for ticket in chosen}
    kept = [ticket for ticket in unrefunded if ticket.pk not in chosen_ids]
    companions = [t for t in kept if t.line.kind == OrderLine.Kind.COMPANION]
    paying = len(kept) - len(companions)
    return companions[: max(0, len(companions) - paying)]


def _refund_tickets(order, ticket_ids, refund) -> int:
    refunded = Ticket.objects.filter(order=order, pk__in=ticket_ids, refunded_at=None)
    wheelchair = refunded.filter(line__kind=OrderLine.Kind.WHEELCHAIR).count()
    count = refunded.update(refunded_at=timezone.now(), refund=refund)
    if count and order.performance_id:
        sales = lock_sales(order.performance_id)
        change_seats(sales, sold=-(count - wheelchair), wheelchair_sold=-wheelchair)
        performance = Performance.objects.select_related("hall").get(
            pk=order.performance_id
        )
        waiting_list.offer_seats(sales, performance)
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


def refund_unseated(order):
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
    payment_intent = stripe_id(getattr(charge, "payment_intent", None))
    order = Order.objects.filter(stripe_payment_intent_id=payment_intent).first()
    if not payment_intent or order is None:
        logger.warning("A refund in Stripe matches no order.")
        return "unknown"
    refunds = gateway.client().v1.refunds.list({"payment_intent": payment_intent})
    with locking():
        order = lock_order(pk=order.pk)
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
