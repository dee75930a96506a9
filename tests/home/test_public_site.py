"""What the web expects of a public site: robots.txt, canonical links,
link previews (Open Graph, Twitter cards), the feeds, the accessibility
statement and the terms of sale."""

import datetime
import json
import re
import xml.etree.ElementTree as ET

import pytest
from django.core.management import call_command
from django.utils import timezone

from home.accessibility import merge_runs
from home.models import AccessibilitySettings, SiteTexts, VenueSettings
from tickets.models import TermsOfSale

from ..factories import (
    ArticleIndexPageFactory,
    ArticlePageFactory,
    EventPageFactory,
    ImageFactory,
    PerformanceFactory,
)

pytestmark = pytest.mark.django_db


def meta(html, key):
    """The content of ``<meta property|name=key>``, or None."""
    found = re.search(
        rf'<meta (?:property|name)="{re.escape(key)}" content="([^"]*)"', html
    )
    return found.group(1) if found else None


def test_robots_txt_names_the_sitemap_and_keeps_crawlers_off_private_pages(
    client, home_page
):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    text = response.content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in text
    for path in ("/admin/", "/konto/", "/personvern/eksport/", "/nyhetsbrev/avmeld/"):
        assert f"Disallow: {path}\n" in text
    assert "Disallow: /\n" not in text
    assert client.get("/sitemap.xml").status_code == 200


def test_every_page_names_its_canonical_address_without_the_query(
    client, home_page, event_index
):
    html = client.get("/arrangementer/?sjanger=x&utm_source=y").content.decode()
    assert '<link rel="canonical" href="http://testserver/arrangementer/">' in html
    html = client.get("/nyhetsbrev/").content.decode()
    assert '<link rel="canonical" href="http://testserver/nyhetsbrev/">' in html


def test_an_event_is_previewed_with_its_image_title_dates_and_lead(
    client, home_page, event_index, hall, venue
):
    image = ImageFactory(title="Plakat", file__width=1600, file__height=900)
    event = EventPageFactory(
        parent=event_index, title="Peer Gynt", lead="Ibsen på ny.", image=image
    )
    start = timezone.make_aware(datetime.datetime(2030, 1, 20, 19, 30))
    PerformanceFactory(event=event, hall=hall, start=start)
    PerformanceFactory(event=event, hall=hall, start=start + datetime.timedelta(3))

    html = client.get(event.url).content.decode()
    assert meta(html, "og:title") == "Peer Gynt"
    assert meta(html, "og:url") == f"http://testserver{event.url}"
    assert meta(html, "og:description") == (
        "20. januar 2030 – 23. januar 2030. Ibsen på ny."
    )
    assert re.match(
        r"http://testserver/.+\.(jpg|png|webp|gif)$", meta(html, "og:image")
    )
    assert meta(html, "og:image:width") == "1200"
    assert meta(html, "og:image:height") == "630"
    assert meta(html, "twitter:card") == "summary_large_image"
    assert meta(html, "og:site_name") == "Elvebyen kulturhus"
    assert meta(html, "og:locale") == "nb_NO"


def test_an_article_is_previewed_as_an_article(client, home_page):
    news = ArticleIndexPageFactory(parent=home_page)
    article = ArticlePageFactory(
        parent=news,
        title="Ny sesong",
        lead="Her er våren.",
        date=datetime.date(2026, 3, 1),
    )
    html = client.get(article.url).content.decode()
    assert meta(html, "og:type") == "article"
    assert meta(html, "og:description") == "Her er våren."
    assert meta(html, "article:published_time") == "2026-03-01"
    assert meta(html, "twitter:card") == "summary"


def test_pages_without_an_image_share_the_one_of_the_venue_settings(client, home_page):
    settings = VenueSettings.load()
    settings.share_image = ImageFactory(title="Huset")
    settings.save()
    home_page.search_description = "Kulturhuset ved elva."
    home_page.save_revision().publish()

    html = client.get("/").content.decode()
    assert meta(html, "og:image").startswith("http://testserver/")
    assert meta(html, "og:image:alt") == "Huset"
    assert meta(html, "og:description") == "Kulturhuset ved elva."
    # A view outside the page tree takes the home page's description.
    html = client.get("/nyhetsbrev/").content.decode()
    assert meta(html, "og:description") == "Kulturhuset ved elva."


def rss_items(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    # The site's own feed, from the test client: trusted.
    channel = ET.fromstring(response.content).find("channel")  # noqa: S314
    return channel, [
        {child.tag: child.text for child in item} for item in channel.iter("item")
    ]


def test_the_news_feed_lists_the_articles_newest_first(client, home_page, venue):
    news = ArticleIndexPageFactory(parent=home_page)
    ArticlePageFactory(parent=news, title="Eldre", date=datetime.date(2026, 1, 1))
    newer = ArticlePageFactory(
        parent=news, title="Nyere", date=datetime.date(2026, 2, 1)
    )
    channel, items = rss_items(client.get("/rss/nyheter.xml"))
    assert channel.find("title").text == "Nyheter fra Elvebyen kulturhus"
    assert [item["title"] for item in items] == ["Nyere", "Eldre"]
    assert items[0]["link"] == f"http://testserver{newer.url}"


def test_the_programme_feed_has_one_item_per_upcoming_event_with_its_dates(
    client, home_page, event_index, hall
):
    now = timezone.now()
    later = EventPageFactory(parent=event_index, title="Senere", lead="Lead.")
    soon = EventPageFactory(parent=event_index, title="Snart", lead="Lead.")
    past = EventPageFactory(parent=event_index, title="Forbi")
    for days in (10, 12):
        PerformanceFactory(event=later, hall=hall, start=now + datetime.timedelta(days))
    PerformanceFactory(event=soon, hall=hall, start=now + datetime.timedelta(2))
    PerformanceFactory(event=past, hall=hall, start=now - datetime.timedelta(2))

    _channel, items = rss_items(client.get("/rss/program.xml"))
    assert [item["title"] for item in items] == ["Snart", "Senere"]
    assert " – " in items[1]["description"]


def test_pages_link_both_feeds(client, home_page):
    html = client.get("/").content.decode()
    assert 'type="application/rss+xml"' in html
    assert 'href="/rss/nyheter.xml"' in html
    assert 'href="/rss/program.xml"' in html


def test_the_english_feeds_speak_english(client, english_home, venue):
    html = client.get("/en/").content.decode()
    assert 'href="/en/rss/nyheter.xml"' in html
    channel, _items = rss_items(client.get("/en/rss/nyheter.xml"))
    assert channel.find("title").text == "News from Elvebyen kulturhus"


def test_the_accessibility_statement_reports_the_recorded_checks(
    client, home_page, venue, tmp_path, settings
):
    settings.ACCESSIBILITY_REPORT = tmp_path / "report.json"
    html = client.get("/tilgjengelighet/").content.decode()
    assert "Ingen automatisk kontroll av nettstedet er registrert ennå." in html

    runs = tmp_path / "runs"
    runs.mkdir()
    passes = ["color-contrast", "image-alt"]
    run = {
        "checked_at": "2026-12-01T10:00:00+00:00",
        "engine": "axe-core 4.10.2",
        "tags": ["wcag2a"],
        "pages": [
            {"path": "/", "passes": passes, "violations": []},
            {
                "path": "/arrangementer/",
                "passes": ["image-alt"],
                "violations": [
                    {"id": "color-contrast", "help": "Kontrast", "impact": "serious"}
                ],
            },
        ],
    }
    (runs / "axe-1.json").write_text(json.dumps(run))
    call_command(
        "record_accessibility_checks", str(runs), stdout=open("/dev/null", "w")
    )
    statement = AccessibilitySettings.load()
    statement.feedback_email = "uu@example.org"
    statement.last_manual_check = datetime.date(2026, 11, 20)
    statement.save()
    texts = SiteTexts.objects.get(locale__language_code="nb")
    texts.known_issues = "Videoer mangler teksting.\n\n"
    texts.save()

    html = client.get("/tilgjengelighet/").content.decode()
    assert "1. desember 2026" in html
    assert "gikk gjennom 2 sider" in html
    assert "Av de 2 reglene" in html
    assert "Kontrast (color-contrast): /arrangementer/" in html
    assert "20. november 2026" in html
    assert "<li>Videoer mangler teksting.</li>" in html
    assert 'href="mailto:uu@example.org"' in html
    assert "Elvebyen kulturhus" in html
    assert "uutilsynet.no" in html


def test_a_page_checked_in_two_runs_keeps_the_newest_result():
    old = {
        "checked_at": "2026-12-01T10:00:00+00:00",
        "pages": [{"path": "/", "passes": ["a"], "violations": [{"id": "b"}]}],
    }
    new = {
        "checked_at": "2026-12-02T10:00:00+00:00",
        "pages": [{"path": "/", "passes": ["a", "b"], "violations": []}],
    }
    report = merge_runs([old, new])
    assert report["checked_at"] == "2026-12-02T10:00:00+00:00"
    assert report["pages"] == [{"path": "/", "passes": ["a", "b"], "violations": []}]


def test_every_footer_links_the_statement_and_the_terms_of_sale(client, home_page):
    html = client.get("/").content.decode()
    assert 'href="/tilgjengelighet/"' in html
    assert 'href="/billetter/kjopsvilkar/"' in html


def test_the_terms_of_sale_say_there_is_no_right_of_withdrawal(
    client, home_page, venue
):
    html = client.get("/billetter/kjopsvilkar/").content.decode()
    assert "angrerettloven § 22" in html
    assert "Ledsagerbillett" in html or "ledsagerbevis" in html
    terms = TermsOfSale.objects.get(locale__language_code="nb")
    terms.terms = "<p>Egne vilkår.</p>"
    terms.save()
    html = client.get("/billetter/kjopsvilkar/").content.decode()
    assert "Egne vilkår." in html
    assert "angrerettloven" not in html
