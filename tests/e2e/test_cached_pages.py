"""A page served from the cache still works for every visitor: a comment, a
sign-in and a newsletter sign-up all start from a cached copy, which holds no
CSRF token and nothing about the visitor (scripts fetch the token and read
the signed-in cookie).

The live server runs the site's own page cache, the one the front proxy
(nginx in site/) copies: the same HTML, marked public, for every anonymous
visitor. A second view of a page is a hit (``X-Page-Cache``)."""

import pytest
from django.conf import settings
from playwright.sync_api import expect

from comments.models import Comment
from newsletter.models import Subscriber

from ..factories import UserFactory
from .test_accessibility import switch_to_english

PASSWORD = "Et langt og godt passord 42"


def commented_page_url():
    """An event the demo content gave comments (so its form is shown)."""
    comment = (
        Comment.objects.published()
        .filter(level=1, page__live=True)
        .select_related("page")
        .order_by("pk")
        .first()
    )
    return comment.page.url


def open_cached(page, url):
    """Open ``url`` twice as an anonymous visitor: the second answer comes
    from the cache, public, with no cookie and no token in it."""
    page.goto(url)
    response = page.goto(url)
    assert response.headers.get("x-page-cache") == "hit"
    assert "public" in response.headers.get("cache-control", "")
    assert "set-cookie" not in response.headers
    html = response.text()
    assert "csrfmiddlewaretoken" not in html
    return response


@pytest.fixture
def member(demo_site):
    from allauth.account.models import EmailAddress

    user = UserFactory(email="ingrid@example.org", password=PASSWORD)
    EmailAddress.objects.create(
        user=user, email=user.email, verified=True, primary=True
    )
    return user


@pytest.mark.submits("comments:post")
def test_a_comment_sent_from_a_cached_page_is_received(demo_site, page):
    switch_to_english(page, demo_site)
    url = demo_site + commented_page_url()
    open_cached(page, url)

    form = page.locator("#comment-form")
    form.locator("input[name=name]").fill("Per Publikum")
    form.locator("input[name=email]").fill("per@example.org")
    form.locator("textarea[name=comment]").fill("Sendt fra en side i hurtigbufferen.")
    form.locator("button[type=submit]").click()

    page.wait_for_url("**/kommentarer/sendt/**")
    expect(page.locator("main [role=status]")).to_contain_text("awaits moderation")
    assert Comment.objects.filter(
        comment="Sendt fra en side i hurtigbufferen.", user_email="per@example.org"
    ).exists()


@pytest.mark.submits("account_login", "account_logout")
def test_signing_in_from_a_cached_page_shows_my_page_in_the_header(
    demo_site, page, member
):
    # A Norwegian page (its URL sets its language), header in Norwegian.
    url = demo_site + commented_page_url()
    open_cached(page, url)
    header = page.locator(".account-link")
    expect(header.get_by_role("link", name="Logg inn")).to_be_visible()
    expect(header.get_by_role("link", name="Min side")).to_be_hidden()

    header.get_by_role("link", name="Logg inn").click()
    page.wait_for_url("**/konto/login/")
    page.locator("#id_login").fill(member.email)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_url("**/konto/meg/")
    expect(header.get_by_role("link", name="Min side")).to_be_visible()
    expect(header.get_by_role("link", name="Logg inn")).to_be_hidden()

    # Back on the page: rendered for the signed-in visitor, kept private.
    response = page.goto(url)
    assert "x-page-cache" not in response.headers
    assert "private" in response.headers.get("cache-control", "")
    expect(header.get_by_role("link", name="Min side")).to_be_visible()
    cookies = {cookie["name"]: cookie for cookie in page.context.cookies()}
    assert cookies["innlogget"]["value"] == "1"
    assert cookies[settings.SESSION_COOKIE_NAME]["httpOnly"]

    # Signed out, the cached page says "Logg inn" again.
    page.goto(demo_site + "/konto/logout/")
    page.locator("main button[type=submit]").click()
    page.goto(url)
    expect(header.get_by_role("link", name="Logg inn")).to_be_visible()
    expect(header.get_by_role("link", name="Min side")).to_be_hidden()


@pytest.mark.submits("newsletter:subscribe")
def test_subscribing_from_the_footer_of_a_cached_page(demo_site, page):
    switch_to_english(page, demo_site)
    open_cached(page, demo_site + "/en/")

    # The cookie banner sits over the foot of the screen until answered.
    page.locator("#consent-banner button[value='necessary']").click()
    expect(page.locator("#consent-banner")).to_be_hidden()
    box = page.locator(".newsletter-box")
    box.get_by_label("Email").fill("nyhetsleser@example.org")
    box.get_by_label("I am 15 or older").check()
    box.get_by_role("button", name="Subscribe").click()

    page.wait_for_url("**/nyhetsbrev/sjekk-e-posten/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your mail")
    subscriber = Subscriber.objects.get(email="nyhetsleser@example.org")
    assert subscriber.confirmed_at is None
