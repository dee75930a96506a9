"""The programme: one card per event with its date range and next
performance, filters by genre, hall, month and audience that combine and
count, a month calendar, and hall pages."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from events.models import Performance
from events.programme import date_range
from home.services import translate

from ..factories import (
    EventPageFactory,
    GenreFactory,
    HallFactory,
    ImageFactory,
    PerformanceFactory,
)

pytestmark = pytest.mark.django_db

YEAR = timezone.localdate().year


def day(month, number, year=YEAR):
    return datetime.date(year, month, number)


@pytest.mark.parametrize(
    ("days", "norwegian", "english"),
    [
        ([day(3, 12)], "12. mars", "12 March"),
        (
            [day(3, 12), day(3, 13), day(3, 14), day(3, 15)],
            "12.–15. mars",
            "12–15 March",
        ),
        # Two performances on one day are one day.
        ([day(3, 12), day(3, 12), day(3, 13)], "12.–13. mars", "12–13 March"),
        ([day(3, 30), day(3, 31), day(4, 1)], "30. mars–1. april", "30 March–1 April"),
        ([day(3, 12), day(3, 20)], "flere datoer", "several dates"),
        (
            [day(3, 12, YEAR + 1), day(3, 13, YEAR + 1)],
            f"12.–13. mars {YEAR + 1}",
            f"12–13 March {YEAR + 1}",
        ),
        (
            [day(12, 31, YEAR + 1), day(1, 1, YEAR + 2)],
            f"31. desember {YEAR + 1}–1. januar {YEAR + 2}",
            f"31 December {YEAR + 1}–1 January {YEAR + 2}",
        ),
    ],
)
def test_date_ranges_read_as_each_language_writes_them(days, norwegian, english):
    with translation.override("nb"):
        assert date_range(days) == norwegian
    with translation.override("en"):
        assert date_range(days) == english


def at(days_ahead, hour=19):
    local = timezone.localtime() + datetime.timedelta(days=days_ahead)
    return local.replace(hour=hour, minute=30, second=0, microsecond=0)


@pytest.fixture
def programme(event_index, hall, venue):
    """Peer Gynt four nights running in the big hall, a family concert in
    the small hall (free), a talk on two separate days."""
    small = HallFactory(name="Lille sal", capacity=120)
    theatre = GenreFactory(name="Teater", slug="teater")
    concert = GenreFactory(name="Konsert", slug="konsert")
    talk = GenreFactory(name="Samtale", slug="samtale")
    peer = EventPageFactory(parent=event_index, title="Peer Gynt", genre=theatre)
    for night in range(4):
        PerformanceFactory(event=peer, hall=hall, start=at(40 + night))
    family = EventPageFactory(
        parent=event_index,
        title="Familiekonsert",
        genre=concert,
        for_children=True,
        price_from=0,
    )
    PerformanceFactory(event=family, hall=small, start=at(41, 12))
    samtale = EventPageFactory(parent=event_index, title="Forfattersamtale", genre=talk)
    PerformanceFactory(event=samtale, hall=small, start=at(42))
    PerformanceFactory(event=samtale, hall=small, start=at(50))
    return {"peer": peer, "family": family, "talk": samtale, "small": small}


def cards(html):
    return re.findall(r'<h3 class="card__title"><a href="[^"]+">([^<]+)</a>', html)


def chip(html, label):
    """(count, href or None) of the filter option ``label``."""
    match = re.search(
        r'<(a|span) class="chip[^"]*"(?: href="([^"]*)")?[^>]*>'
        + re.escape(label)
        + r' <span class="chip__count">(\d+)</span>',
        html,
    )
    assert match, label
    return int(match.group(3)), match.group(2)


def test_peer_gynt_appears_once_with_its_date_range(client, programme):
    html = client.get("/arrangementer/").content.decode()
    assert cards(html).count("Peer Gynt") == 1
    first = timezone.localtime(programme["peer"].performance_list[0].start)
    with translation.override("nb"):
        expected = date_range(
            [first.date() + datetime.timedelta(days=n) for n in range(4)]
        )
    assert expected.capitalize() in html
    assert "4 forestillinger" in html
    assert "Flere datoer" in html  # the talk, on two separate days


def test_cards_follow_the_next_performance(client, programme):
    html = client.get("/arrangementer/").content.decode()
    assert cards(html) == ["Peer Gynt", "Familiekonsert", "Forfattersamtale"]


def test_filters_combine_and_count(client, programme):
    html = client.get("/arrangementer/?sal=lille-sal").content.decode()
    assert cards(html) == ["Familiekonsert", "Forfattersamtale"]
    # With the small hall chosen, the genres count only its events.
    assert chip(html, "Teater")[0] == 0
    assert chip(html, "Konsert")[0] == 1
    # The options keep the hall in their links.
    count, href = chip(html, "Samtale")
    assert count == 1
    assert "sal=lille-sal" in href and "sjanger=samtale" in href
    html = client.get(href).content.decode()
    assert cards(html) == ["Forfattersamtale"]


def chip_labels(html, group):
    """The option labels of a filter row, in order, "All" left out."""
    row = html.split(f'aria-labelledby="filter-{group}"', 1)[1].split("</ul>", 1)[0]
    label = r'class="chip[^"]*"[^>]*>([^<]+) <span class="chip__count">'
    return re.findall(label, row)[1:]


def test_options_that_would_show_nothing_come_last_in_their_row(client, programme):
    """On a phone a row scrolls sideways: the options that lead somewhere
    come first, those that would show nothing after them, each part in its
    usual order."""
    everything = client.get("/arrangementer/").content.decode()
    assert chip_labels(everything, "sjanger") == ["Konsert", "Samtale", "Teater"]
    assert chip_labels(everything, "sal") == ["Lille sal", "Store sal"]
    big_hall = client.get("/arrangementer/?sal=store-sal").content.decode()
    assert chip_labels(big_hall, "sjanger") == ["Teater", "Konsert", "Samtale"]
    assert chip(big_hall, "Konsert")[0] == 0
    theatre = client.get("/arrangementer/?sjanger=teater").content.decode()
    assert chip_labels(theatre, "sal") == ["Store sal", "Lille sal"]
    # A chosen option stays where it is, whatever its count.
    chosen = client.get("/arrangementer/?sjanger=teater&sal=lille-sal").content.decode()
    assert chip_labels(chosen, "sal") == ["Lille sal", "Store sal"]


def test_audience_filters_children_and_free_events(client, programme):
    html = client.get("/arrangementer/?for=barn").content.decode()
    assert cards(html) == ["Familiekonsert"]
    html = client.get("/arrangementer/?for=gratis").content.decode()
    assert cards(html) == ["Familiekonsert"]
    assert chip(html, "Barn og familie")[0] == 1


def test_month_filter_picks_events_by_their_performances(client, programme):
    month = timezone.localtime(programme["talk"].performance_list[-1].start)
    html = client.get(f"/arrangementer/?maned={month:%Y-%m}").content.decode()
    assert "Forfattersamtale" in cards(html)


def test_filters_are_links_that_work_without_javascript(client, programme):
    html = client.get("/arrangementer/").content.decode()
    assert "<select" not in html
    count, href = chip(html, "Teater")
    assert (count, href) == (1, "/arrangementer/?sjanger=teater")
    assert 'aria-current="true"' in html  # "All" is the chosen option


@pytest.mark.parametrize(
    "query",
    ["sal=finnes-ikke", "for=voksne", "sal[]=a", "visning=kalender&maned=banan"],
)
def test_unknown_filter_values_are_ignored_and_said_so(client, programme, query):
    response = client.get(f"/arrangementer/?{query}")
    assert response.status_code == 200
    assert 'role="status"' in response.content.decode()


def test_the_month_calendar_puts_performances_on_their_days(client, programme):
    first = timezone.localtime(programme["peer"].performance_list[0].start)
    html = client.get(
        f"/arrangementer/?visning=kalender&maned={first:%Y-%m}"
    ).content.decode()
    assert '<table class="month-calendar__table">' in html
    assert '<th scope="col">' in html
    cell = re.search(rf'<time datetime="{first:%Y-%m-%d}">.*?</td>', html, re.S).group(
        0
    )
    assert "Peer Gynt" in cell
    # The filters are kept in the calendar's links, and it has a list view.
    assert "visning=kalender" in chip(html, "Teater")[1]


def test_the_programme_costs_the_same_queries_for_many_events(
    client, settings, event_index, hall, venue
):
    settings.PAGE_CACHE_SECONDS = 0
    image = ImageFactory()
    small = HallFactory(name="Lille sal")

    def add(count):
        for number in range(count):
            page = EventPageFactory(
                parent=event_index, image=image if number % 2 else None
            )
            PerformanceFactory(event=page, hall=hall)
            PerformanceFactory(event=page, hall=small)

    def queries(url):
        client.get(url)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    urls = [
        "/arrangementer/",
        "/arrangementer/?sal=lille-sal&for=barn",
        "/arrangementer/?visning=kalender",
        "/arrangementer/sal/lille-sal/",
    ]
    add(5)
    few = [queries(url) for url in urls]
    add(60)
    many = [queries(url) for url in urls]
    assert few == many
    assert max(many) <= 6


def test_the_english_programme_shows_english_ranges(
    client, english_event_index, programme, hall
):
    translate(hall, "en", {"Store sal": "Main hall"})
    translate(programme["talk"], "en", {"Forfattersamtale": "Author talk"})
    html = client.get("/en/events/").content.decode()
    assert cards(html) == ["Author talk"]
    assert "Several dates" in html
    assert "1 event" in html


def test_a_hall_page_tells_how_to_get_there_and_what_is_on(client, programme, hall):
    hall.description = "Husets største sal."
    hall.step_free_access = True
    hall.hearing_loop = True
    hall.wheelchair_places = 6
    hall.companion_seats = 6
    hall.directions = "Buss 2 til Torget."
    hall.latitude, hall.longitude = "58.145000", "7.995000"
    hall.save()
    response = client.get("/arrangementer/sal/store-sal/")
    assert response.status_code == 200
    html = response.content.decode()
    for text in (
        "Husets største sal.",
        "Trinnfri adkomst",
        "Teleslynge",
        "Buss 2 til Torget.",
        "https://www.openstreetmap.org/?mlat=58.145000&amp;mlon=7.995000",
        "Peer Gynt",
    ):
        assert text in html
    assert "<iframe" not in html
    assert "Familiekonsert" not in cards(html)


def test_a_hall_without_directions_has_no_empty_heading_for_them(
    client, programme, hall
):
    html = client.get("/arrangementer/sal/store-sal/").content.decode()
    assert "Tilgjengelighet" in html
    assert "Slik kommer du hit" not in html
    hall.address = "Elvegata 12, 3045 Elvebyen"
    hall.save()
    html = client.get("/arrangementer/sal/store-sal/").content.decode()
    assert "Slik kommer du hit" in html
    assert "openstreetmap.org/search?query=Elvegata+12" in html


def test_an_unknown_hall_is_404(client, programme):
    assert client.get("/arrangementer/sal/finnes-ikke/").status_code == 404


def test_each_event_links_its_hall(client, programme):
    html = client.get(programme["family"].url).content.decode()
    assert 'href="/arrangementer/sal/lille-sal/"' in html


def test_a_cancelled_performance_is_never_the_next_one(client, event_index, hall):
    page = EventPageFactory(parent=event_index, title="Avlyst først")
    PerformanceFactory(
        event=page, hall=hall, start=at(3), status=Performance.Status.CANCELLED
    )
    PerformanceFactory(event=page, hall=hall, start=at(5))
    html = client.get("/arrangementer/").content.decode()
    assert "status--cancelled" not in html
    assert timezone.localtime(at(5)).strftime("%H:%M") in html


def test_search_results_show_dates_and_mark_past_events(
    client, programme, event_index, hall
):
    old = EventPageFactory(parent=event_index, title="Gynt i fjor")
    PerformanceFactory(event=old, hall=hall, start=at(-300))
    html = client.get("/sok/", {"q": "gynt"}).content.decode()
    with translation.override("nb"):
        peer_dates = date_range(
            [
                timezone.localtime(p.start).date()
                for p in programme["peer"].performance_list
            ]
        )
    assert peer_dates.capitalize() in html
    assert html.count("Tidligere arrangement") == 1
    after_old = html.split("Gynt i fjor", 1)[1]
    assert "Tidligere arrangement" in after_old.split("</li>", 1)[0]


def test_an_event_image_needs_alt_text_or_the_decorative_choice(event_index):
    from django.core.exceptions import ValidationError

    image = ImageFactory(description="")
    page = EventPageFactory(parent=event_index)
    page.image = image
    with pytest.raises(ValidationError) as error:
        page.full_clean()
    assert "image_alt" in error.value.message_dict
    page.image_decorative = True
    page.full_clean()
    assert page.image_alt_text == ""
    page.image_decorative, page.image_alt = False, "To skuespillere på en tom scene"
    page.full_clean()
    assert page.image_alt_text == "To skuespillere på en tom scene"


def test_cards_show_the_alt_text_the_credit_and_a_placeholder_without_image(
    client, event_index, hall
):
    image = ImageFactory(description="")
    with_image = EventPageFactory(
        parent=event_index,
        title="Med bilde",
        image=image,
        image_alt="Danser i rødt lys",
        image_credit="Foto: Kari Nordmann",
    )
    without = EventPageFactory(parent=event_index, title="Uten bilde")
    PerformanceFactory(event=with_image, hall=hall, start=at(10))
    PerformanceFactory(event=without, hall=hall, start=at(11))
    html = client.get("/arrangementer/").content.decode()
    assert 'alt="Danser i rødt lys"' in html
    assert "Foto: Kari Nordmann" in html
    assert 'type="image/avif"' in html and 'type="image/webp"' in html
    img = re.search(r"<img [^>]*card__image[^>]*>", html).group(0)
    assert re.search(r'width="\d+"', img) and re.search(r'height="\d+"', img)
    assert 'class="card__placeholder' in html
