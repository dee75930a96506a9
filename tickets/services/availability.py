"""Whether and how a performance is sold here: its status as the sales
decide it, the offer its dates table shows, and why it cannot be bought."""

import dataclasses

from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from events.models import EventPage, Performance
from home.cache import cached_for_generation, invalidate_page_cache

from ..conf import conf
from ..models import PerformanceSales, PriceCategory
from ..seats import sales_row

# The statuses the sales decide; cancelled and postponed are the editor's.
SALES_STATUSES = (
    Performance.Status.ON_SALE,
    Performance.Status.FEW_LEFT,
    Performance.Status.SOLD_OUT,
)


def sales_configured() -> bool:
    return not conf.missing_stripe_settings()


def status_for(performance, sales) -> str | None:
    """The status the sales say a performance sold here should show, or
    None when the editor's status stands (cancelled, postponed)."""
    if performance.status not in SALES_STATUSES:
        return None
    # Wheelchair places are their own quota, but a performance is sold out
    # only when neither a seat nor a wheelchair place is left.
    capacity = performance.effective_capacity + performance.wheelchair_places
    left = sales.left(performance.effective_capacity) + sales.wheelchair_left(
        performance.wheelchair_places
    )
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
    """After an editor publishes an event sold here (or giving free tickets
    here), put back the statuses the sales decide (the editor's form may
    hold older ones) and make sure every performance has its sales row.
    Returns how many changed."""
    if not event.free_tickets_here and not event.price_categories.exists():
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
    page), ``free`` tickets here (``url`` is the same buy page, no payment),
    ``external`` (``url`` is the other seller's), ``waiting`` (sold out:
    ``url`` is its waiting list), ``soon`` (sold here once Stripe is set
    up) or ``none`` (just the status)."""

    kind: str
    url: str = ""

    @property
    def obtainable(self) -> bool:
        """A ticket can be had now: bought or taken free here, or bought
        from the other seller."""
        return self.kind in ("buy", "external", "free")


NO_OFFER = Offer("none")


def offer_for(
    performance, *, external_url="", has_prices, free=False, now=None
) -> Offer:
    """``free``: the event gives free tickets here, which need no Stripe
    keys (nothing is paid)."""
    now = now or timezone.now()
    if (
        performance.status == Performance.Status.SOLD_OUT
        and performance.start >= now
        and (has_prices or free)
        and not external_url
        and (free or sales_configured())
    ):
        return Offer("waiting", reverse("tickets:waiting_list", args=[performance.pk]))
    if performance.start < now or not performance.is_bookable:
        return NO_OFFER
    if external_url:
        return Offer("external", external_url)
    if free:
        return Offer("free", reverse("tickets:buy", args=[performance.pk]))
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


def offers_for_performances(performance_ids, *, now=None) -> dict:
    """{performance id: Offer} of many performances at once (the next date
    of each card in a programme), in one query however many there are: the
    performances with their event's kind of entry, their external seller
    and whether their event has prices."""
    ids = list(performance_ids)
    if not ids:
        return {}
    performances = Performance.objects.filter(pk__in=ids).annotate(
        entry=models.F("event__free_entry"),
        seller=models.Subquery(
            PerformanceSales.objects.filter(performance_id=models.OuterRef("pk"))
            .exclude(external_url="")
            .values("external_url")[:1]
        ),
        priced=models.Exists(
            PriceCategory.objects.filter(event_id=models.OuterRef("event_id"))
        ),
    )
    return {
        performance.pk: offer_for(
            performance,
            external_url=performance.seller or "",
            has_prices=performance.priced,
            free=performance.entry == EventPage.FREE_TICKET_HERE,
            now=now,
        )
        for performance in performances
    }


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
    if not sales_configured() and not performance.event.free_tickets_here:
        return _("Ticket sales open soon.")
    if performance.status == Performance.Status.SOLD_OUT or (
        sales is not None
        and sales.left(performance.effective_capacity) == 0
        and sales.wheelchair_left(performance.wheelchair_places) == 0
    ):
        return _("Sold out. There are no tickets left for this performance.")
    return ""
