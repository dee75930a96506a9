"""The pages visitors read that are views, not Wagtail pages (the terms of
sale and the accessibility statement), have an English address under /en/
as the pages do: each is in the language of its address, whatever the
visitor chose, links its translation (hreflang and the language switch),
is kept apart from its translation in the page cache, and is linked in the
language of the page that links it. The Norwegian addresses are unchanged."""

import re

import pytest
from django.test import Client

from home.models import AccessibilitySettings

pytestmark = pytest.mark.django_db

VIEWS = {
    "terms of sale": {
        "nb": "/billetter/kjopsvilkar/",
        "en": "/en/tickets/terms-of-sale/",
    },
    "accessibility statement": {
        "nb": "/tilgjengelighet/",
        "en": "/en/accessibility/",
    },
}
HEADINGS = {
    "terms of sale": {"nb": "<h1>Kjøpsvilkår</h1>", "en": "<h1>Terms of sale</h1>"},
    "accessibility statement": {
        "nb": "<h1>Tilgjengelighetserklæring</h1>",
        "en": "<h1>Accessibility statement</h1>",
    },
}
OTHER = {"nb": "en", "en": "nb"}
CASES = [(view, language) for view in VIEWS for language in ("nb", "en")]


@pytest.fixture
def site(english_home, venue):
    """Both home pages, as the demo has them, and the statement's settings
    (which a first visit would otherwise create, starting a new cache
    generation)."""
    AccessibilitySettings.load()


def visitor(language=None):
    """A visitor who chose ``language`` with the switch, and whose browser
    and the front proxy ask for it too."""
    client = Client(
        HTTP_ACCEPT_LANGUAGE=language or "", HTTP_X_VENUE_LANGUAGE=language or ""
    )
    if language:
        client.cookies["sprak"] = language
    return client


def html_lang(html):
    return re.search(r'<html lang="([^"]+)">', html).group(1)


def alternates(html):
    return dict(
        re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', html)
    )


def switch_link(html, language):
    link = re.search(rf'href="(/sprak/{language}/\?[^"]+)"', html).group(1)
    return link.replace("&amp;", "&")


@pytest.fixture(params=[None, "X-Venue-Language"], ids=["no-proxy", "behind-proxy"])
def proxy(request, settings):
    settings.PROXY_LANGUAGE_HEADER = request.param


@pytest.mark.usefixtures("site", "proxy")
@pytest.mark.parametrize(("view", "language"), CASES)
@pytest.mark.parametrize("chosen", [None, "nb", "en"])
def test_each_address_is_in_its_own_language_whatever_the_visitor_chose(
    view, language, chosen
):
    response = visitor(chosen).get(VIEWS[view][language])
    assert response.status_code == 200
    html = response.content.decode()
    assert html_lang(html) == language
    assert response["Content-Language"] == language
    assert HEADINGS[view][language] in html
    assert HEADINGS[view][OTHER[language]] not in html


@pytest.mark.usefixtures("site")
@pytest.mark.parametrize("view", VIEWS)
def test_both_addresses_name_each_other_as_alternates(client, view):
    expected = {
        "nb": "http://testserver" + VIEWS[view]["nb"],
        "en": "http://testserver" + VIEWS[view]["en"],
        "x-default": "http://testserver" + VIEWS[view]["nb"],
    }
    for url in VIEWS[view].values():
        assert alternates(client.get(url).content.decode()) == expected


@pytest.mark.usefixtures("site")
@pytest.mark.parametrize(("view", "language"), CASES)
def test_the_language_switch_lands_on_the_same_view_in_the_other_language(
    view, language
):
    client = visitor(language)
    other = OTHER[language]
    html = client.get(VIEWS[view][language]).content.decode()
    switched = client.get(switch_link(html, other))
    assert switched.status_code == 302
    assert switched["Location"] == VIEWS[view][other]
    assert switched.cookies["sprak"].value == other
    landing = client.get(switched["Location"]).content.decode()
    assert html_lang(landing) == other
    assert HEADINGS[view][other] in landing
    # The switch to the language shown stays on the same address.
    assert client.get(switch_link(html, language))["Location"] == VIEWS[view][language]


@pytest.mark.usefixtures("site")
@pytest.mark.parametrize("view", VIEWS)
@pytest.mark.parametrize("first", ["nb", "en"])
def test_the_page_cache_never_serves_one_address_the_other_s_copy(
    settings, view, first
):
    settings.PROXY_LANGUAGE_HEADER = "X-Venue-Language"
    # Every visitor chose English: the cache key's language is the same for
    # both addresses, only the address tells them apart.
    order = [first, OTHER[first], first, OTHER[first]]
    seen = []
    for language in order:
        response = visitor("en").get(VIEWS[view][language])
        html = response.content.decode()
        assert html_lang(html) == language
        assert HEADINGS[view][language] in html
        seen.append(response["X-Page-Cache"])
    assert seen == ["miss", "miss", "hit", "hit"]


@pytest.mark.usefixtures("site")
@pytest.mark.parametrize(("home", "language"), [("/", "nb"), ("/en/", "en")])
def test_the_footer_links_both_views_in_the_language_of_the_page(
    client, home, language
):
    html = client.get(home).content.decode()
    footer = html.split('<footer class="site-footer">', 1)[1]
    for view in VIEWS.values():
        assert f'href="{view[language]}"' in footer
        assert f'href="{view[OTHER[language]]}"' not in footer


@pytest.mark.usefixtures("site")
@pytest.mark.parametrize(
    "url", ["/accessibility/", "/tickets/terms-of-sale/", "/en/tilgjengelighet/"]
)
def test_an_english_slug_without_en_or_a_norwegian_one_under_en_is_not_found(
    client, url
):
    assert client.get(url).status_code == 404
