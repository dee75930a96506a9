"""The tickets app's knobs, read here only, each with its default.

Values are read when used, not at import, so tests can override them. The
Stripe keys themselves come from the environment in venue/settings/base.py;
nothing secret has a default."""

from django.conf import settings

# The settings ticket sales cannot run without, in the order an editor is
# told about them. The publishable key is read too, but hosted Checkout
# (a redirect to Stripe) does not need it.
REQUIRED_STRIPE_SETTINGS = ("STRIPE_SECRET_KEY", "STRIPE_WEBHOOK_SECRET")


class TicketsSettings:
    """``TICKETS_<NAME>`` and ``STRIPE_<NAME>`` settings with their defaults."""

    @property
    def STRIPE_SECRET_KEY(self) -> str:
        return getattr(settings, "STRIPE_SECRET_KEY", "")

    @property
    def STRIPE_WEBHOOK_SECRET(self) -> str:
        return getattr(settings, "STRIPE_WEBHOOK_SECRET", "")

    @property
    def STRIPE_API_BASE(self) -> str:
        """Where the Stripe client sends its calls: Stripe's API, or a local
        stand-in in tests."""
        return getattr(settings, "STRIPE_API_BASE", "") or "https://api.stripe.com"

    @property
    def STRIPE_TIMEOUT_SECONDS(self) -> float:
        """How long one call to Stripe may take (connecting, then reading)
        before it counts as failed. With the client's two retries, a call
        that keeps failing must still end well within gunicorn's 30 s worker
        timeout, so the buyer is told and the seats go back: a worker killed
        while it waits for Stripe answers nothing and leaves the seats held
        by an order without a Checkout Session until its hold runs out."""
        return float(getattr(settings, "STRIPE_TIMEOUT_SECONDS", 6))

    @property
    def STRIPE_PAYMENT_METHODS(self) -> list[str]:
        """The payment method types Checkout offers (``payment_method_types``),
        e.g. ``["card", "vipps"]``; Vipps needs NOK and Stripe's approval."""
        value = getattr(settings, "STRIPE_PAYMENT_METHODS", None) or ["card"]
        if isinstance(value, str):
            value = value.split(",")
        return [name.strip().lower() for name in value if name.strip()]

    @property
    def MAX_PER_ORDER(self) -> int:
        """Most tickets one order may hold."""
        return getattr(settings, "TICKETS_MAX_PER_ORDER", 10)

    @property
    def SHRED_AFTER_HOURS(self) -> int:
        """How long after its last performance starts an event counts as
        over, so its buyers' personal data may be erased (tickets/shredder.py)."""
        return getattr(settings, "TICKETS_SHRED_AFTER_HOURS", 24)

    @property
    def HOLD_MINUTES(self) -> int:
        """How long seats are held while the buyer pays: the Checkout
        Session's lifetime (Stripe's shortest is 30 minutes)."""
        return max(30, getattr(settings, "TICKETS_HOLD_MINUTES", 30))

    @property
    def HOLD_GRACE_SECONDS(self) -> int:
        """How long after a hold's expiry the periodic clean-up (every 30 s)
        releases it when no ``checkout.session.expired`` webhook did, so
        that the seats are back on sale, or offered to the waiting list,
        within a minute. A little slack for clocks that differ: the session
        is expired at Stripe first, so it can no longer be paid."""
        return getattr(settings, "TICKETS_HOLD_GRACE_SECONDS", 20)

    @property
    def FEW_LEFT_PERCENT(self) -> int:
        """A performance shows "few tickets left" when at most this share of
        its capacity is left."""
        return getattr(settings, "TICKETS_FEW_LEFT_PERCENT", 10)

    @property
    def LOCK_TIMEOUT_MS(self) -> int:
        """How long a webhook waits for an order's row lock before it answers
        503 (Stripe then retries)."""
        return getattr(settings, "TICKETS_LOCK_TIMEOUT_MS", 5000)

    @property
    def CURRENCY(self) -> str:
        return getattr(settings, "TICKETS_CURRENCY", "nok")

    @property
    def RETENTION_YEARS(self) -> int:
        """Paid orders are bookkeeping records: kept for this many years after
        the end of the year they were made in (Norwegian bookkeeping act)."""
        return getattr(settings, "TICKETS_RETENTION_YEARS", 5)

    @property
    def UNPAID_ORDER_DAYS(self) -> int:
        """Orders never paid (expired or cancelled) are no bookkeeping
        record; they are deleted after this many days."""
        return getattr(settings, "TICKETS_UNPAID_ORDER_DAYS", 30)

    @property
    def FREE_ORDER_DAYS(self) -> int:
        """Free tickets are no bookkeeping record: their orders are deleted
        this many days after the performance (time enough for questions at
        the door and a lost-property call), whatever the retention of paid
        orders."""
        return getattr(settings, "TICKETS_FREE_ORDER_DAYS", 30)

    @property
    def WEBHOOK_EVENT_DAYS(self) -> int:
        """How long handled Stripe event ids are remembered to spot replays
        (Stripe retries for three days)."""
        return getattr(settings, "TICKETS_WEBHOOK_EVENT_DAYS", 30)

    @property
    def WAITING_OFFER_MINUTES(self) -> int:
        """How long an offer to someone on a waiting list holds its seats
        before it passes to the next person."""
        return getattr(settings, "TICKETS_WAITING_OFFER_MINUTES", 30)

    @property
    def WAITING_SIGNUPS_PER_HOUR(self) -> int:
        """Waiting-list sign-ups one IP address may make in an hour (each
        entry may hold seats when offered, so fake ones would block sales)."""
        return getattr(settings, "TICKETS_WAITING_SIGNUPS_PER_HOUR", 10)

    @property
    def QUEUE_BACKEND(self) -> str:
        """Where the queue in front of buy pages keeps its numbers
        (tickets/queue.py): ``redis`` (shared by every process; the default
        when REDIS_URL is set), ``local`` (this process only: tests and a
        single development server) or ``off`` (no queue)."""
        default = "redis" if self.QUEUE_REDIS_URL else "off"
        return getattr(settings, "TICKETS_QUEUE_BACKEND", default)

    @property
    def QUEUE_REDIS_URL(self) -> str:
        return getattr(settings, "TICKETS_QUEUE_REDIS_URL", "") or getattr(
            settings, "REDIS_URL", ""
        )

    @property
    def QUEUE_RATE(self) -> float:
        """Buyers let into one performance's shop a second when more come
        than that: what the site can serve while answering each within two
        seconds (measured by tests/load/rush.py: 6 on two cores that also
        ran the 2,000 simulated buyers; 8 left 35 answers over 2 s)."""
        return float(getattr(settings, "TICKETS_QUEUE_RATE", 6))

    @property
    def QUEUE_BURST(self) -> int:
        """Buyers let in at once before the queue forms."""
        return int(getattr(settings, "TICKETS_QUEUE_BURST", 10))

    @property
    def QUEUE_TTL_SECONDS(self) -> int:
        """How long a queue number, and a quiet queue, are kept."""
        return int(getattr(settings, "TICKETS_QUEUE_TTL_SECONDS", 2 * 60 * 60))

    def missing_stripe_settings(self) -> list[str]:
        """The names of required Stripe settings that are empty."""
        return [name for name in REQUIRED_STRIPE_SETTINGS if not getattr(self, name)]


conf = TicketsSettings()
