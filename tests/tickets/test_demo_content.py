"""The demo seeder gives upcoming events prices, sales that match their
statuses, and an external seller; a second run changes nothing."""

import io
from collections import defaultdict

import pytest
from django.core.management.color import no_style
from django.utils import timezone

from events.demo_content import plan_events
from events.demo_data import UPCOMING
from events.models import EventPage, Genre, Hall, Performance
from tickets import demo_content
from tickets.models import PerformanceSales, PriceCategory

from ..factories import EventPageFactory, PerformanceFactory

pytestmark = pytest.mark.django_db


def test_demo_events_get_prices_sales_and_an_external_seller(demo_site_data):
    assert PriceCategory.objects.filter(name="Student").exists()
    assert PerformanceSales.objects.exclude(external_url="").count() >= 1
    for sales in PerformanceSales.objects.filter(external_url="").select_related(
        "performance__hall"
    ):
        performance = sales.performance
        if performance.status == Performance.Status.SOLD_OUT:
            assert sales.left(performance.effective_capacity) == 0
    label = "tickets.PriceCategory"
    assert demo_site_data.counts_after_first[label] == PriceCategory.objects.count()
    assert demo_site_data.counts_after_second[label] == PriceCategory.objects.count()


def test_a_demo_event_s_price_text_names_the_prices_it_sells(demo_site_data):
    priced = EventPage.objects.filter(price_categories__isnull=False).distinct()
    assert priced
    for event in priced:
        # The programme's card says "from" the lowest price the shop sells at.
        lowest = min(c.price for c in event.price_categories.all())
        assert event.price_from == lowest, event.title
        for category in event.price_categories.all():
            named = f"{category.name.lower()} {category.price:.0f}"
            assert named in event.price_info.lower(), (event.title, event.price_info)


def test_the_demo_s_family_events_are_for_children_and_its_halls_agree(demo_site_data):
    # (The English translations' genre is "family".)
    family = ("familie", "family")
    assert EventPage.objects.filter(genre__slug__in=family)
    assert all(
        event.for_children for event in EventPage.objects.filter(genre__slug__in=family)
    )
    assert not EventPage.objects.exclude(genre__slug__in=family).filter(
        for_children=True
    )
    for hall in Hall.objects.all():
        # What the notes say is in the boxes too: no "no step-free access"
        # above a note that says there is.
        assert hall.step_free_access
        assert hall.wheelchair_places > 0
        assert hall.address and hall.directions


def test_the_demo_has_a_free_event_with_tickets_and_one_needing_none():
    halls = defaultdict(lambda: Hall(name="Sal", capacity=100))
    genres = defaultdict(Genre)
    images = defaultdict(lambda: [None])
    pages = plan_events(len(UPCOMING), timezone.now(), halls, genres, images)
    free = {page.title: page for page in pages if page.free_entry}
    kinds = {page.free_entry for page in free.values()}
    assert {EventPage.FREE_TICKET_HERE, "no_ticket"} <= kinds
    for page in free.values():
        assert page.price_from == 0
        assert "Gratis" in page.price_info


def test_the_free_demo_event_gets_seats_taken_and_no_prices(event_index, hall):
    event = EventPageFactory(
        parent=event_index, free_entry=EventPage.FREE_TICKET_HERE, price_from=0
    )
    performance = PerformanceFactory(event=event, hall=hall, capacity=100)
    created = demo_content.seed(io.StringIO(), no_style())
    sales = PerformanceSales.objects.get(pk=performance.pk)
    assert (sales.sold, sales.held) == (30, 0)
    assert created["sales records"] == 1
    assert not PriceCategory.objects.filter(event=event).exists()
