import datetime
import zoneinfo

import pytest
from django.utils import timezone
from icalendar import Calendar

from events.models import Performance

from ..factories import EventPageFactory, PerformanceFactory

pytestmark = pytest.mark.django_db

OSLO = zoneinfo.ZoneInfo("Europe/Oslo")


def parse(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return Calendar.from_ical(response.content)


@pytest.fixture
def opera(event_index, hall, venue):
    page = EventPageFactory(
        parent=event_index, title="Tryllefløyten", duration_minutes=150
    )
    start = datetime.datetime(2031, 3, 14, 19, 0, tzinfo=OSLO)
    PerformanceFactory(event=page, hall=hall, start=start)
    PerformanceFactory(
        event=page,
        hall=hall,
        start=start + datetime.timedelta(days=1),
        status=Performance.Status.CANCELLED,
    )
    return page


def test_event_calendar_is_valid_icalendar_in_oslo_time(client, opera):
    calendar = parse(client.get(f"{opera.url}kalender.ics"))
    events = calendar.events
    assert len(events) == 2
    first = events[0]
    assert str(first["SUMMARY"]) == "Tryllefløyten"
    start = first.decoded("DTSTART")
    assert start == datetime.datetime(2031, 3, 14, 19, 0, tzinfo=OSLO)
    assert start.tzinfo.key == "Europe/Oslo"
    assert first.decoded("DTEND") - start == datetime.timedelta(minutes=150)
    assert "Store sal" in str(first["LOCATION"])
    assert str(first["URL"]) == f"http://testserver{opera.url}"
    assert [tz["TZID"] for tz in calendar.timezones] == ["Europe/Oslo"]


def test_cancelled_performance_is_marked_cancelled(client, opera):
    calendar = parse(client.get(f"{opera.url}kalender.ics"))
    assert [str(event["STATUS"]) for event in calendar.events] == [
        "CONFIRMED",
        "CANCELLED",
    ]


def test_uids_are_stable_across_downloads(client, opera):
    first = [
        str(e["UID"]) for e in parse(client.get(f"{opera.url}kalender.ics")).events
    ]
    second = [
        str(e["UID"]) for e in parse(client.get(f"{opera.url}kalender.ics")).events
    ]
    assert first == second
    assert len(set(first)) == 2


def test_programme_calendar_has_every_upcoming_performance_and_no_past_ones(
    client, opera, event_index, hall
):
    old = EventPageFactory(parent=event_index, title="I fjor")
    PerformanceFactory(
        event=old, hall=hall, start=timezone.now() - datetime.timedelta(days=3)
    )
    other = EventPageFactory(parent=event_index, title="Jazzkveld")
    PerformanceFactory(event=other, hall=hall)
    calendar = parse(client.get("/arrangementer/kalender.ics"))
    summaries = sorted(str(event["SUMMARY"]) for event in calendar.events)
    assert summaries == ["Jazzkveld", "Tryllefløyten", "Tryllefløyten"]


def test_calendar_uid_of_a_performance_is_the_same_in_both_feeds(client, opera):
    single = {
        str(e["UID"]) for e in parse(client.get(f"{opera.url}kalender.ics")).events
    }
    programme = {
        str(e["UID"]) for e in parse(client.get("/arrangementer/kalender.ics")).events
    }
    assert single <= programme
