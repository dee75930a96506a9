"""axe-core finds no WCAG 2.1 A or AA violations on the pages most visitors
see, in Norwegian and in English."""

import pytest

from .axe_results import AXE_RUN, WCAG_TAGS

__all__ = ["AXE_RUN", "WCAG_TAGS"]


def first_event_url(page):
    """The address of the first event card on the event index."""
    return page.locator("main .card__title a").first.get_attribute("href")


# A page's language is its URL's: the English pages live under /en/.
HOME = {"nb": "/", "en": "/en/"}
EVENT_INDEX = {"nb": "/arrangementer/", "en": "/en/events/"}


def open_home_page(page, base_url, language):
    page.goto(base_url + HOME[language])


def open_event_index(page, base_url, language):
    page.goto(base_url + EVENT_INDEX[language])


def open_event_page(page, base_url, language):
    open_event_index(page, base_url, language)
    page.goto(base_url + first_event_url(page))


def open_article_page(page, base_url, language):
    """The newest article, whose <picture> carries alt text and a credit."""
    page.goto(base_url + HOME[language])
    page.goto(
        base_url
        + page.locator("main .card-grid .card__title a").last.get_attribute("href")
    )


PRIVACY = {"nb": "/personvern/", "en": "/en/privacy/"}
PRIVACY_VERSIONS = {"nb": "/personvern/versjoner/", "en": "/en/privacy/versions/"}
PRIVACY_COMPARISON = {
    "nb": "/personvern/versjoner/sammenlign/?fra=1&til=2",
    "en": "/en/privacy/versions/compare/?fra=1&til=2",
}


def open_privacy_page(page, base_url, language):
    page.goto(base_url + PRIVACY[language])


def open_privacy_versions(page, base_url, language):
    page.goto(base_url + PRIVACY_VERSIONS[language])


def open_privacy_comparison(page, base_url, language):
    page.goto(base_url + PRIVACY_COMPARISON[language])


def open_newsletter_page(page, base_url, language):
    """Not a page of the tree: it follows the language the visitor chose."""
    page.goto(base_url + "/nyhetsbrev/")


PAGES = {
    "home page": open_home_page,
    "event index": open_event_index,
    "event page": open_event_page,
    "article page": open_article_page,
    "newsletter": open_newsletter_page,
    "privacy page": open_privacy_page,
    "privacy versions": open_privacy_versions,
    "privacy comparison": open_privacy_comparison,
}


def switch_to_english(page, base_url):
    """Choose English with the language switch, as a visitor would."""
    page.goto(base_url + "/")
    page.locator(".language-switch a[hreflang='en']").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"


def format_violations(violations):
    lines = [f"{len(violations)} accessibility violation(s):"]
    for violation in violations:
        lines.append(
            f"- {violation['id']} ({violation['impact']}): {violation['help']} "
            f"<{violation['helpUrl']}>"
        )
        for node in violation["nodes"]:
            target = " ".join(str(part) for part in node["target"])
            lines.append(f"    at {target}: {node['failureSummary']!r}")
    return "\n".join(lines)


@pytest.mark.parametrize(
    ("name", "language"),
    [
        ("home page", "nb"),
        ("home page", "en"),
        ("event index", "nb"),
        ("event index", "en"),
        ("event page", "nb"),
        ("event page", "en"),
        ("article page", "nb"),
        ("privacy page", "nb"),
        ("privacy page", "en"),
        ("privacy versions", "en"),
        ("privacy comparison", "en"),
        ("newsletter", "nb"),
        ("newsletter", "en"),
    ],
)
def test_page_has_no_wcag_violations(demo_site, page, axe_source, name, language):
    if language == "en":
        switch_to_english(page, demo_site)
    PAGES[name](page, demo_site, language)
    assert page.locator("html").get_attribute("lang") == language

    page.evaluate(axe_source)  # the CSP refuses add_script_tag (inline)
    results = page.evaluate(AXE_RUN, WCAG_TAGS)

    assert results["violations"] == [], format_violations(results["violations"])
