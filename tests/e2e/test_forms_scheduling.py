"""Dates in bulk in Chromium against Wagtail's admin: an editor copies an
event with new dates from the event's menu, and adds every Friday of a
month at 19:00 after seeing the preview."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from events.models import EventPage, Hall

from .sessions import editor, sign_in


def local(year, month, day, hour, minute=0):
    return timezone.make_aware(datetime.datetime(year, month, day, hour, minute))


def first_event():
    return EventPage.objects.filter(locale__language_code="nb", live=True).order_by(
        "path"
    )[0]


@pytest.mark.submits("events_scheduling:copy")
def test_an_editor_copies_an_event_with_new_dates(demo_site, page):
    event = first_event()
    sign_in(page.context, demo_site, editor())
    page.goto(demo_site + f"/admin/pages/{event.pk}/edit/")
    page.locator("#w-slim-header-buttons").get_by_role("button", name="Actions").click()
    page.get_by_role("link", name="Copy with new dates").click()
    expect(page.get_by_label("Title of the copy")).to_have_value(event.title)
    page.get_by_label("New performances").fill("20.01.2028 19:30\n2028-01-21 18:00")
    hall = Hall.objects.filter(locale__language_code="nb").order_by("-pk").first()
    page.get_by_label("Hall").select_option(label=hall.name)
    page.get_by_role("button", name="Make the copy").click()

    expect(page.locator(".messages")).to_contain_text("copied as a draft with 2")
    copy = EventPage.objects.get(slug=f"{event.slug}-2028")
    assert page.url.endswith(f"/admin/pages/{copy.pk}/edit/")
    assert (copy.title, copy.live, copy.lead) == (event.title, False, event.lead)
    assert list(copy.performances.order_by("start").values_list("start", "hall")) == [
        (local(2028, 1, 20, 19, 30), hall.pk),
        (local(2028, 1, 21, 18), hall.pk),
    ]
    expect(page.locator("input[name=performances-0-start]")).to_have_value(
        "20.01.2028 19:30"
    )


@pytest.mark.submits("events_scheduling:series")
def test_an_editor_adds_every_friday_of_a_month_after_a_preview(demo_site, page):
    event = first_event()
    before = event.performances.count()
    sign_in(page.context, demo_site, editor())
    page.goto(demo_site + f"/admin/arrangementer/{event.pk}/serie/")
    page.get_by_label("First day").fill("01.03.2028")
    page.get_by_label("Last day").fill("2028-03-31")
    page.get_by_label("Friday").check()
    page.get_by_label("Time").fill("19:00")
    page.get_by_role("button", name="Show the performances").click()

    expect(page.locator("[data-preview] h2")).to_have_text("5 new performances")
    expect(page.locator("[data-new] li")).to_have_count(5)
    assert event.performances.count() == before
    page.get_by_role("button", name="Add 5 performances").click()

    expect(page.locator(".messages")).to_contain_text("5 performances added")
    starts = set(event.performances.values_list("start", flat=True))
    assert {local(2028, 3, day, 19) for day in (3, 10, 17, 24, 31)} <= starts
    assert event.performances.count() == before + 5


def test_a_series_too_long_is_refused_in_the_browser(demo_site, page):
    event = first_event()
    sign_in(page.context, demo_site, editor())
    page.goto(demo_site + f"/admin/arrangementer/{event.pk}/serie/")
    page.get_by_label("First day").fill("01.01.2028")
    page.get_by_label("Last day").fill("31.12.2028")
    for day in ("Monday", "Tuesday", "Wednesday"):
        page.get_by_label(day).check()
    page.get_by_label("Time").fill("19:00")
    page.get_by_role("button", name="Show the performances").click()

    expect(page.get_by_role("alert")).to_contain_text("at most 100 can be added")
    expect(page.get_by_role("button", name="Add")).to_have_count(0)
