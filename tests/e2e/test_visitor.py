"""A visitor's way through the site in a real browser: from the home page to
an event, and the event into their calendar."""

from pathlib import Path

from icalendar import Calendar
from playwright.sync_api import expect

from .layout import ON_TOP


def test_visitor_follows_an_event_from_the_home_page_and_downloads_its_calendar(
    demo_site, page
):
    page.goto(demo_site + "/")
    coming_up = page.locator("section[aria-labelledby='upcoming-title']")
    event_link = coming_up.locator(".card__title a").first
    title = event_link.inner_text().strip()

    event_link.click()

    page.wait_for_url("**/arrangementer/*/")
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    dates = page.locator(".performance-table tbody tr").count()

    with page.expect_download() as download_info:
        page.locator("main a[href$='/kalender.ics']").click()
    download = download_info.value

    assert download.failure() is None
    assert download.suggested_filename.endswith(".ics")
    calendar = Calendar.from_ical(Path(download.path()).read_bytes())
    entries = calendar.walk("VEVENT")
    assert len(entries) == dates
    assert {str(entry["SUMMARY"]) for entry in entries} == {title}
    assert all(entry["DTSTART"].dt.tzinfo is not None for entry in entries)


def test_first_tab_focuses_the_skip_link_and_shows_it(demo_site, page):
    page.goto(demo_site + "/")
    skip_link = page.locator("a.skip-link")
    expect(skip_link).not_to_be_in_viewport()

    page.keyboard.press("Tab")

    expect(skip_link).to_be_focused()
    expect(skip_link).to_be_in_viewport()
    assert skip_link.get_attribute("href") == "#main"

    page.keyboard.press("Enter")

    expect(page.locator("main#main")).to_be_focused()


def test_the_hero_s_title_text_and_button_show_over_its_picture(demo_site, page):
    for width, height in ((1366, 900), (390, 844)):
        page.set_viewport_size({"width": width, "height": height})
        page.goto(demo_site + "/")
        hero = page.locator(".hero")
        expect(hero.locator("picture")).to_be_visible()
        for part in ("h1", "p", ".button"):
            element = hero.locator(part).first
            element.scroll_into_view_if_needed()
            assert element.evaluate(ON_TOP), f"{part} hidden at {width} px"
    hero.locator(".button").click(timeout=5000)
    page.wait_for_url("**/arrangementer/")
