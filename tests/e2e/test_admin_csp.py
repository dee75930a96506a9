"""The site under its Content-Security-Policy in a real browser: an editor
signs in to Wagtail's admin, opens the preview panel, renames an event and
publishes it, and visitors see the new title; the browser reports no
policy violation on the public pages (with and without the editor's
userbar), none in the admin, and none when a video is put in place at its
ratio after the visitor asks for it."""

import re
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect
from wagtail.embeds.embeds import get_embed_hash
from wagtail.embeds.models import Embed
from wagtail.models import Site

from events.models import EventPage

from ..factories import StandardPageFactory, UserFactory

EMAIL = "redaktor@example.org"
PASSWORD = "Redaksjonen 2025!"
NEW_TITLE = "Julekonsert med Elvebyen storband"

# Runs in every document and frame before the page's own scripts: records
# each violation the browser reports to the page.
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
    window.__cspViolations.push(
        `${event.effectiveDirective} blocked ${event.blockedURI || "inline"}`
        + ` at ${event.sourceFile || document.location.href}:${event.lineNumber}`
    );
});
"""
CSP_MESSAGE = re.compile(r"Content[ -]Security[ -]Policy", re.IGNORECASE)


class ViolationLog:
    """What the browser said about the policy: console messages (they also
    name frames the page cannot see into) and the violation events."""

    def __init__(self, context):
        self.console = []
        context.add_init_script(RECORD_VIOLATIONS)
        context.on("console", self.on_console)

    def on_console(self, message):
        if CSP_MESSAGE.search(message.text):
            self.console.append(
                f"{message.page.url if message.page else ''}: {message.text}"
            )

    def collect(self, page):
        events = []
        for frame in page.frames:
            try:
                events += frame.evaluate("window.__cspViolations || []")
            except PlaywrightError:  # a frame that went away meanwhile
                continue
        return self.console + events

    def clear(self):
        self.console.clear()


@pytest.fixture
def editor_context(browser):
    context = browser.new_context(
        # Norwegian, as the editors work: the site's date format
        # (WAGTAIL_DATETIME_FORMAT) is one Norwegian input formats accept.
        viewport={"width": 1400, "height": 900},
        locale="nb-NO",
    )
    context.set_default_timeout(15_000)
    log = ViolationLog(context)
    yield context, log
    context.close()


@pytest.fixture
def visitor_context(browser):
    context = browser.new_context(
        viewport={"width": 1280, "height": 800}, locale="nb-NO"
    )
    context.set_default_timeout(10_000)
    log = ViolationLog(context)
    yield context, log
    context.close()


def public_pages():
    event = EventPage.objects.live().order_by("path").first()
    return [
        "/",
        "/arrangementer/",
        event.url,
        event.url + "?sjanger=ingen",
        "/arrangementer/arkiv/",
        "/aktuelt/",
        "/kontakt/",
        "/personvern/",
        "/personvern/informasjonskapsler/",
        "/personvern/foresporsel/",
        "/konto/login/",
        "/sok/?q=konsert",
        "/finnes-ikke/",
    ]


def visit_all(page, log, base_url):
    found = {}
    for path in public_pages():
        page.goto(base_url + path)
        page.wait_for_load_state("load")
        violations = log.collect(page)
        if violations:
            found[path] = violations
        log.clear()
    return found


def test_public_pages_run_under_the_policy_without_violations(
    demo_site, visitor_context
):
    context, log = visitor_context
    page = context.new_page()

    assert visit_all(page, log, demo_site) == {}

    # The consent banner still works under the policy: its script runs
    # and records a choice.
    page.goto(demo_site + "/")
    banner = page.locator("#consent-banner")
    banner.wait_for(state="visible")
    page.locator("#consent-banner button[value='necessary']").click()
    banner.wait_for(state="hidden")
    assert log.collect(page) == []


def video_page():
    """A page with a YouTube video, its oEmbed answer stored already."""
    url = "https://www.youtube.com/watch?v=abc123"
    Embed.objects.create(
        hash=get_embed_hash(url, None, None),
        url=url,
        max_width=None,
        type="video",
        html=(
            '<iframe width="480" height="270" '
            'src="https://www.youtube.com/embed/abc123?feature=oembed" '
            'title="Konsertopptak" allowfullscreen></iframe>'
        ),
        provider_name="YouTube",
        title="Konsertopptak",
        thumbnail_url="",
        width=480,
        height=270,
        cache_until=None,
    )
    home = Site.objects.get(is_default_site=True).root_page
    return StandardPageFactory(
        parent=home, title="Video", slug="video", body=[("embed", url)]
    )


def test_an_embed_loads_in_its_frame_at_its_ratio_without_violations(
    demo_site, visitor_context
):
    context, log = visitor_context
    # Only the live server answers: the video is put in place, not fetched.
    context.route(
        "**/*",
        lambda route: (
            route.continue_()
            if urlsplit(route.request.url).hostname == "127.0.0.1"
            else route.abort()
        ),
    )
    page = context.new_page()
    page.goto(demo_site + video_page().url)

    page.locator("[data-consent-embed-load]").click()

    frame = page.locator(".responsive-object iframe")
    expect(frame).to_have_attribute("src", re.compile(r"^https://www.youtube-nocookie"))
    box = page.locator(".responsive-object").bounding_box()
    assert box["height"] == pytest.approx(box["width"] * 0.5625, abs=2)
    assert log.collect(page) == []


def sign_in_to_admin(page, base_url):
    user = UserFactory(email=EMAIL, is_staff=True, is_superuser=True)
    user.set_password(PASSWORD)
    user.save()
    page.goto(base_url + "/admin/login/")
    page.locator("#id_username").fill(EMAIL)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("form button[type=submit]").click()
    page.wait_for_url(base_url + "/admin/")
    expect(page.locator("main")).to_be_visible()


def test_an_editor_renames_and_publishes_an_event_under_the_admin_policy(
    demo_site, editor_context, visitor_context
):
    context, log = editor_context
    admin = context.new_page()
    event = EventPage.objects.live().order_by("path").first()
    public_url = demo_site + event.url
    visitor, visitor_log = visitor_context
    page = visitor.new_page()
    page.goto(public_url)
    page.goto(public_url)  # now from the page cache
    expect(page.locator("main h1")).to_contain_text(event.title)

    sign_in_to_admin(admin, demo_site)
    admin.goto(demo_site + f"/admin/pages/{event.pk}/edit/")
    title = admin.locator("#id_title")
    expect(title).to_have_value(event.title)
    title.fill(NEW_TITLE)

    # The preview panel frames the page from the admin (frame-ancestors
    # 'self' there) and shows the unsaved title.
    admin.locator("[data-side-panel-toggle='preview']").click()
    preview = admin.frame_locator("iframe[id^='w-preview-iframe']")
    expect(preview.locator("h1")).to_contain_text(NEW_TITLE, timeout=20_000)

    admin.locator("footer [data-w-dropdown-target='toggle']").last.click()
    admin.locator("button[name='action-publish']").click()
    admin.wait_for_url(re.compile(r".*/admin/pages/\d+/$"))
    expect(admin.locator(".messages")).to_contain_text(NEW_TITLE)

    assert log.collect(admin) == []
    event.refresh_from_db()
    assert event.title == NEW_TITLE

    # The editor on the public page: Wagtail's userbar runs too.
    log.clear()
    admin.goto(public_url)
    expect(admin.locator("main h1")).to_contain_text(NEW_TITLE)
    expect(admin.locator("wagtail-userbar")).to_be_attached()
    admin.locator("wagtail-userbar").locator("#wagtail-userbar-trigger").click()
    assert log.collect(admin) == []

    # The visitor sees the new title (the publish renewed the cached page).
    response = page.goto(public_url)
    expect(page.locator("main h1")).to_contain_text(NEW_TITLE)
    assert "script-src 'self'" in response.headers["content-security-policy"]
    assert visitor_log.collect(page) == []
