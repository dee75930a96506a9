"""/sitemap.xml lists the pages as Wagtail's own sitemap does, then the
English tree Wagtail's leaves out, and the two
views visitors read as pages (the terms of sale, the accessibility
statement) once at each of their addresses, on the host it was asked for,
the terms with when they last changed; its queries do not grow with the
views."""

import datetime
import re

import pytest
from django.contrib.sitemaps.views import sitemap as django_sitemap
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.contrib.sitemaps import Sitemap as PageSitemap
from wagtail.models import Locale

from home.cache import invalidate_page_cache
from tickets.models import TermsOfSale
from venue.sitemaps import sitemap as sitemap_view

from ..factories import EventPageFactory

pytestmark = pytest.mark.django_db

VIEWS = [
    "/billetter/kjopsvilkar/",
    "/en/tickets/terms-of-sale/",
    "/tilgjengelighet/",
    "/en/accessibility/",
]


def entries(xml):
    """[(loc, lastmod or None)] of every <url> in the sitemap."""
    found = []
    for url in re.findall(r"<url>(.*?)</url>", xml, re.S):
        loc = re.search(r"<loc>(.*?)</loc>", url).group(1)
        lastmod = re.search(r"<lastmod>(.*?)</lastmod>", url)
        found.append((loc, lastmod and lastmod.group(1)))
    return found


def page_entries_of_wagtail_alone():
    """What the sitemap listed before the views were added: Wagtail's page
    sitemap on its own, through Django's view."""
    response = django_sitemap(
        RequestFactory().get("/sitemap.xml"), {"pages": PageSitemap}
    )
    response.render()
    return entries(response.content.decode())


def sitemap(client, **kwargs):
    response = client.get("/sitemap.xml", **kwargs)
    assert response.status_code == 200
    return entries(response.content.decode())


def test_both_addresses_of_both_views_are_listed_once_on_the_request_s_host(
    client, english_event_index, venue
):
    locs = [loc for loc, _lastmod in sitemap(client)]
    for path in VIEWS:
        assert locs.count(f"http://testserver{path}") == 1, path
    assert len(locs) == len(set(locs))

    # Asked for at another host over HTTPS, they follow it.
    locs = [loc for loc, _ in sitemap(client, HTTP_HOST="127.0.0.1", secure=True)]
    for path in VIEWS:
        assert locs.count(f"https://127.0.0.1{path}") == 1, path
    assert not any("testserver" in loc for loc in locs)


def test_the_pages_are_wagtail_s_entries_and_the_english_tree(
    client, english_event_index, event_index, venue
):
    """Wagtail's own sitemap lists the site's tree, the Norwegian pages; the
    English tree is a root of its own (/en/), listed after them."""
    EventPageFactory(parent=event_index, title="Vårkonsert")
    pages = page_entries_of_wagtail_alone()
    assert len(pages) >= 3
    assert not any("/en/" in loc for loc, _ in pages)
    listed = sitemap(client)
    views = [entry for entry in listed if entry[0].endswith(tuple(VIEWS))]
    assert len(views) == 4
    listed_pages = [entry for entry in listed if entry not in views]
    assert listed_pages[: len(pages)] == pages
    english = [loc for loc, _ in listed_pages[len(pages) :]]
    assert english == [
        english_event_index.get_parent().get_full_url(),
        english_event_index.get_full_url(),
    ]
    assert english[0].endswith("/en/") and english[1].endswith("/en/events/")


def test_the_terms_carry_their_last_change_per_language(client, home_page, venue):
    # The venue wrote no terms: the default ones carry no date.
    lastmods = dict(sitemap(client))
    assert lastmods["http://testserver/billetter/kjopsvilkar/"] is None
    assert lastmods["http://testserver/en/tickets/terms-of-sale/"] is None

    norwegian = TermsOfSale.objects.get(locale__language_code="nb")
    norwegian.terms = "<p>Refunderes inntil 48 timer før forestillingen.</p>"
    norwegian.save()
    norwegian.updated_at = timezone.make_aware(datetime.datetime(2026, 3, 2, 12))
    norwegian.save(update_fields=["updated_at"])
    # The English page (the Norwegian terms until translated) changes with
    # them and with its own text, which an editor wrote later.
    english = TermsOfSale.objects.create(
        locale=english_locale(),
        translation_key=norwegian.translation_key,
        terms="<p>Refunded until 48 hours before the performance.</p>",
    )
    TermsOfSale.objects.filter(pk=english.pk).update(
        updated_at=timezone.make_aware(datetime.datetime(2026, 4, 9, 12))
    )
    invalidate_page_cache()  # as saving it does; update() bypasses that
    lastmods = dict(sitemap(client))
    assert lastmods["http://testserver/billetter/kjopsvilkar/"] == "2026-03-02"
    assert lastmods["http://testserver/en/tickets/terms-of-sale/"] == "2026-04-09"
    assert lastmods["http://testserver/tilgjengelighet/"] is None


def english_locale():
    return Locale.objects.get_or_create(language_code="en")[0]


def count_queries():
    """The sitemap view's queries, warm, past the page cache (which would
    answer a client with none)."""

    def render():
        response = sitemap_view(RequestFactory().get("/sitemap.xml"))
        response.render()

    render()  # warm-up: Wagtail caches the site's root paths, we the terms
    with CaptureQueriesContext(connection) as queries:
        render()
    return len(queries)


def count_wagtail_alone():
    page_entries_of_wagtail_alone()  # the same warm-up
    with CaptureQueriesContext(connection) as queries:
        page_entries_of_wagtail_alone()
    return len(queries)


def test_the_views_add_no_query_per_page(event_index, venue):
    EventPageFactory(parent=event_index)
    few = count_queries(), count_wagtail_alone()
    for _ in range(8):
        EventPageFactory(parent=event_index)
    many = count_queries(), count_wagtail_alone()
    # The pages cost what they cost in Wagtail's own sitemap, and one query
    # more finds the other languages' trees; the views cost nothing once
    # the terms are cached.
    assert many[0] - few[0] == many[1] - few[1]
    assert few[0] == few[1] + 1
