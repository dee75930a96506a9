"""Content in Norwegian and English: one page tree per language, English
under /en/ with English slugs, each page linked to its translation, and no
Norwegian text served as English."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from wagtail.models import Locale

from events.models import EventPage
from home.models import ArticlePage, ContactPage, SiteTexts
from home.services import translate

from ..factories import (
    ArticleIndexPageFactory,
    ArticlePageFactory,
    EventPageFactory,
    GenreFactory,
    PerformanceFactory,
    StandardPageFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def concert(event_index, hall, venue):
    genre = GenreFactory(name="Konsert", slug="konsert")
    event = EventPageFactory(
        parent=event_index,
        title="Vårkonsert",
        slug="varkonsert",
        lead="Musikk om våren.",
        genre=genre,
    )
    PerformanceFactory(
        event=event,
        hall=hall,
        start=timezone.make_aware(datetime.datetime(2099, 12, 7, 19, 30)),
        note="Premiere",
    )
    return event


@pytest.fixture
def english_concert(english_event_index, concert, hall):
    translate(hall, "en", {"Store sal": "Main hall"})
    translate(concert.genre, "en", {"Konsert": "Concert", "konsert": "concert"})
    return translate(
        concert,
        "en",
        {
            "Vårkonsert": "Spring concert",
            "varkonsert": "spring-concert",
            "Musikk om våren.": "Music in spring.",
        },
    )


def html_lang(response):
    return re.search(r'<html lang="([^"]+)">', response.content.decode()).group(1)


def alternates(response):
    return dict(
        re.findall(
            r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">',
            response.content.decode(),
        )
    )


def test_english_pages_live_under_en_with_english_slugs(client, english_concert):
    assert english_concert.url == "/en/events/spring-concert/"
    response = client.get("/en/events/spring-concert/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Spring concert" in html
    assert "Music in spring." in html
    assert "Vårkonsert" not in html


def test_norwegian_urls_are_unchanged(client, english_concert, concert):
    assert concert.url == "/arrangementer/varkonsert/"
    response = client.get("/arrangementer/varkonsert/")
    assert "Vårkonsert" in response.content.decode()
    assert html_lang(response) == "nb"


@pytest.mark.parametrize("path", ["/", "/arrangementer/", "/arrangementer/varkonsert/"])
def test_norwegian_pages_are_norwegian_for_visitors_who_chose_english(
    client, english_concert, path
):
    client.cookies["sprak"] = "en"
    response = client.get(path)
    assert response.status_code == 200
    assert html_lang(response) == "nb"


def test_the_english_event_shows_the_norwegian_events_dates_and_english_hall(
    client, english_concert
):
    html = client.get(english_concert.url).content.decode()
    assert "Monday 7 December 2099" in html
    assert "Main hall" in html
    assert "Store sal" not in html
    # A note is written once, in Norwegian, and marked so.
    assert '<span class="note" lang="nb">Premiere</span>' in html


def test_norwegian_dates_read_as_before(client, concert):
    html = client.get(concert.url).content.decode()
    assert "Mandag 7. desember 2099" in html


def test_a_translation_has_no_copies_of_the_performances_or_seats(english_concert):
    assert english_concert.performances.count() == 0
    assert len(english_concert.performance_list) == 1


def test_hreflang_alternates_pair_a_page_with_its_translation(
    client, english_concert, concert
):
    for url in (concert.url, english_concert.url):
        links = alternates(client.get(url))
        assert links == {
            "nb": "http://testserver/arrangementer/varkonsert/",
            "en": "http://testserver/en/events/spring-concert/",
            "x-default": "http://testserver/arrangementer/varkonsert/",
        }


def test_a_page_without_translation_has_no_alternates(client, concert):
    assert alternates(client.get(concert.url)) == {}


def test_the_language_switch_leads_to_the_same_page_in_the_other_language(
    client, english_concert, concert
):
    html = client.get(concert.url).content.decode()
    switch = re.search(r'href="(/sprak/en/\?[^"]+)"', html).group(1)
    response = client.get(switch.replace("&amp;", "&"))
    assert response.status_code == 302
    assert response["Location"] == "/en/events/spring-concert/"
    assert response.cookies["sprak"].value == "en"
    back = re.search(
        r'href="(/sprak/nb/\?[^"]+)"', client.get(english_concert.url).content.decode()
    ).group(1)
    assert client.get(back)["Location"] == "/arrangementer/varkonsert/"


def test_switching_on_an_untranslated_page_lands_on_the_english_home_with_a_notice(
    client, english_home, concert
):
    html = client.get(concert.url).content.decode()
    switch = re.search(r'href="(/sprak/en/\?[^"]+)"', html).group(1)
    target = client.get(switch.replace("&amp;", "&"))["Location"]
    assert target == "/en/?uoversatt=1"
    landing = client.get(target)
    assert html_lang(landing) == "en"
    assert "is not available in this language yet" in landing.content.decode()
    assert "is not available" not in client.get("/en/").content.decode()


def test_untranslated_events_are_left_out_of_english_listings(
    client, english_concert, event_index, hall
):
    untranslated = EventPageFactory(parent=event_index, title="Bare på norsk")
    PerformanceFactory(event=untranslated, hall=hall)
    norwegian = client.get("/arrangementer/").content.decode()
    english = client.get("/en/events/").content.decode()
    assert "Bare på norsk" in norwegian and "Vårkonsert" in norwegian
    assert "Bare på norsk" not in english
    assert "Spring concert" in english
    assert "Bare på norsk" not in client.get("/en/").content.decode()


def test_the_english_programme_filters_by_english_genre_slugs(client, english_concert):
    html = client.get("/en/events/?sjanger=concert").content.decode()
    assert "Spring concert" in html
    assert "There is no genre" not in html


def test_english_articles_only_on_the_english_home_page(
    client, english_home, home_page
):
    news = ArticleIndexPageFactory(parent=home_page)
    ArticlePageFactory(parent=news, title="Nyhet på norsk")
    translated = ArticlePageFactory(parent=news, title="Sesongen er i gang")
    translate(news, "en", {"Aktuelt": "News", "aktuelt": "news"})
    translate(translated, "en", {"Sesongen er i gang": "The season has begun"})
    english = client.get("/en/").content.decode()
    assert "The season has begun" in english
    assert "Nyhet på norsk" not in english
    assert "Sesongen er i gang" not in english


def test_the_english_menu_lists_the_english_pages(client, english_home, home_page):
    about = StandardPageFactory(
        parent=home_page, title="Om huset", slug="om-huset", show_in_menus=True
    )
    translate(about, "en", {"Om huset": "About us", "om-huset": "about"})
    nav = client.get("/en/").content.decode().split('aria-label="Main menu"')[1]
    assert 'href="/en/about/"' in nav.split("</nav>")[0]
    assert "Om huset" not in nav.split("</nav>")[0]


def test_page_links_lead_to_the_page_in_the_readers_language(
    client, english_event_index, event_index, home_page
):
    """wagtail-localize keeps a chosen page as it is in a translation: the
    English hero button and a button block must still lead to the English
    programme, and the Norwegian ones to the Norwegian."""
    home_page.hero_link = event_index
    home_page.hero_link_text = "Se programmet"
    home_page.save_revision().publish()
    page = StandardPageFactory(
        parent=home_page,
        title="Velkommen",
        slug="velkommen",
        body=[("button", {"text": "Til programmet", "page": event_index, "url": ""})],
    )
    translate(home_page, "en", {"Se programmet": "See the programme"})
    translate(page, "en", {"Velkommen": "Welcome", "velkommen": "welcome"})
    english = client.get("/en/").content.decode()
    assert '<a class="button" href="/en/events/">See the programme</a>' in english
    assert (
        'href="/en/events/">Til programmet</a>'
        in client.get("/en/welcome/").content.decode()
    )
    assert (
        'href="/arrangementer/">Se programmet</a>' in client.get("/").content.decode()
    )
    norwegian = client.get("/velkommen/").content.decode()
    assert 'href="/arrangementer/">Til programmet</a>' in norwegian


def test_the_hero_link_costs_a_warm_home_page_view_no_query(
    client, english_event_index, event_index, home_page, settings
):
    """Finding the chosen page's translation is kept with the page: with
    a hero link, a warm view of either home page reads what it reads
    without one."""
    settings.PAGE_CACHE_SECONDS = 0

    def warm_queries(url):
        client.get(url)
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            html = client.get(url).content.decode()
        return len(queries), html

    without = {url: warm_queries(url)[0] for url in ("/", "/en/")}
    home_page.hero_link = event_index
    home_page.save_revision().publish()
    translate(home_page, "en")  # the English home page follows
    for url, expected in (("/", "/arrangementer/"), ("/en/", "/en/events/")):
        count, html = warm_queries(url)
        assert f'class="button" href="{expected}"' in html
        assert count == without[url], url


def test_the_english_calendar_feed_is_in_english(client, english_concert):
    feed = client.get("/en/events/spring-concert/kalender.ics").content.decode()
    assert "SUMMARY:Spring concert" in feed
    assert "Main hall" in feed
    programme = client.get("/en/events/kalender.ics").content.decode()
    assert "SUMMARY:Spring concert" in programme


def test_structured_data_is_in_the_pages_language(client, english_concert):
    html = client.get(english_concert.url).content.decode()
    data = html.split('<script type="application/ld+json">')[1].split("</script>")[0]
    assert '"name": "Spring concert"' in data
    assert '"inLanguage": "en"' in data
    assert "Main hall" in data


PAGE_TYPES = {
    "home": lambda home, index: home,
    "programme": lambda home, index: index,
    "event": lambda home, index: EventPage.objects.get(slug="varkonsert"),
    "standard": lambda home, index: StandardPageFactory(parent=home, title="Om huset"),
    "news index": lambda home, index: ArticleIndexPageFactory(parent=home),
    "article": lambda home, index: ArticlePageFactory(
        parent=ArticleIndexPageFactory(parent=home), title="Sesongstart"
    ),
    "contact": lambda home, index: home.add_child(
        instance=ContactPage(title="Kontakt", slug="kontakt")
    ),
}


@pytest.mark.parametrize("kind", PAGE_TYPES)
def test_every_page_type_is_served_in_both_languages_with_lang_of_its_locale(
    client, english_home, event_index, concert, kind
):
    translate(event_index, "en", {"Program": "Programme", "arrangementer": "events"})
    page = PAGE_TYPES[kind](
        english_home.get_translation(Locale.objects.get(language_code="nb")),
        event_index,
    )
    if isinstance(page, ArticlePage):
        translate(page.get_parent(), "en", {"Aktuelt": "News", "aktuelt": "news"})
    english = page if page.locale.language_code == "en" else translate(page, "en", {})
    for version in (
        page.get_translation(Locale.objects.get(language_code="nb")),
        english,
    ):
        response = client.get(version.url)
        assert response.status_code == 200, version.url
        assert html_lang(response) == version.locale.language_code


def test_dates_read_as_the_language_writes_them():
    from home.templatetags.language_tags import local_date

    moment = timezone.make_aware(datetime.datetime(2026, 12, 7, 19, 30))
    with translation.override("en"):
        assert (
            local_date(moment, "weekday_date_time") == "Monday 7 December 2026, 19:30"
        )
    with translation.override("nb"):
        assert (
            local_date(moment, "weekday_date_time") == "mandag 7. desember 2026, 19:30"
        )


def test_the_english_event_page_renders_in_at_most_four_queries_warm(
    client, english_concert, settings, django_assert_max_num_queries
):
    settings.PAGE_CACHE_SECONDS = 0
    client.get(english_concert.url)
    with django_assert_max_num_queries(4):
        assert client.get(english_concert.url).status_code == 200


def test_the_english_programme_costs_as_many_queries_for_many_events(
    client, english_concert, event_index, hall, settings
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    settings.PAGE_CACHE_SECONDS = 0

    def count():
        client.get("/en/events/")
        with CaptureQueriesContext(connection) as queries:
            client.get("/en/events/")
        return len(queries)

    few = count()
    for number in range(10):
        event = EventPageFactory(parent=event_index, title=f"Konsert {number}")
        PerformanceFactory(event=event, hall=hall)
        translate(event, "en", {f"Konsert {number}": f"Concert {number}"})
    assert count() == few <= 12


@pytest.fixture
def jazz_in_both_languages(english_event_index, event_index, hall):
    norwegian = EventPageFactory(parent=event_index, title="Jazzkveld", slug="jazz")
    PerformanceFactory(event=norwegian, hall=hall)
    english = translate(norwegian, "en", {"Jazzkveld": "Jazz night", "jazz": "jazz"})
    only_norwegian = EventPageFactory(parent=event_index, title="Jazzfrokost")
    PerformanceFactory(event=only_norwegian, hall=hall)
    return norwegian, english


def search_titles(html):
    return re.findall(r'<h3><a href="([^"]+)">([^<]+)</a></h3>', html)


def test_the_english_search_finds_english_pages_only(client, jazz_in_both_languages):
    response = client.get("/sok/", {"q": "jazz", "sprak": "en"})
    html = response.content.decode()
    assert html_lang(response) == "en"
    assert search_titles(html) == [("/en/events/jazz/", "Jazz night")]


def test_the_norwegian_search_finds_norwegian_pages_only(
    client, jazz_in_both_languages
):
    response = client.get("/sok/", {"q": "jazz", "sprak": "nb"})
    assert html_lang(response) == "nb"
    found = search_titles(response.content.decode())
    assert {title for _url, title in found} == {"Jazzkveld", "Jazzfrokost"}
    assert all(not url.startswith("/en/") for url, _title in found)


def test_the_search_form_on_a_page_carries_the_page_s_language(
    client, jazz_in_both_languages
):
    english = client.get("/en/events/jazz/").content.decode()
    assert '<input type="hidden" name="sprak" value="en">' in english
    norwegian = client.get("/arrangementer/jazz/").content.decode()
    assert '<input type="hidden" name="sprak" value="nb">' in norwegian


def test_without_the_field_the_search_follows_the_visitor_s_choice(
    client, jazz_in_both_languages
):
    client.cookies["sprak"] = "en"
    found = search_titles(client.get("/sok/", {"q": "jazz"}).content.decode())
    assert [title for _url, title in found] == ["Jazz night"]
    found = search_titles(
        client.get("/sok/", {"q": "jazz", "sprak": "xx"}).content.decode()
    )
    assert [title for _url, title in found] == ["Jazz night"]


def switch_link(html, code):
    return (
        re.search(rf'href="(/sprak/{code}/\?[^"]+)"', html)
        .group(1)
        .replace("&amp;", "&")
    )


def test_switching_language_on_the_results_gives_the_same_search_in_the_other(
    client, jazz_in_both_languages
):
    english = client.get("/sok/", {"q": "jazz", "sprak": "en"}).content.decode()
    target = client.get(switch_link(english, "nb"))["Location"]
    assert target == "/sok/?q=jazz&sprak=nb"
    norwegian = client.get(target)
    assert html_lang(norwegian) == "nb"
    assert {title for _url, title in search_titles(norwegian.content.decode())} == {
        "Jazzkveld",
        "Jazzfrokost",
    }
    back = client.get(switch_link(norwegian.content.decode(), "en"))["Location"]
    assert back == "/sok/?q=jazz&sprak=en"
    assert [
        title for _url, title in search_titles(client.get(back).content.decode())
    ] == ["Jazz night"]


def test_the_switch_on_a_later_page_of_results_starts_at_the_first(
    client, jazz_in_both_languages
):
    html = client.get(
        "/sok/", {"q": "jazz", "sprak": "nb", "side": "1"}
    ).content.decode()
    assert client.get(switch_link(html, "en"))["Location"] == "/sok/?q=jazz&sprak=en"


def test_views_without_a_language_field_switch_to_the_same_address(client, db):
    html = client.get("/personvern/foresporsel/").content.decode()
    assert client.get(switch_link(html, "en"))["Location"] == "/personvern/foresporsel/"


@pytest.fixture
def footer_pages(english_home, home_page, venue):
    contact = home_page.add_child(instance=ContactPage(title="Kontakt", slug="kontakt"))
    english_contact = translate(
        contact, "en", {"Kontakt": "Contact", "kontakt": "contact"}
    )
    venue.contact_page = contact
    venue.save()
    texts = SiteTexts.objects.get(locale__language_code="nb")
    texts.opening_hours = "Billettkontoret: man–fre 10–16"
    texts.save()
    return contact, english_contact


def test_the_english_footer_links_the_english_pages_its_settings_name(
    client, footer_pages
):
    english = client.get("/en/").content.decode()
    assert '<a href="/en/contact/">Contact us</a>' in english
    norwegian = client.get("/").content.decode()
    assert '<a href="/kontakt/">Kontakt oss</a>' in norwegian


def test_the_footer_s_opening_hours_are_marked_norwegian_on_english_pages(
    client, footer_pages
):
    english = client.get("/en/").content.decode()
    assert '<p lang="nb">Billettkontoret: man–fre 10–16</p>' in english
    norwegian = client.get("/").content.decode()
    assert "<p>Billettkontoret: man–fre 10–16</p>" in norwegian


def test_a_settings_page_without_translation_keeps_its_own_address(
    client, english_home, home_page, venue
):
    contact = home_page.add_child(instance=ContactPage(title="Kontakt", slug="kontakt"))
    venue.contact_page = contact
    venue.save()
    assert '<a href="/kontakt/">Contact us</a>' in client.get("/en/").content.decode()
