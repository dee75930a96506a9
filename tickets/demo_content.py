"""Demo ticket sales: prices (ordinary, student, child) on every upcoming
event that costs money, sales figures that match each performance's demo
status (free tickets given out for the free event that has them), and an
external seller on the first performance of two events.
Runs after the events seeder; events that have prices already are left
alone."""

from decimal import Decimal

from django.utils import timezone

from events.demo_content import ticket_prices
from events.models import EventPage, Performance
from home.demo import Progress, register

from .models import PerformanceSales, PriceCategory

EXTERNAL_SELLER = "https://billett.example.no/kulturhuset/{slug}"
EXTERNAL_EVENTS = 2
# Sold share of the capacity that gives each demo status.
SOLD_SHARE = {
    Performance.Status.SOLD_OUT: Decimal("1"),
    Performance.Status.FEW_LEFT: Decimal("0.95"),
}


@register
def seed(stdout, style, **options):
    now = timezone.now()
    events = list(
        EventPage.objects.live()
        .filter(price_from__gt=0, performances__start__gte=now)
        .filter(price_categories__isnull=True)
        .distinct()
        .order_by("pk")
    )
    created = {"price categories": 0, "sales records": 0, "external sellers": 0}
    progress = Progress(stdout, "Ticket prices", len(events)) if events else None
    for number, event in enumerate(events):
        performances = list(event.performances.select_related("hall").order_by("start"))
        for position, performance in enumerate(performances):
            # The first performance of the first events is sold elsewhere.
            external = number < EXTERNAL_EVENTS and position == 0
            share = SOLD_SHARE.get(performance.status, Decimal("0.3"))
            sold = int(performance.effective_capacity * share)
            _sales, made = PerformanceSales.objects.get_or_create(
                performance=performance,
                defaults={
                    "sold": 0 if external else sold,
                    "external_url": EXTERNAL_SELLER.format(slug=event.slug)
                    if external
                    else "",
                },
            )
            created["sales records"] += made
            created["external sellers"] += made and external
        # The prices the event's text names (events/demo_content.py).
        prices = ticket_prices(event.price_from)
        event.price_categories = [
            PriceCategory(name=name, price=price) for name, price in prices
        ]
        event.save_revision().publish()
        created["price categories"] += len(prices)
        progress.step()
    # Free events with free tickets here: no prices, seats counted as sold.
    free_events = (
        EventPage.objects.live()
        .filter(free_entry=EventPage.FREE_TICKET_HERE, performances__start__gte=now)
        .distinct()
    )
    for performance in Performance.objects.filter(event__in=free_events).select_related(
        "hall"
    ):
        share = SOLD_SHARE.get(performance.status, Decimal("0.3"))
        _sales, made = PerformanceSales.objects.get_or_create(
            performance=performance,
            defaults={"sold": int(performance.effective_capacity * share)},
        )
        created["sales records"] += made
    stdout.write(style.SUCCESS("Tickets: prices and sales in place."))
    return created
