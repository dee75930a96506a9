"""The privacy side in the browser: statistics and marketing scripts appear
only after consent, the choice sticks across pages, and the privacy
statement, its comparison, the cookie settings and the request form pass
axe-core's WCAG 2.1 AA checks."""

from urllib.parse import urlsplit

import pytest

from privacy.models import ConsentRecord, PrivacySettings

from .test_accessibility import AXE_RUN, WCAG_TAGS, format_violations

ANALYTICS = "script[src*='googletagmanager.com/gtag/js']"
PIXEL = "script[src*='connect.facebook.net']"


@pytest.fixture
def tracked_site(demo_site):
    settings = PrivacySettings.load()
    settings.analytics_id = "G-TEST12345"
    settings.pixel_id = "1234567890"
    settings.save()
    return demo_site


@pytest.fixture
def offline(page):
    """Only the live server answers: third-party scripts are added to the
    page but never fetched (the one address tests may reach is 127.0.0.1)."""

    def only_local(route):
        if urlsplit(route.request.url).hostname == "127.0.0.1":
            route.continue_()
        else:
            route.abort()

    page.route("**/*", only_local)
    return page


@pytest.mark.submits("privacy:consent")
def test_no_analytics_before_consent_and_present_after(tracked_site, offline):
    page = offline
    page.goto(tracked_site + "/")
    banner = page.locator("#consent-banner")
    banner.wait_for(state="visible")
    assert page.locator(ANALYTICS).count() == 0
    assert page.locator(PIXEL).count() == 0
    assert "googletagmanager" not in page.content()

    page.locator("#consent-banner button[value='all']").click()
    banner.wait_for(state="hidden")
    page.locator(ANALYTICS).wait_for(state="attached")
    assert page.locator(PIXEL).count() == 1
    record = ConsentRecord.objects.get()
    assert record.statistics and record.marketing

    # Another page: no banner, the scripts come back from the saved choice.
    page.goto(tracked_site + "/arrangementer/")
    page.locator(ANALYTICS).wait_for(state="attached")
    assert not page.locator("#consent-banner").is_visible()


@pytest.mark.submits("privacy:consent")
def test_rejecting_keeps_every_tracking_script_out(tracked_site, offline):
    page = offline
    page.goto(tracked_site + "/")
    reject = page.locator("#consent-banner button[value='necessary']")
    accept = page.locator("#consent-banner button[value='all']")
    # Equally prominent: the same size and style.
    assert reject.get_attribute("class") == accept.get_attribute("class")
    reject_box, accept_box = reject.bounding_box(), accept.bounding_box()
    assert abs(reject_box["height"] - accept_box["height"]) < 1
    reject.click()
    page.locator("#consent-banner").wait_for(state="hidden")
    page.goto(tracked_site + "/arrangementer/")
    assert not page.locator("#consent-banner").is_visible()
    assert page.locator(ANALYTICS).count() == 0
    assert page.locator(PIXEL).count() == 0
    assert not ConsentRecord.objects.get().statistics


@pytest.mark.submits("privacy:consent")
def test_only_statistics_loads_analytics_but_not_the_pixel(tracked_site, offline):
    page = offline
    page.goto(tracked_site + "/")
    page.locator("#consent-banner input[name='statistics']").check()
    page.locator("#consent-banner button[value='custom']").click()
    page.locator(ANALYTICS).wait_for(state="attached")
    assert page.locator(PIXEL).count() == 0


@pytest.mark.submits("privacy:consent", "privacy:cookies")
def test_the_choice_can_be_changed_on_the_cookie_settings_page(tracked_site, offline):
    page = offline
    page.goto(tracked_site + "/")
    page.locator("#consent-banner button[value='all']").click()
    page.locator("#consent-banner").wait_for(state="hidden")
    page.locator("footer a[href='/personvern/informasjonskapsler/']").click()
    page.wait_for_load_state()
    page.locator("main button[value='necessary']").click()
    page.wait_for_load_state()
    page.goto(tracked_site + "/")
    assert not page.locator("#consent-banner").is_visible()
    assert page.locator(ANALYTICS).count() == 0
    assert ConsentRecord.objects.count() == 2


def open_privacy_page(page, base_url):
    page.goto(base_url + "/personvern/")


def open_versions(page, base_url):
    page.goto(base_url + "/personvern/versjoner/")


def open_comparison(page, base_url):
    page.goto(base_url + "/personvern/versjoner/sammenlign/?fra=1&til=2")


def open_cookie_settings(page, base_url):
    page.goto(base_url + "/personvern/informasjonskapsler/")


def open_request_form(page, base_url):
    page.goto(base_url + "/personvern/foresporsel/")


@pytest.mark.parametrize(
    "open_page",
    [
        open_privacy_page,
        open_versions,
        open_comparison,
        open_cookie_settings,
        open_request_form,
    ],
)
def test_privacy_pages_have_no_wcag_violations(
    demo_site, offline, axe_source, open_page
):
    page = offline
    open_page(page, demo_site)
    page.locator("#consent-banner").wait_for(state="visible")  # checked with it
    page.evaluate(axe_source)  # the CSP refuses add_script_tag (inline)
    results = page.evaluate(AXE_RUN, WCAG_TAGS)
    assert results["violations"] == [], format_violations(results["violations"])


def test_the_comparison_marks_changes_in_text_not_colour_alone(demo_site, offline):
    page = offline
    open_comparison(page, demo_site)
    insertion = page.locator("main .diff ins").first
    assert "youtube-nocookie" in insertion.inner_text()
    assert insertion.locator(".visually-hidden").count() >= 1
    style = insertion.evaluate("node => getComputedStyle(node).textDecorationLine")
    assert "underline" in style
