"""The language switch on an event page lands on the same event in the
other language, and back, and on the terms of sale and the accessibility
statement on the same view: the visitor clicks it as anyone would."""

import re

import pytest

from .test_accessibility import first_event_url
from .test_site_texts import check_axe


def alternate(page, language):
    return page.locator(f"link[rel='alternate'][hreflang='{language}']").get_attribute(
        "href"
    )


def path_of(url):
    return re.sub(r"^https?://[^/]+", "", url)


def test_switching_language_on_an_event_lands_on_the_same_event_and_back(
    demo_site, page
):
    page.goto(demo_site + "/en/events/")
    english_url = first_event_url(page)
    page.goto(demo_site + english_url)
    assert page.locator("html").get_attribute("lang") == "en"
    english_title = page.locator("h1").first.inner_text()
    norwegian_url = path_of(alternate(page, "nb"))
    assert not norwegian_url.startswith("/en/")

    page.locator(".language-switch a[hreflang='nb']").click()
    page.wait_for_load_state()
    assert path_of(page.url) == norwegian_url
    assert page.locator("html").get_attribute("lang") == "nb"
    norwegian_title = page.locator("h1").first.inner_text()
    assert norwegian_title != english_title
    # The same event: each page names the other as its translation.
    assert path_of(alternate(page, "en")) == english_url

    page.locator(".language-switch a[hreflang='en']").click()
    page.wait_for_load_state()
    assert path_of(page.url) == english_url
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("h1").first.inner_text() == english_title


def test_switching_language_on_search_results_gives_the_same_search(demo_site, page):
    page.goto(demo_site + "/en/")
    page.locator(".site-search input[name='q']").fill("band")
    page.locator(".site-search button").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    english_results = page.locator(".search-results h3 a").all_inner_texts()
    assert "Big band night with Elvebyen Big Band" in english_results

    page.locator(".language-switch a[hreflang='nb']").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "nb"
    assert "sprak=nb" in page.url
    assert page.locator("#search-q").input_value() == "band"
    # The same search, now among the Norwegian pages.
    assert "treff for «band»" in page.locator("main h2").first.inner_text()
    links = page.locator(".search-results h3 a")
    for index in range(links.count()):
        assert not links.nth(index).get_attribute("href").startswith("/en/")


@pytest.mark.parametrize(
    ("link", "norwegian_url", "english_url", "english_heading"),
    [
        (
            "Kjøpsvilkår",
            "/billetter/kjopsvilkar/",
            "/en/tickets/terms-of-sale/",
            "Terms of sale",
        ),
        (
            "Tilgjengelighetserklæring",
            "/tilgjengelighet/",
            "/en/accessibility/",
            "Accessibility statement",
        ),
    ],
)
def test_switching_language_on_the_terms_and_the_statement_lands_on_the_same_view(
    demo_site, page, axe_source, link, norwegian_url, english_url, english_heading
):
    page.goto(demo_site + "/")
    page.locator(".site-footer").get_by_role("link", name=link).click()
    page.wait_for_load_state()
    assert path_of(page.url) == norwegian_url
    assert page.locator("html").get_attribute("lang") == "nb"
    norwegian_heading = page.locator("h1").inner_text()
    assert path_of(alternate(page, "en")) == english_url

    page.locator(".language-switch a[hreflang='en']").click()
    page.wait_for_load_state()
    assert path_of(page.url) == english_url
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("h1").inner_text() == english_heading
    assert path_of(alternate(page, "nb")) == norwegian_url
    assert path_of(alternate(page, "x-default")) == norwegian_url
    check_axe(page, axe_source)

    page.locator(".language-switch a[hreflang='nb']").click()
    page.wait_for_load_state()
    assert path_of(page.url) == norwegian_url
    assert page.locator("html").get_attribute("lang") == "nb"
    assert page.locator("h1").inner_text() == norwegian_heading
