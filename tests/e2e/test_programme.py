"""The programme, an event and a hall in Chromium: axe-core finds no WCAG
2.1 A/AA violations in the list, the filtered list, the month calendar and a
hall page; on a 390 px phone the event page's "Kjøp billett" is above the
fold, and the cookie banner takes at most a third of the screen without
covering it, with its choices in sight; the programme's filters leave room
for the first event on the first screen."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from events.models import Performance

from .layout import ON_TOP
from .test_accessibility import AXE_RUN, WCAG_TAGS, format_violations
from .test_tickets import sold_here, stripe_stub

__all__ = ["stripe_stub"]  # the fixture, used by name

PHONE = {"width": 390, "height": 844}


def assert_accessible(page, axe_source):
    page.evaluate(axe_source)  # the CSP refuses add_script_tag (inline)
    results = page.evaluate(AXE_RUN, WCAG_TAGS)
    assert results["violations"] == [], format_violations(results["violations"])


@pytest.mark.parametrize("width", [1366, 390])
def test_the_programme_views_and_a_hall_page_pass_axe(
    demo_site, browser, axe_source, width
):
    context = browser.new_context(
        viewport={"width": width, "height": 900}, locale="nb-NO"
    )
    try:
        page = context.new_page()
        page.goto(demo_site + "/arrangementer/")
        cards = page.locator("main .card--event")
        assert cards.count() > 0
        # One card per event: no title twice.
        titles = page.locator("main .card__title a").all_inner_texts()
        assert len(titles) == len(set(titles))
        assert_accessible(page, axe_source)

        # Filters are links: choosing one keeps the address as the state.
        page.locator(".filters__group").first.locator(
            "a.chip:not(.chip--chosen)"
        ).first.click()
        page.wait_for_load_state()
        assert "sjanger=" in page.url
        assert page.locator(".chip--chosen[aria-current='true']").count() >= 1
        assert_accessible(page, axe_source)

        page.get_by_role("link", name="Månedskalender").click()
        page.wait_for_load_state()
        assert "visning=kalender" in page.url and "sjanger=" in page.url
        expect(page.locator(".month-calendar__table")).to_be_attached()
        if width < 600:
            # On a phone the month is a list of days with performances: no
            # empty cells for the days before and after the month.
            for outside in page.locator(".month-calendar__outside").all():
                expect(outside).to_be_hidden()
        assert_accessible(page, axe_source)

        page.goto(demo_site + "/arrangementer/")
        page.goto(
            demo_site + page.locator("main .card__title a").first.get_attribute("href")
        )
        page.locator(".event__where a").first.click()
        page.wait_for_load_state()
        assert "/arrangementer/sal/" in page.url
        expect(page.get_by_role("heading", name="Tilgjengelighet")).to_be_visible()
        assert_accessible(page, axe_source)
    finally:
        context.close()


def test_on_a_phone_kjop_billett_is_above_the_fold_and_the_banner_leaves_it_free(
    demo_site, browser, axe_source, stripe_stub
):
    event = sold_here().event
    context = browser.new_context(viewport=PHONE, locale="nb-NO", is_mobile=True)
    try:
        page = context.new_page()
        page.goto(demo_site + event.url)
        button = page.get_by_role("link", name="Kjøp billett", exact=True)
        expect(button).to_be_visible()
        box = button.bounding_box()
        assert box["y"] + box["height"] <= PHONE["height"], box

        # A first visit: the cookie banner shows, at most a third of the
        # screen high, and does not cover the button.
        banner = page.locator("#consent-banner")
        expect(banner).to_be_visible()
        area = banner.bounding_box()
        assert area["height"] <= PHONE["height"] / 3 + 1, area
        assert box["y"] + box["height"] <= area["y"], (box, area)
        # The button is the element at its own centre: nothing lies over it.
        on_top = page.evaluate(
            """([x, y]) => document.elementFromPoint(x, y).closest('a')?.textContent""",
            [box["x"] + box["width"] / 2, box["y"] + box["height"] / 2],
        )
        assert on_top and "Kjøp billett" in on_top
        assert_accessible(page, axe_source)
    finally:
        context.close()


def test_on_a_phone_the_banner_s_choices_and_the_first_events_show(
    demo_site, browser, axe_source
):
    context = browser.new_context(viewport=PHONE, locale="nb-NO", is_mobile=True)
    try:
        page = context.new_page()
        page.goto(demo_site + "/arrangementer/")
        # The banner's quick choices show without scrolling inside it, and
        # scrolled to its end, nothing in it lies under them.
        banner = page.locator("#consent-banner").bounding_box()
        for name in ("Bare nødvendige", "Godta alle"):
            button = page.get_by_role("button", name=name).bounding_box()
            assert banner["y"] <= button["y"], (name, banner, button)
            assert button["y"] + button["height"] <= banner["y"] + banner["height"]
        actions = page.locator(".consent-banner__actions").bounding_box()
        assert actions["y"] + actions["height"] <= banner["y"] + banner["height"] + 1
        page.locator("#consent-banner").evaluate("b => b.scrollTop = b.scrollHeight")
        for control in (
            page.get_by_role("checkbox", name="Statistikk"),
            page.get_by_role("button", name="Lagre valget mitt"),
        ):
            assert control.evaluate(ON_TOP), control
        page.get_by_role("button", name="Bare nødvendige").click()
        # Each filter is one row that scrolls sideways: the first card
        # starts on the first screen (wrapped, the filters alone were 640 px
        # high), and the page itself stays 390 px wide.
        first = page.locator("main .card--event").first.bounding_box()
        assert first["y"] < PHONE["height"] - 100, first
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"], width
        # The last month can be scrolled to and chosen.
        months = page.locator(".filters__group").nth(2).locator("a.chip")
        last = months.last
        name = last.inner_text().split()[0]
        last.scroll_into_view_if_needed()
        last.click()
        expect(page.locator(".chip--chosen").nth(2)).to_contain_text(name)
        assert_accessible(page, axe_source)
    finally:
        context.close()


def test_on_a_phone_a_date_with_few_tickets_left_reads_on_one_line(
    demo_site, browser, stripe_stub
):
    few = (
        Performance.objects.filter(
            status=Performance.Status.FEW_LEFT, start__gt=timezone.now()
        )
        .select_related("event")
        .first()
    )
    context = browser.new_context(viewport=PHONE, locale="nb-NO", is_mobile=True)
    try:
        page = context.new_page()
        page.goto(demo_site + few.event.specific.url)
        row = page.locator(".performance-table tbody tr").filter(
            has=page.locator(".status", has_text="Få billetter igjen")
        )
        expect(row.first).to_be_visible()
        # Not narrowed to a word a line beside the badge and the button.
        date = row.first.locator("td").nth(0).locator("time")
        assert date.evaluate("time => time.getClientRects().length") == 1
    finally:
        context.close()


# Whether the element lies wholly inside its row's visible box.
IN_SIGHT = """element => {
    const row = element.closest(".chips").getBoundingClientRect();
    const box = element.getBoundingClientRect();
    return box.left >= row.left - 1 && box.right <= row.right + 1;
}"""


def test_a_chosen_filter_is_in_sight_on_a_phone_and_in_line_on_a_desktop(
    demo_site, browser
):
    context = browser.new_context(viewport=PHONE, locale="nb-NO", is_mobile=True)
    try:
        page = context.new_page()
        page.goto(demo_site + "/arrangementer/?for=barn")
        chosen = page.locator(".filters__group").nth(3).locator(".chip--chosen")
        expect(chosen).to_contain_text("Barn og familie")
        # The row scrolled sideways to it (the script), where it lay beyond
        # the screen's right edge.
        page.wait_for_function(
            "document.querySelectorAll('.filters__group .chips')[3].scrollLeft > 0"
        )
        assert chosen.evaluate(IN_SIGHT)
    finally:
        context.close()

    page = browser.new_page(viewport={"width": 1366, "height": 900})
    try:
        page.goto(demo_site + "/arrangementer/")
        # Each filter's chips start beside its label, however many there are.
        for group in page.locator(".filters__group").all():
            label = group.locator(".filters__label").bounding_box()
            first = group.locator(".chip").first.bounding_box()
            assert first["x"] > label["x"] + label["width"], (label, first)
            assert abs(first["y"] - label["y"]) < first["height"], (label, first)
    finally:
        page.close()


def test_without_stripe_keys_no_performance_says_i_salg(demo_site, page, settings):
    page.set_default_timeout(30_000)
    settings.STRIPE_SECRET_KEY = ""
    page.goto(demo_site + "/arrangementer/")
    page.goto(
        demo_site + page.locator("main .card__title a").first.get_attribute("href")
    )
    expect(page.locator("main")).not_to_contain_text("I salg")
    expect(page.get_by_role("link", name="Kjøp billett", exact=True)).to_have_count(0)
