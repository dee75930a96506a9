"""The listings keep what they read per cache generation (home/cache.py):
the programme's events, the home page's next events and latest articles.
What they show must still follow time and publishing, and the first render
of a generation must cost the same queries however many events there are."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from events.dates import date_range as dates_in_one_line
from home.cache import invalidate_page_cache

from ..factories import EventPageFactory, ImageFactory, PerformanceFactory

pytestmark = pytest.mark.django_db


def starts_shown(html):
    return re.findall(r'<time datetime="([^"]+)"', html)


def test_the_home_page_moves_to_the_next_performance_once_one_starts(
    client, settings, home_page, event_index, hall, venue, monkeypatch
):
    settings.PAGE_CACHE_SECONDS = 0
    now = timezone.now().replace(microsecond=0)
    event = EventPageFactory(parent=event_index, title="Snart")
    PerformanceFactory(event=event, hall=hall, start=now + datetime.timedelta(hours=1))
    later = PerformanceFactory(
        event=event, hall=hall, start=now + datetime.timedelta(days=3)
    )
    first = starts_shown(client.get("/").content.decode())
    assert first == [timezone.localtime(now + datetime.timedelta(hours=1)).isoformat()]

    # Two hours on, nothing published: the kept list has gone stale.
    monkeypatch.setattr(timezone, "now", lambda: now + datetime.timedelta(hours=2))
    assert starts_shown(client.get("/").content.decode()) == [
        timezone.localtime(later.start).isoformat()
    ]


def test_a_published_change_shows_at_once_on_the_programme_and_home_page(
    client, settings, event_index, hall, venue
):
    settings.PAGE_CACHE_SECONDS = 0
    event = EventPageFactory(parent=event_index, title="Gammel tittel")
    PerformanceFactory(event=event, hall=hall)
    assert "Gammel tittel" in client.get("/arrangementer/").content.decode()
    assert "Gammel tittel" in client.get("/").content.decode()

    event.title = "Ny tittel"
    event.save_revision().publish()

    for url in ("/arrangementer/", "/"):
        html = client.get(url).content.decode()
        assert "Ny tittel" in html
        assert "Gammel tittel" not in html


@pytest.mark.parametrize("url", ["/arrangementer/", "/arrangementer/?for=barn", "/"])
def test_the_first_render_of_a_generation_costs_the_same_queries_for_many_events(
    client, settings, event_index, hall, venue, url
):
    settings.PAGE_CACHE_SECONDS = 0
    image = ImageFactory()

    def add(count):
        for number in range(count):
            page = EventPageFactory(
                parent=event_index, image=image if number % 2 else None
            )
            PerformanceFactory(event=page, hall=hall)

    def cold_queries():
        client.get(url)  # Wagtail's own per-site caches
        invalidate_page_cache()
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    add(5)
    few = cold_queries()
    add(40)
    many = cold_queries()
    assert few == many
    # The first render of a generation also reads the site, the route, the
    # settings and the menu, which later renders take from memory.
    assert many <= 20


def description(html):
    return re.search(r'<meta property="og:description" content="([^"]*)"', html)[1]


def dates_table(html):
    return html.split('<table class="performance-table">')[1].split("</table>")[0]


def test_a_signed_in_reader_gets_the_kept_event_page_until_a_performance_starts(
    client, member, settings, event_index, hall, venue, monkeypatch
):
    """The event page's body is the same for every reader and kept per
    generation, but only until its next performance starts: then that one
    is no longer upcoming, and the head and the dates say so at once."""
    settings.PAGE_CACHE_SECONDS = 600
    client.force_login(member)
    now = timezone.now().replace(microsecond=0)
    event = EventPageFactory(parent=event_index, title="Snart")
    soon = PerformanceFactory(
        event=event, hall=hall, start=now + datetime.timedelta(hours=1)
    )
    later = PerformanceFactory(
        event=event, hall=hall, start=now + datetime.timedelta(days=3)
    )
    first = client.get(event.url).content.decode()
    assert "2 forestillinger" in first
    with CaptureQueriesContext(connection) as kept:
        assert client.get(event.url).content.decode() == first
    assert not [q for q in kept.captured_queries if "events_performance" in q["sql"]]

    monkeypatch.setattr(timezone, "now", lambda: now + datetime.timedelta(hours=2))
    html = client.get(event.url).content.decode()
    assert "2 forestillinger" not in html
    # The link preview's description now gives the dates still to come.
    assert description(html) != description(first)
    assert description(html).startswith(str(dates_in_one_line([later])) + ".")
    assert timezone.localtime(soon.start).isoformat() in dates_table(html)


def test_a_share_link_passes_on_the_page_s_address_without_the_query(
    client, member, settings, event_index, hall, venue
):
    settings.PAGE_CACHE_SECONDS = 600
    client.force_login(member)
    event = EventPageFactory(parent=event_index)
    PerformanceFactory(event=event, hall=hall)
    client.get(f"{event.url}?utm_source=nyhetsbrev")
    html = client.get(event.url).content.decode()
    assert "utm_source" not in html
    assert "nyhetsbrev" not in html.split('<div class="share">')[1].split("</div>")[0]


def test_the_programme_is_kept_per_choice_of_filters_until_a_performance_starts(
    client, member, settings, event_index, hall, venue, monkeypatch
):
    """Signed in too, the programme's filters and cards are rendered once per
    generation and query string, and again once a performance in them has
    started (it is no longer upcoming)."""
    settings.PAGE_CACHE_SECONDS = 600
    client.force_login(member)
    # Within one hour (the programme's facts are read per hour as well).
    now = timezone.now().replace(minute=5, second=0, microsecond=0)
    monkeypatch.setattr(timezone, "now", lambda: now)
    soon = EventPageFactory(parent=event_index, title="Snart i gang")
    start = now + datetime.timedelta(minutes=20)
    PerformanceFactory(event=soon, hall=hall, start=start)
    later = EventPageFactory(parent=event_index, title="Om en uke", for_children=True)
    PerformanceFactory(event=later, hall=hall, start=now + datetime.timedelta(days=7))

    def titles(url):
        return re.findall(
            r'<h3 class="card__title"><a href="[^"]+">([^<]+)</a>',
            (client.get(url).content.decode()),
        )

    assert titles("/arrangementer/") == ["Snart i gang", "Om en uke"]
    assert titles("/arrangementer/?for=barn") == ["Om en uke"]
    with CaptureQueriesContext(connection) as kept:
        assert titles("/arrangementer/") == ["Snart i gang", "Om en uke"]
    read = " ".join(q["sql"] for q in kept.captured_queries)
    assert "events_performance" not in read
    assert "events_eventpage" not in read

    # The first has started: gone from the list at once, without a publish.
    monkeypatch.setattr(timezone, "now", lambda: start + datetime.timedelta(minutes=1))
    assert titles("/arrangementer/") == ["Om en uke"]
