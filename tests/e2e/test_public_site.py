"""The accessibility statement and the terms of sale in Chromium: reached
from every footer and from the purchase form, free of WCAG violations in
both languages, and the statement shows what the checks recorded."""

import json

import pytest
from django.core.management import call_command

__all__ = ["stripe_stub"]  # the fixture, used by name

from .test_accessibility import AXE_RUN, WCAG_TAGS, format_violations, switch_to_english
from .test_tickets import open_buy_page, sold_here, stripe_stub


def check_accessibility(page, axe_source):
    page.evaluate(axe_source)  # the CSP refuses add_script_tag (inline)
    results = page.evaluate(AXE_RUN, WCAG_TAGS)
    assert results["violations"] == [], format_violations(results["violations"])


@pytest.mark.parametrize("language", ["nb", "en"])
@pytest.mark.parametrize(
    ("link", "heading"),
    [
        ({"nb": "Tilgjengelighetserklæring", "en": "Accessibility statement"}, None),
        ({"nb": "Kjøpsvilkår", "en": "Terms of sale"}, None),
    ],
    ids=["accessibility statement", "terms of sale"],
)
def test_the_footer_leads_to_a_page_without_wcag_violations(
    demo_site, page, axe_source, axe_recorder, language, link, heading
):
    if language == "en":
        switch_to_english(page, demo_site)
    else:
        page.goto(demo_site + "/")
    page.locator(".site-footer").get_by_role("link", name=link[language]).click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == link[language]
    recorded = len(axe_recorder.pages)
    check_accessibility(page, axe_source)
    # The check was recorded for the statement.
    assert len(axe_recorder.pages) == recorded + 1
    assert axe_recorder.pages[-1]["path"] == page.url.removeprefix(demo_site)
    assert axe_recorder.pages[-1]["passes"]


def test_the_statement_shows_the_recorded_checks(
    demo_site, page, axe_source, tmp_path, settings
):
    settings.ACCESSIBILITY_REPORT = tmp_path / "report.json"
    runs = tmp_path / "runs"
    runs.mkdir()
    run = {
        "checked_at": "2026-12-01T10:00:00+00:00",
        "engine": "axe-core 4.10.2",
        "tags": WCAG_TAGS,
        "pages": [{"path": "/", "passes": ["image-alt", "label"], "violations": []}],
    }
    (runs / "axe-1.json").write_text(json.dumps(run))
    call_command(
        "record_accessibility_checks", str(runs), stdout=open("/dev/null", "w")
    )

    page.goto(demo_site + "/tilgjengelighet/")
    text = page.locator("main").inner_text()
    assert "1. desember 2026" in text
    assert "Kontrollen fant ingen brudd." in text
    page.get_by_text("Kontrollerte sider").click()
    check_accessibility(page, axe_source)


def test_the_purchase_form_links_the_terms_of_sale(demo_site, page, stripe_stub):
    open_buy_page(page, demo_site, sold_here())
    page.get_by_role("link", name="kjøpsvilkårene").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Kjøpsvilkår"
    assert "angrerettloven § 22" in page.locator("main").inner_text()
