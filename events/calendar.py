"""iCalendar (RFC 5545) feeds of performances, for one event or the whole
programme. UIDs are stable so a calendar that subscribes to the feed updates
its entries instead of duplicating them."""

import zoneinfo

from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import get_language
from icalendar import Calendar, Event

from home.models import VenueSettings

STATUS = {
    "cancelled": "CANCELLED",
    "postponed": "TENTATIVE",
}


def build_calendar(request, performances, venue):
    tz = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    host = request.get_host().split(":")[0]
    calendar = Calendar()
    language = get_language() or settings.LANGUAGE_CODE
    calendar.add("prodid", f"-//{host}//Programme//{language.upper()}")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", venue.name)
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    stamp = timezone.now()
    for performance in performances:
        event_page = performance.event
        entry = Event()
        entry.add("uid", f"performance-{performance.pk}@{host}")
        entry.add("dtstamp", stamp)
        entry.add("dtstart", performance.start.astimezone(tz))
        entry.add("dtend", performance.end.astimezone(tz))
        entry.add("summary", event_page.title)
        entry.add("description", event_page.lead)
        entry.add(
            "location",
            ", ".join(
                part
                for part in (performance.hall.name, venue.name, venue.address_line)
                if part
            ),
        )
        entry.add("url", request.build_absolute_uri(event_page.get_url(request)))
        entry.add("status", STATUS.get(performance.status, "CONFIRMED"))
        calendar.add_component(entry)
    calendar.add_missing_timezones()
    return calendar


def calendar_response(request, performances, filename):
    venue = VenueSettings.current()
    calendar = build_calendar(request, performances, venue)
    response = HttpResponse(
        calendar.to_ical(), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
