"""Stripe's webhooks: each verified event acted on once."""

import logging

from django.db import IntegrityError

from .. import stripe_gateway as gateway
from ..models import Order, StripeEvent
from .buying import release_order, settle_checkout
from .refunds import record_charge_refunded

logger = logging.getLogger(__name__)


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
