"""Anonymous page views come from the cache until something they show
changes."""

import pytest

from home.models import ContactPage, VenueSettings
from home.services import translate

from ..factories import (
    EventPageFactory,
    GenreFactory,
    PerformanceFactory,
    StandardPageFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def page(home_page, venue):
    return StandardPageFactory(parent=home_page, title="Om huset", slug="om-huset")


def test_second_anonymous_view_is_served_from_the_cache(client, page):
    assert client.get("/om-huset/")["X-Page-Cache"] == "miss"
    assert client.get("/om-huset/")["X-Page-Cache"] == "hit"


def test_publishing_a_page_shows_the_change_at_once(client, page):
    client.get("/om-huset/")
    page.title = "Om kulturhuset"
    page.save_revision().publish()
    response = client.get("/om-huset/")
    assert response["X-Page-Cache"] == "miss"
    assert "Om kulturhuset" in response.content.decode()


def test_changing_venue_settings_shows_on_every_page(client, page):
    client.get("/om-huset/")
    settings = VenueSettings.load()
    settings.name = "Nytt navn på huset"
    settings.save()
    assert "Nytt navn på huset" in client.get("/om-huset/").content.decode()


def test_changing_a_genre_shows_on_the_event_page(client, event_index, hall):
    genre = GenreFactory(name="Konsert")
    event = EventPageFactory(parent=event_index, genre=genre)
    PerformanceFactory(event=event, hall=hall)
    client.get(event.url)
    genre.name = "Klassisk konsert"
    genre.save()
    assert "Klassisk konsert" in client.get(event.url).content.decode()


def test_visitors_with_a_session_are_never_served_from_the_cache(client, page):
    client.get("/om-huset/")
    client.cookies["sessionid"] = "anything"
    assert "X-Page-Cache" not in client.get("/om-huset/")


def test_pages_with_a_form_are_not_cached(client, home_page):
    home_page.add_child(instance=ContactPage(title="Kontakt", slug="kontakt"))
    first = client.get("/kontakt/")
    assert "csrftoken" in first.cookies
    assert "X-Page-Cache" not in first
    assert "X-Page-Cache" not in client.get("/kontakt/")


def test_languages_are_cached_apart(client, page, english_home):
    translate(page, "en", {"Om huset": "About the house", "om-huset": "about"})
    client.get("/om-huset/")
    response = client.get("/en/about/")
    assert response["X-Page-Cache"] == "miss"
    assert '<html lang="en">' in response.content.decode()
    assert client.get("/en/about/")["X-Page-Cache"] == "hit"


def test_a_norwegian_page_stays_norwegian_for_a_visitor_who_chose_english(client, page):
    client.get("/om-huset/")
    client.cookies["sprak"] = "en"
    response = client.get("/om-huset/")
    assert '<html lang="nb">' in response.content.decode()
    assert "Om huset" in response.content.decode()


def test_not_found_is_not_cached(client, home_page):
    client.get("/finnes-ikke/")
    assert "X-Page-Cache" not in client.get("/finnes-ikke/")


def test_cache_can_be_turned_off(client, page, settings):
    settings.PAGE_CACHE_SECONDS = 0
    client.get("/om-huset/")
    assert "X-Page-Cache" not in client.get("/om-huset/")
