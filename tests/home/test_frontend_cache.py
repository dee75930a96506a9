"""What the front proxy (nginx in site/) may keep: anonymous pages are the
same bytes for every visitor, marked public with an ETag and answered with a
304 when unchanged; signed-in visitors get private responses and a cookie
for the header's script; the proxy's choice of language is obeyed."""

import secrets

import pytest
from allauth.account.models import EmailAddress
from django.test import Client
from django.urls import reverse

from accounts.conf import conf as accounts_conf
from comments.models import Comment
from events.models import EventIndexPage, EventPage
from home.cache import SIGNED_IN_COOKIE_NAME
from home.models import ArticlePage, ContactPage

from ..factories import StandardPageFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(demo_site_data):
    """The demo content (seeded once, tests/conftest.py), put back inside
    this test's transaction."""


def demo_pages(language="nb"):
    """(name, path) of each page type a visitor reads in ``language``, from
    the demo content: the event is one with comments on its Norwegian page
    (and so a comment form)."""
    commented = EventPage.objects.filter(
        pk__in=Comment.objects.published().values_list("page_id", flat=True)
    )
    pages = {
        model: model.objects.live().filter(locale__language_code=language)
        for model in (EventIndexPage, EventPage, ArticlePage)
    }
    event = (
        pages[EventPage]
        .filter(translation_key__in=commented.values("translation_key"))
        .first()
    )
    return {
        "home": "/" if language == "nb" else f"/{language}/",
        "event index": pages[EventIndexPage].first().url,
        "event": event.url,
        "article": pages[ArticlePage].first().url,
    }


def visitor(**cookies):
    client = Client()
    for name, value in cookies.items():
        client.cookies[name] = value
    return client


def other_visitor(language):
    """A returning visitor: a cookie choice, a remembered commenter, a CSRF
    cookie from a form, analytics cookies, and the same language."""
    return visitor(
        sprak=language,
        samtykke=f"{secrets.token_hex(16)}.11.abc123.1700000000",
        comment_remember="name=%C3%85se&email=ase%40example.org",
        csrftoken=secrets.token_hex(16),
        _ga="GA1.1.123456789.1700000000",
    )


@pytest.mark.parametrize("language", ["nb", "en"])
def test_anonymous_visitors_with_different_cookies_get_the_same_bytes(
    demo, settings, language
):
    # Rendered afresh each time: the page cache would hide differences.
    settings.PAGE_CACHE_SECONDS = 0
    for name, path in demo_pages(language).items():
        first = visitor(sprak=language).get(path)
        second = other_visitor(language).get(path)
        assert first.status_code == second.status_code == 200, name
        assert first.content == second.content, name
        assert f'<html lang="{language}">' in first.content.decode()
        assert first["ETag"] == second["ETag"], name
        assert not first.cookies and not second.cookies, name


def test_anonymous_pages_are_public_for_the_proxy_and_revalidate_cheaply(
    demo, settings
):
    settings.PROXY_CACHE_SECONDS = 10
    for name, path in demo_pages().items():
        client = visitor()
        response = client.get(path)
        cache_control = response["Cache-Control"]
        assert "public" in cache_control, name
        assert "s-maxage=10" in cache_control, name
        assert "max-age=0" in cache_control, name
        again = client.get(path, HTTP_IF_NONE_MATCH=response["ETag"])
        assert again.status_code == 304, name
        assert again["Cache-Control"] == cache_control
        assert again.content == b""


def test_a_changed_page_is_sent_in_full_to_a_revalidating_proxy(home_page, venue):
    page = StandardPageFactory(parent=home_page, title="Om huset", slug="om-huset")
    etag = Client().get("/om-huset/")["ETag"]
    page.title = "Om kulturhuset"
    page.save_revision().publish()
    response = Client().get("/om-huset/", HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200
    assert response["ETag"] != etag
    assert "Om kulturhuset" in response.content.decode()


def test_no_shared_caching_without_proxy_seconds(home_page, venue, settings):
    settings.PROXY_CACHE_SECONDS = 0
    StandardPageFactory(parent=home_page, title="Om huset", slug="om-huset")
    response = Client().get("/om-huset/")
    assert "public" not in response.get("Cache-Control", "")
    assert response["ETag"]


def test_pages_that_set_a_cookie_are_never_public(home_page, venue):
    home_page.add_child(instance=ContactPage(title="Kontakt", slug="kontakt"))
    response = Client().get("/kontakt/")
    assert "csrftoken" in response.cookies
    assert "public" not in response.get("Cache-Control", "")


def test_signed_in_visitors_get_private_pages_and_the_cookie_for_the_header(
    demo, client
):
    client.force_login(UserFactory())
    for name, path in demo_pages().items():
        response = client.get(path)
        cache_control = response["Cache-Control"]
        assert "private" in cache_control, name
        assert "public" not in cache_control and "s-maxage" not in cache_control
    first = client.get("/")
    cookie = client.cookies[SIGNED_IN_COOKIE_NAME]
    assert cookie.value == "1"
    assert not cookie["httponly"]
    # Set once; the next page does not set it again.
    assert SIGNED_IN_COOKIE_NAME not in client.get("/").cookies
    assert first.status_code == 200


@pytest.mark.parametrize("remember", [False, True])
def test_signing_in_sets_the_cookie_and_signing_out_removes_it(
    home_page, venue, remember
):
    user = UserFactory(email="ase@example.org")
    EmailAddress.objects.create(
        user=user, email=user.email, verified=True, primary=True
    )
    client = Client()
    data = {"login": user.email, "password": "correct horse battery"}
    if remember:
        data["remember"] = "on"
    response = client.post(reverse("account_login"), data)
    assert response.status_code == 302
    cookie = client.cookies[SIGNED_IN_COOKIE_NAME]
    assert cookie.value == "1"
    # As long as the sign-in: until the browser closes, or the session's age.
    if remember:
        assert cookie["max-age"] == accounts_conf.REMEMBER_ME_AGE
    else:
        assert cookie["max-age"] == ""
    client.post(reverse("account_logout"))
    assert client.cookies[SIGNED_IN_COOKIE_NAME].value == ""
    assert client.cookies[SIGNED_IN_COOKIE_NAME]["max-age"] == 0


def test_a_leftover_cookie_of_a_visitor_signed_out_elsewhere_is_removed(
    home_page, venue
):
    client = visitor(**{SIGNED_IN_COOKIE_NAME: "1"})
    response = client.get("/")
    assert response.cookies[SIGNED_IN_COOKIE_NAME]["max-age"] == 0


def test_the_header_is_the_same_for_signed_in_and_anonymous_visitors(
    home_page, venue, client
):
    anonymous = Client().get("/").content.decode()
    client.force_login(UserFactory())
    signed_in = client.get("/").content.decode()

    def header(html):
        return html[html.index('<p class="account-link"') :].split("</p>")[0]

    assert header(anonymous) == header(signed_in)
    assert reverse("account_login") in header(anonymous)
    assert reverse("accounts:my_page") in header(anonymous)
    assert 'data-signed-in-cookie="innlogget"' in header(anonymous)


def test_the_signed_in_cookie_is_declared(settings):
    names = {cookie["name"] for cookie in settings.PRIVACY_COOKIES}
    assert SIGNED_IN_COOKIE_NAME in names


@pytest.mark.parametrize(
    ("proxy_language", "cookie", "expected"),
    [
        ("en", "nb", "en"),
        ("nb", "en", "nb"),
        # The proxy read Accept-Language; a cookie Django would read
        # differently must not change the page kept under the proxy's key.
        ("en", "no", "en"),
    ],
)
def test_the_language_the_proxy_chose_is_the_language_of_a_view_outside_the_pages(
    home_page, venue, settings, proxy_language, cookie, expected
):
    settings.PROXY_LANGUAGE_HEADER = "X-Venue-Language"
    client = visitor(sprak=cookie)
    response = client.get(
        "/sok/", HTTP_X_VENUE_LANGUAGE=proxy_language, HTTP_ACCEPT_LANGUAGE="nb"
    )
    assert f'<html lang="{expected}">' in response.content.decode()
    assert response["Content-Language"] == expected


@pytest.mark.parametrize("proxy_language", ["nb", "en"])
def test_a_page_is_in_the_language_of_its_url_whatever_the_proxy_chose(
    english_home, venue, settings, proxy_language
):
    settings.PROXY_LANGUAGE_HEADER = "X-Venue-Language"
    client = visitor(sprak=proxy_language)
    norwegian = client.get("/", HTTP_X_VENUE_LANGUAGE=proxy_language)
    english = client.get("/en/", HTTP_X_VENUE_LANGUAGE=proxy_language)
    assert '<html lang="nb">' in norwegian.content.decode()
    assert '<html lang="en">' in english.content.decode()


def test_without_the_setting_the_header_is_ignored(home_page, venue, settings):
    settings.PROXY_LANGUAGE_HEADER = ""
    response = visitor(sprak="nb").get("/sok/", HTTP_X_VENUE_LANGUAGE="en")
    assert '<html lang="nb">' in response.content.decode()


def test_an_unknown_language_in_the_header_is_ignored(home_page, venue, settings):
    settings.PROXY_LANGUAGE_HEADER = "X-Venue-Language"
    response = visitor(sprak="en").get("/sok/", HTTP_X_VENUE_LANGUAGE="de")
    assert '<html lang="en">' in response.content.decode()


def test_the_generation_is_renewed_again_when_the_publish_commits(
    home_page, venue, django_capture_on_commit_callbacks
):
    from django.core.cache import cache

    from home.cache import GENERATION_KEY

    page = StandardPageFactory(parent=home_page, title="Om huset", slug="om-huset")
    Client().get("/om-huset/")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        page.save_revision().publish()
        during = cache.get(GENERATION_KEY)
        # A page rendered before the commit, from the old data, is stored
        # under the generation the publish started...
        Client().get("/om-huset/")
    for callback in callbacks:
        callback()
    # ...and is never served: the commit starts another one.
    assert cache.get(GENERATION_KEY) != during
    assert Client().get("/om-huset/")["X-Page-Cache"] == "miss"
