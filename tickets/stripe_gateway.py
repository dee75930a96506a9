"""The one place that talks to Stripe: Checkout Sessions, refunds and
webhook signatures, with the real ``stripe`` client.

The client's base address comes from ``STRIPE_API_BASE`` (tests point it at
a local stand-in on 127.0.0.1), so every call here runs the library's own
request code. Callers get Stripe's objects back, or a ``stripe.StripeError``
subclass when Stripe (or the network) fails."""

import functools

import stripe

from privacy.processors import sends_to

from .conf import conf

StripeError = stripe.StripeError
SignatureVerificationError = stripe.SignatureVerificationError


@functools.lru_cache(maxsize=4)
def _client(api_key, api_base):
    sends_to("stripe")
    return stripe.StripeClient(
        api_key, base_addresses={"api": api_base}, max_network_retries=2
    )


def client() -> stripe.StripeClient:
    """The client every call to Stripe goes through; it names Stripe's
    entry in the processor register (privacy/processors.py) first."""
    sends_to("stripe")
    return _client(conf.STRIPE_SECRET_KEY, conf.STRIPE_API_BASE)


def create_checkout_session(
    *, order, line_items, success_url, cancel_url, expires_at
) -> stripe.checkout.Session:
    """A hosted Checkout Session for ``order``. The idempotency key is the
    order's, so a retried request never makes a second session."""
    params = {
        "mode": "payment",
        "line_items": line_items,
        "success_url": success_url,
        "cancel_url": cancel_url,
        "client_reference_id": order.number,
        "metadata": {"order_number": order.number},
        "expires_at": int(expires_at.timestamp()),
        "locale": "nb" if order.language.startswith("nb") else "en",
    }
    if order.email:
        params["customer_email"] = order.email
    return client().v1.checkout.sessions.create(
        params, {"idempotency_key": f"checkout-{order.number}"}
    )


def retrieve_checkout_session(session_id) -> stripe.checkout.Session:
    return client().v1.checkout.sessions.retrieve(session_id)


def expire_checkout_session(session_id) -> stripe.checkout.Session:
    return client().v1.checkout.sessions.expire(session_id)


def create_refund(*, payment_intent, amount_ore, idempotency_key) -> stripe.Refund:
    return client().v1.refunds.create(
        {"payment_intent": payment_intent, "amount": amount_ore},
        {"idempotency_key": idempotency_key},
    )


def parse_event(payload: bytes, signature: str | None) -> stripe.Event:
    """The event in a webhook request, once its signature is verified with
    ``STRIPE_WEBHOOK_SECRET``. Raises ``SignatureVerificationError`` for a
    bad or missing signature and ``ValueError`` for a body that is not an
    event."""
    if not signature or not conf.STRIPE_WEBHOOK_SECRET:
        raise SignatureVerificationError("No signature to verify.", signature)
    return stripe.Webhook.construct_event(
        payload, signature, conf.STRIPE_WEBHOOK_SECRET
    )
