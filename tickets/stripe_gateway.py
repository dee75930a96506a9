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


# Retries of a call that failed on the network, a timeout, a 409 or a 5xx
# (with the same idempotency key, so never a second session).
MAX_NETWORK_RETRIES = 2


@functools.lru_cache(maxsize=4)
def _client(api_key, api_base, timeout):
    sends_to("stripe")
    return stripe.StripeClient(
        api_key,
        base_addresses={"api": api_base},
        max_network_retries=MAX_NETWORK_RETRIES,
        # The library's own default waits 80 s a try, longer than a
        # gunicorn worker lives (see ``STRIPE_TIMEOUT_SECONDS``).
        http_client=stripe.new_default_http_client(timeout=timeout),
    )


def client() -> stripe.StripeClient:
    """The client every call to Stripe goes through; it names Stripe's
    entry in the processor register (privacy/processors.py) first."""
    sends_to("stripe")
    return _client(
        conf.STRIPE_SECRET_KEY, conf.STRIPE_API_BASE, conf.STRIPE_TIMEOUT_SECONDS
    )


def longest_call_seconds() -> float:
    """The longest a call to Stripe can take before it fails: every try
    timing out, with the client's waits between tries (at most 0.5 s, then
    1 s, doubling, capped at 5 s)."""
    waits = sum(min(5.0, 0.5 * 2**attempt) for attempt in range(MAX_NETWORK_RETRIES))
    return conf.STRIPE_TIMEOUT_SECONDS * (MAX_NETWORK_RETRIES + 1) + waits


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
        "payment_method_types": conf.STRIPE_PAYMENT_METHODS,
        "locale": "nb" if order.language.startswith("nb") else "en",
    }
    if order.email:
        params["customer_email"] = order.email
    return client().v1.checkout.sessions.create(
        params, {"idempotency_key": f"checkout-{order.number}"}
    )


def retrieve_checkout_session(session_id) -> stripe.checkout.Session:
    """The session with its payment intent and that intent's charge
    expanded, so fulfilment learns how it was paid in the same call."""
    return client().v1.checkout.sessions.retrieve(
        session_id, {"expand": ["payment_intent.latest_charge"]}
    )


def payment_details(session) -> dict:
    """How a session read with :func:`retrieve_checkout_session` was paid,
    from its charge's ``payment_method_details``: the method's type and, for
    a card, the brand and last four digits. Only these are kept; empty
    strings where Stripe did not say."""
    intent = getattr(session, "payment_intent", None)
    charge = getattr(intent, "latest_charge", None) if intent else None
    details = getattr(charge, "payment_method_details", None) if charge else None
    if details is None or isinstance(charge, str):
        return {"payment_method": "", "card_brand": "", "card_last4": ""}
    method = str(getattr(details, "type", "") or "")[:30]
    card = getattr(details, "card", None) if method == "card" else None
    return {
        "payment_method": method,
        "card_brand": str(getattr(card, "brand", "") or "")[:20] if card else "",
        "card_last4": str(getattr(card, "last4", "") or "")[:4] if card else "",
    }


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
