"""Pages are found without a query once per cache generation, but never at
the cost of what Wagtail guarantees: drafts stay hidden, restrictions hold,
moves and unpublishing take effect."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from events.models import EventPage
from home.cache import invalidate_page_cache
from home.routing import live_page

from ..factories import EventPageFactory, PerformanceFactory, StandardPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def about(home_page, venue):
    return StandardPageFactory(parent=home_page, title="Om huset", slug="om-huset")


def test_a_restriction_added_later_is_enforced_at_once(client, about, settings):
    settings.PAGE_CACHE_SECONDS = 0
    assert client.get("/om-huset/").status_code == 200  # remembered: no restrictions
    PageViewRestriction.objects.create(
        page=about, restriction_type=PageViewRestriction.PASSWORD, password="hemmelig"
    )
    response = client.get("/om-huset/")
    assert "Om huset" not in response.content.decode().split("<title>")[0]
    assert 'name="password"' in response.content.decode()


def test_a_restriction_on_a_parent_protects_its_children(client, about, settings):
    settings.PAGE_CACHE_SECONDS = 0
    child = StandardPageFactory(parent=about, title="Styrepapirer", slug="styret")
    assert client.get(child.url).status_code == 200
    PageViewRestriction.objects.create(
        page=about, restriction_type=PageViewRestriction.LOGIN
    )
    response = client.get(child.url)
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_an_unpublished_page_is_not_served(client, about):
    assert client.get("/om-huset/").status_code == 200
    about.unpublish()
    assert client.get("/om-huset/").status_code == 404


def test_a_moved_page_is_served_at_its_new_address(client, home_page, about):
    section = StandardPageFactory(parent=home_page, title="Huset", slug="huset")
    assert client.get("/om-huset/").status_code == 200
    about.move(section, pos="last-child")
    assert client.get("/huset/om-huset/").status_code == 200
    old = client.get("/om-huset/")  # Wagtail leaves a redirect behind
    assert old.status_code == 301
    assert old["Location"] == "/huset/om-huset/"


def test_event_page_reads_nothing_again_and_its_dates_once_per_generation(
    client, event_index, hall, venue, django_assert_num_queries, settings
):
    settings.PAGE_CACHE_SECONDS = 0
    event = EventPageFactory(parent=event_index)
    PerformanceFactory(event=event, hall=hall)
    client.get(event.url)
    # The page and its body are kept per generation.
    with django_assert_num_queries(0):
        assert client.get(event.url).status_code == 200
    invalidate_page_cache()
    with CaptureQueriesContext(connection) as renewed:
        assert client.get(event.url).status_code == 200
    read = [query["sql"] for query in renewed.captured_queries]
    assert len([sql for sql in read if 'FROM "events_performance"' in sql]) == 1
    assert len([sql for sql in read if 'FROM "events_eventpage"' in sql]) == 1


def test_each_request_gets_its_own_copy_of_a_kept_page(event_index):
    event = EventPageFactory(parent=event_index)
    first = live_page(EventPage, event.pk)
    first.title = "Changed by a view"
    again = live_page(EventPage, event.pk)
    assert again is not first
    assert again.title == event.title


def test_an_unpublished_page_is_gone_at_once(client, event_index, settings):
    settings.PAGE_CACHE_SECONDS = 600
    event = EventPageFactory(parent=event_index)
    assert client.get(event.url).status_code == 200
    event.unpublish()
    assert client.get(event.url).status_code == 404
