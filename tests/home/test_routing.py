"""Pages are found in one query, but never at the cost of what Wagtail
guarantees: drafts stay hidden, restrictions hold, moves take effect."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from home.cache import invalidate_page_cache

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


def test_event_page_is_one_query_for_the_page_and_its_dates_one_per_generation(
    client, event_index, hall, venue, django_assert_num_queries, settings
):
    settings.PAGE_CACHE_SECONDS = 0
    event = EventPageFactory(parent=event_index)
    PerformanceFactory(event=event, hall=hall)
    client.get(event.url)
    # The body is kept per generation: the page's own row is all it reads.
    with django_assert_num_queries(1):
        assert client.get(event.url).status_code == 200
    invalidate_page_cache()
    with CaptureQueriesContext(connection) as renewed:
        assert client.get(event.url).status_code == 200
    dates = [
        q for q in renewed.captured_queries if 'FROM "events_performance"' in q["sql"]
    ]
    assert len(dates) == 1
