"""What the tickets app does, as verbs: offer a performance, reserve seats,
send the buyer to Stripe Checkout, fulfil or release the checkout, refund,
suggest events, and purge old orders. Views, the webhook, tasks and the
admin stay thin and call these.

One module per topic; the names below are the app's public verbs, importable
from ``tickets.services`` as before. The oversell protection (row locks and
the seat counters) lives in :mod:`tickets.seats`.

To replace a verb in a test, patch it where it is looked up: a verb called by
another verb is looked up in the module that calls it (e.g.
``tickets.services.buying.release_order``); views call
``tickets.services.<verb>``."""

from ..seats import LockTimeout, locking, sales_row
from .availability import (
    NO_OFFER,
    SALES_STATUSES,
    Offer,
    external_seller_changed,
    offer_for,
    offers_for_event,
    offers_for_performances,
    price_range_for_event,
    sale_refusal,
    sales_configured,
    status_for,
    sync_event_statuses,
    sync_status,
)
from .buying import (
    CheckoutUnavailable,
    SaleRefused,
    cancel_checkout,
    claim_offer,
    fulfil_checkout,
    refresh_order,
    release_expired_holds,
    release_order,
    reserve_seats,
    settle_checkout,
    start_checkout,
)
from .free import (
    CancelRefused,
    cancel_free_order,
    cancel_refusal,
    claim_free_offer,
    register_free_tickets,
)
from .my_orders import (
    orders_of,
    recommendations_enabled,
    recommended_events,
    set_recommendations,
)
from .refunds import RefundRefused, record_charge_refunded, refund_order
from .retention import purge_expired_orders
from .waiting_list import (
    OfferGone,
    decline_offer,
    join_for_child,
    offer_released_seats,
    offer_seats,
    open_offer,
    pass_expired_offers,
    purge_waiting_lists,
    waiting_list_open,
)
from .waiting_list import join as join_waiting_list
from .webhooks import handle_stripe_event

# What a child asks a guardian's consent for (privacy.guardians).
WAITING_LIST_GUARDIAN_PURPOSE = "tickets.waiting_list"

__all__ = [
    "CancelRefused",
    "cancel_free_order",
    "cancel_refusal",
    "claim_free_offer",
    "register_free_tickets",
    "WAITING_LIST_GUARDIAN_PURPOSE",
    "OfferGone",
    "claim_offer",
    "decline_offer",
    "join_waiting_list",
    "join_for_child",
    "offer_released_seats",
    "offer_seats",
    "open_offer",
    "pass_expired_offers",
    "purge_waiting_lists",
    "waiting_list_open",
    "NO_OFFER",
    "SALES_STATUSES",
    "CheckoutUnavailable",
    "LockTimeout",
    "Offer",
    "RefundRefused",
    "SaleRefused",
    "cancel_checkout",
    "external_seller_changed",
    "fulfil_checkout",
    "handle_stripe_event",
    "locking",
    "offer_for",
    "offers_for_event",
    "offers_for_performances",
    "price_range_for_event",
    "orders_of",
    "purge_expired_orders",
    "recommendations_enabled",
    "recommended_events",
    "record_charge_refunded",
    "refresh_order",
    "refund_order",
    "release_expired_holds",
    "release_order",
    "reserve_seats",
    "sale_refusal",
    "sales_configured",
    "sales_row",
    "set_recommendations",
    "settle_checkout",
    "start_checkout",
    "status_for",
    "sync_event_statuses",
    "sync_status",
]
