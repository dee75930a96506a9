"""The site texts in the browser: the English pages that show them (the
footer, the accessibility statement) and the English ticket pages pass
axe-core, and an editor keeps the texts in the admin (edit the Norwegian
set, be refused a second one, add and delete an English set)."""

import re

import pytest
from playwright.sync_api import expect

from home.models import SiteTexts

from .axe_results import AXE_RUN, WCAG_TAGS
from .sessions import editor, sign_in
from .test_accessibility import format_violations, switch_to_english
from .test_tickets import sold_here, stripe_stub

__all__ = ["stripe_stub"]

HOURS_EN = "Box office: Mon–Fri 10–16, Sat 11–14 and an hour before shows"


def check_axe(page, axe_source):
    page.evaluate(axe_source)  # the CSP refuses add_script_tag (inline)
    results = page.evaluate(AXE_RUN, WCAG_TAGS)
    assert results["violations"] == [], format_violations(results["violations"])


def test_the_english_footer_and_statement_show_english_texts_and_pass_axe(
    demo_site, page, axe_source
):
    switch_to_english(page, demo_site)
    page.goto(demo_site + "/en/")
    hours = page.locator(".site-footer p", has_text="Box office")
    expect(hours).to_have_text(HOURS_EN)
    assert hours.get_attribute("lang") is None
    check_axe(page, axe_source)

    # Known barriers written in Norwegian only: listed, marked Norwegian.
    texts = SiteTexts.objects.get(locale__language_code="nb")
    texts.known_issues = "Noen eldre videoer mangler teksting."
    texts.save()
    # The English footer links the statement's English address.
    page.get_by_role("link", name="Accessibility statement").click()
    page.wait_for_url("**/en/accessibility/")
    assert page.locator("html").get_attribute("lang") == "en"
    barriers = page.locator("main ul[lang='nb']")
    expect(barriers).to_have_text("Noen eldre videoer mangler teksting.")
    check_axe(page, axe_source)


def test_the_english_buy_and_waiting_list_pages_pass_axe(
    demo_site, page, axe_source, stripe_stub
):
    performance = sold_here(translated_into="en")
    english = performance.event.in_language("en")
    switch_to_english(page, demo_site)
    page.goto(demo_site + english.url)
    page.locator(f"a.tickets-buy[href='/billetter/kjop/{performance.pk}/']").click()
    page.wait_for_url(f"**/billetter/kjop/{performance.pk}/")
    assert page.locator("html").get_attribute("lang") == "en"
    expect(page.locator("h1")).to_contain_text(english.title)
    check_axe(page, axe_source)


@pytest.mark.submits(
    "wagtailsnippets_home_sitetexts:add",
    "wagtailsnippets_home_sitetexts:edit",
    "wagtailsnippets_home_sitetexts:delete",
)
def test_an_editor_keeps_the_site_texts_in_each_language(demo_site, page):
    sign_in(page.context, demo_site, editor())
    base = "/admin/snippets/home/sitetexts/"
    listing = re.compile(re.escape(base) + r"(\?locale=\w+)?$")
    norwegian = SiteTexts.objects.get(locale__language_code="nb")

    page.goto(demo_site + base + f"edit/{norwegian.pk}/")
    page.locator("input[name=opening_hours]").fill("Billettkontoret: man–fre 9–15")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(listing)
    norwegian.refresh_from_db()
    assert norwegian.opening_hours == "Billettkontoret: man–fre 9–15"

    # A second Norwegian set is refused with a message, nothing stored.
    page.goto(demo_site + base + "add/?locale=nb")
    page.locator("input[name=opening_hours]").fill("Alltid åpent")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("main")).to_contain_text(
        "There are already site texts in this language"
    )
    assert SiteTexts.objects.filter(locale__language_code="nb").count() == 1

    # The English set the demo made is deleted and written afresh by hand.
    english = SiteTexts.objects.get(locale__language_code="en")
    page.goto(demo_site + base + f"delete/{english.pk}/")
    page.get_by_role("button", name="Yes, delete").click()
    page.wait_for_url(listing)
    assert not SiteTexts.objects.filter(locale__language_code="en").exists()
    page.goto(demo_site + "/en/")
    expect(page.locator(".site-footer p[lang='nb']")).to_have_text(
        "Billettkontoret: man–fre 9–15"
    )

    page.goto(demo_site + base + "add/?locale=en")
    page.locator("input[name=opening_hours]").fill("Box office: Mon–Fri 9–15")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(listing)
    assert (
        SiteTexts.objects.get(locale__language_code="en").opening_hours
        == "Box office: Mon–Fri 9–15"
    )
    page.goto(demo_site + "/en/")
    expect(page.locator(".site-footer p", has_text="Box office")).to_have_text(
        "Box office: Mon–Fri 9–15"
    )
