"""Pages render in a fixed number of queries, however long the programme."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from home.services import translate

from ..factories import EventPageFactory, ImageFactory, PerformanceFactory

pytestmark = pytest.mark.django_db

BUDGET = 12


def count_queries(client, url):
    client.get(url)  # warm-up: Wagtail caches the site's root paths
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def make_events(parent, hall, count):
    image = ImageFactory()
    for _ in range(count):
        PerformanceFactory(
            event=EventPageFactory(parent=parent, image=image), hall=hall
        )


@pytest.mark.parametrize("url", ["/arrangementer/", "/arrangementer/arkiv/", "/"])
def test_listing_queries_do_not_grow_with_the_number_of_events(
    client, settings, event_index, hall, venue, url
):
    settings.PAGE_CACHE_SECONDS = 0
    make_events(event_index, hall, 10)
    few = count_queries(client, url)
    make_events(event_index, hall, 190)
    many = count_queries(client, url)
    assert few == many
    assert many <= BUDGET


def test_event_page_queries_do_not_grow_with_the_number_of_performances(
    client, settings, event_index, hall, venue
):
    settings.PAGE_CACHE_SECONDS = 0
    page = EventPageFactory(parent=event_index)
    PerformanceFactory(event=page, hall=hall)
    one = count_queries(client, page.url)
    for _ in range(19):
        PerformanceFactory(event=page, hall=hall)
    twenty = count_queries(client, page.url)
    assert one == twenty
    assert twenty <= BUDGET


def test_an_english_event_page_queries_do_not_grow_with_the_performances(
    client, settings, event_index, english_event_index, hall, venue
):
    """A translation shows the Norwegian event's performances; each one's end
    (in the search engines' data) reads the Norwegian event's duration, which
    comes with them rather than a query apiece."""
    settings.PAGE_CACHE_SECONDS = 0
    page = EventPageFactory(parent=event_index, title="Peer Gynt", slug="peer-gynt")
    PerformanceFactory(event=page, hall=hall)
    english = translate(page, "en", {"Peer Gynt": "Peer Gynt", "peer-gynt": "peer"})
    one = count_queries(client, english.url)
    for _ in range(9):
        PerformanceFactory(event=page, hall=hall)
    ten = count_queries(client, english.url)
    assert one == ten
    assert ten <= BUDGET
