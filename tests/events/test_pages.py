import datetime
import json
import re

import pytest
from django.utils import timezone

from events.models import Performance

from ..factories import EventPageFactory, GenreFactory, PerformanceFactory

pytestmark = pytest.mark.django_db


def jsonld(response):
    blocks = re.findall(
        r'<script type="application/ld\+json">(.*?)</script>',
        response.content.decode(),
        re.S,
    )
    return [item for block in blocks for item in json.loads(block)]


@pytest.fixture
def concert(event_index, hall, venue):
    genre = GenreFactory(name="Konsert", slug="konsert")
    page = EventPageFactory(
        parent=event_index,
        title="Julekonsert",
        genre=genre,
        price_from="350.00",
        age_limit=12,
    )
    start = timezone.now() + datetime.timedelta(days=20)
    PerformanceFactory(event=page, hall=hall, start=start)
    PerformanceFactory(
        event=page,
        hall=hall,
        start=start + datetime.timedelta(days=1),
        status=Performance.Status.CANCELLED,
    )
    return page


def test_programme_shows_one_card_per_event_with_its_next_performance(client, concert):
    response = client.get("/arrangementer/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Julekonsert" in html
    assert html.count('class="card card--event"') == 1
    # The cancelled second night is not the next performance.
    assert 'class="status status--cancelled"' not in html
    assert "2 forestillinger" in html


def test_programme_hides_past_performances_and_archive_shows_them(
    client, event_index, hall
):
    old = EventPageFactory(parent=event_index, title="Vårsleppet")
    PerformanceFactory(
        event=old, hall=hall, start=timezone.now() - datetime.timedelta(days=30)
    )
    assert "Vårsleppet" not in client.get("/arrangementer/").content.decode()
    archive = client.get("/arrangementer/arkiv/")
    assert archive.status_code == 200
    assert "Vårsleppet" in archive.content.decode()


def test_unpublished_events_are_not_listed(client, event_index, hall):
    draft = EventPageFactory(parent=event_index, title="Hemmelig", live=False)
    PerformanceFactory(event=draft, hall=hall)
    assert "Hemmelig" not in client.get("/arrangementer/").content.decode()


def test_genre_filter_shows_only_that_genre(client, concert, event_index, hall):
    play = EventPageFactory(
        parent=event_index,
        title="Peer Gynt",
        genre=GenreFactory(name="Teater", slug="teater"),
    )
    PerformanceFactory(event=play, hall=hall)
    html = client.get("/arrangementer/?sjanger=teater").content.decode()
    assert "Peer Gynt" in html
    assert "Julekonsert" not in html


def test_month_filter_shows_only_that_month(client, event_index, hall):
    now = timezone.localtime()
    first_of_next = (now.date().replace(day=1) + datetime.timedelta(days=32)).replace(
        day=1
    )
    later = first_of_next + datetime.timedelta(days=40)
    for title, day in (("Neste måned", first_of_next), ("Senere", later)):
        page = EventPageFactory(parent=event_index, title=title)
        PerformanceFactory(
            event=page,
            hall=hall,
            start=timezone.make_aware(
                datetime.datetime.combine(day, datetime.time(19))
            ),
        )
    html = client.get(f"/arrangementer/?maned={first_of_next:%Y-%m}").content.decode()
    assert "Neste måned" in html
    assert "Senere" not in html


@pytest.mark.parametrize(
    "query",
    [
        "sjanger=finnes-ikke",
        "maned=2026-13",
        "maned=banan",
        "maned=99999-01",
        "maned=-1",
        "maned=2026-1",
        "sjanger=%00",
        "sjanger=" + "x" * 5000,
        "maned=0000-00",
        "sjanger[]=a&maned[]=b",
    ],
)
def test_unknown_filter_values_are_ignored_and_said_so(client, concert, query):
    response = client.get(f"/arrangementer/?{query}")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Julekonsert" in html


def test_ignored_filter_is_explained(client, concert):
    html = client.get("/arrangementer/?sjanger=finnes-ikke").content.decode()
    assert 'role="status"' in html
    assert "finnes-ikke" in html


@pytest.mark.parametrize(
    "number", ["0", "-1", "2", "abc", "1e9", "99999999999999999999", ""]
)
def test_page_numbers_out_of_range_or_not_numbers_are_404(client, concert, number):
    if number == "":
        assert client.get("/arrangementer/?side=").status_code == 404
    else:
        assert client.get(f"/arrangementer/?side={number}").status_code == 404


def test_programme_paginates(client, event_index, hall):
    for _ in range(30):
        PerformanceFactory(event=EventPageFactory(parent=event_index), hall=hall)
    first = client.get("/arrangementer/").content.decode()
    second = client.get("/arrangementer/?side=2").content.decode()
    assert first.count('class="card card--event"') == 24
    assert second.count('class="card card--event"') == 6
    assert 'rel="next"' in first


def test_event_page_shows_facts_and_performances(client, concert):
    response = client.get(concert.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Julekonsert" in html
    assert "12" in html
    assert html.count("<tr") == 3  # header + two performances
    assert "kalender.ics" in html


def test_the_buyer_s_summary_tells_how_long_and_for_what_age(client, concert):
    concert.duration_minutes = 90
    concert.save_revision().publish()
    html = client.get(concert.url).content.decode()
    key = html.split('<div class="event__key">')[1].split("</div>")[0]
    assert "90 minutter · Aldersgrense 12 år" in re.sub(r"<[^>]+>", "", key)


def facts_of(html):
    return re.sub(
        r"\s+",
        " ",
        re.sub(
            r"<[^>]+>",
            " ",
            html.split('class="event__facts"')[1].split("</aside>")[0],
        ),
    )


def test_the_evening_s_logistics_doors_seating_and_intervals(client, concert):
    """Doors, seating and intervals are said when the editor gives them,
    and nothing is said when they do not (no "0 pauser" guessed)."""
    concert.duration_minutes = 150
    concert.save_revision().publish()
    html = client.get(concert.url).content.decode()
    assert "pause" not in html and "Dørene åpner" not in html
    assert "Plasser" not in facts_of(html)

    concert.intervals = 1
    concert.doors_open_minutes = 30
    concert.seating = "numbered"
    concert.save_revision().publish()
    html = client.get(concert.url).content.decode()
    key = html.split('<div class="event__key">')[1].split("</div>")[0]
    assert "150 minutter, 1 pause · Aldersgrense 12 år" in re.sub(r"<[^>]+>", "", key)
    facts = facts_of(html)
    assert "Varighet 150 minutter, 1 pause" in facts
    assert "Dørene åpner 30 minutter før start" in facts
    assert "Plasser Nummererte plasser" in facts
    first = jsonld(client.get(concert.url))[0]
    start = datetime.datetime.fromisoformat(first["startDate"])
    doors = datetime.datetime.fromisoformat(first["doorTime"])
    assert start - doors == datetime.timedelta(minutes=30)

    concert.intervals = 0
    concert.seating = "standing"
    concert.save_revision().publish()
    facts = facts_of(client.get(concert.url).content.decode())
    assert "150 minutter, ingen pause" in facts
    assert "Plasser Ståplasser" in facts


def test_the_event_page_tells_of_companion_tickets_and_the_hall_s_access(
    client, concert, hall
):
    hall.step_free_access = True
    hall.wheelchair_places = 6
    hall.save()
    html = client.get(concert.url).content.decode()
    assert "Ledsagerbillett" not in html
    concert.companion_tickets = True
    concert.save_revision().publish()
    facts = client.get(concert.url).content.decode().split('class="event__facts"')[1]
    facts = facts.split("</aside>")[0]
    assert "Ledsagerbillett" in facts
    assert "ledsagerbevis" in facts
    assert '<a href="/arrangementer/sal/store-sal/#hall-access">Store sal</a>' in facts
    assert "Trinnfri adkomst, ingen teleslynge, 6 rullestolplasser." in facts
    assert "Bestill rullestolplass på forhånd" in facts
    hall.wheelchair_places = 0
    hall.save()
    concert.save_revision().publish()
    facts = client.get(concert.url).content.decode().split('class="event__facts"')[1]
    assert "0 rullestolplasser" in facts.split("</aside>")[0]
    assert "Bestill rullestolplass" not in facts.split("</aside>")[0]


def test_event_page_has_one_schema_org_event_per_performance(client, concert):
    items = jsonld(client.get(concert.url))
    assert len(items) == 2
    first, cancelled = items
    assert first["@type"] == "Event"
    assert first["name"] == "Julekonsert"
    assert re.match(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+0[12]:00$", first["startDate"])
    assert first["eventStatus"] == "https://schema.org/EventScheduled"
    assert cancelled["eventStatus"] == "https://schema.org/EventCancelled"
    assert first["location"]["name"] == "Store sal, Elvebyen kulturhus"
    assert first["location"]["address"]["streetAddress"] == "Storgata 1"
    assert first["offers"] == {
        "@type": "Offer",
        "price": "350.00",
        "priceCurrency": "NOK",
        "availability": "https://schema.org/InStock",
        "url": "http://testserver/arrangementer/julekonsert/",
    }


def test_structured_data_cannot_break_out_of_its_script(client, event_index, hall):
    page = EventPageFactory(
        parent=event_index, title="</script><script>alert(1)</script>"
    )
    PerformanceFactory(event=page, hall=hall)
    html = client.get(page.url).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert jsonld(client.get(page.url))[0]["name"] == page.title
