import datetime
import re

import pytest
from django.core import mail
from django.db import DatabaseError
from django.utils import timezone
from wagtail.contrib.forms.models import FormSubmission

from home.models import ContactFormField, ContactPage

from ..factories import (
    ArticleIndexPageFactory,
    ArticlePageFactory,
    EventPageFactory,
    PerformanceFactory,
    StandardPageFactory,
)

pytestmark = pytest.mark.django_db


def test_home_page_lists_the_next_events_and_latest_articles(
    client, home_page, event_index, hall, venue
):
    soon = EventPageFactory(parent=event_index, title="Snart")
    PerformanceFactory(
        event=soon, hall=hall, start=timezone.now() + datetime.timedelta(days=1)
    )
    PerformanceFactory(
        event=soon, hall=hall, start=timezone.now() + datetime.timedelta(days=2)
    )
    past = EventPageFactory(parent=event_index, title="Forbi")
    PerformanceFactory(
        event=past, hall=hall, start=timezone.now() - datetime.timedelta(days=1)
    )
    news = ArticleIndexPageFactory(parent=home_page)
    ArticlePageFactory(parent=news, title="Ny sesong")

    html = client.get("/").content.decode()
    assert html.count(">Snart</a>") == 1  # one card per event, not per performance
    assert "Forbi" not in html
    assert "Ny sesong" in html
    assert "Elvebyen kulturhus" in html


def test_every_page_has_skip_link_language_switch_and_footer(client, home_page, venue):
    html = client.get("/").content.decode()
    assert '<html lang="nb">' in html
    assert 'href="#main"' in html
    assert 'hreflang="en"' in html
    assert "Storgata 1" in html
    assert "987654321" in html


def test_menu_shows_pages_marked_for_menus_and_marks_the_current_one(client, home_page):
    StandardPageFactory(
        parent=home_page, title="Om huset", slug="om-huset", show_in_menus=True
    )
    StandardPageFactory(parent=home_page, title="Skjult", slug="skjult")
    html = client.get("/om-huset/").content.decode()
    assert '<a href="/om-huset/" aria-current="page">Om huset</a>' in html
    assert ">Skjult</a>" not in html


def test_language_switch_sets_english_and_returns_to_the_page(client, home_page):
    response = client.get("/sprak/en/?neste=/sok/")
    assert response.status_code == 302
    assert response["Location"] == "/sok/"
    html = client.get("/sok/").content.decode()
    assert '<html lang="en">' in html
    assert "Skip to content" in html


@pytest.mark.parametrize(
    "target", ["https://evil.example/", "//evil.example/", "javascript:alert(1)"]
)
def test_language_switch_never_redirects_to_another_site(client, home_page, target):
    response = client.get("/sprak/en/", {"neste": target})
    assert response["Location"] == "/"


def test_article_index_and_article(client, home_page):
    news = ArticleIndexPageFactory(parent=home_page)
    article = ArticlePageFactory(
        parent=news, title="Premiere på Peer Gynt", author="Ola"
    )
    assert "Premiere på Peer Gynt" in client.get("/aktuelt/").content.decode()
    html = client.get(article.url).content.decode()
    assert "Premiere på Peer Gynt" in html
    assert "Ola" in html
    assert "facebook.com/sharer" in html  # share links are plain links
    # No third-party scripts: only our own (the consent script, which adds
    # others only after consent).
    body = html.split("</head>")[1]
    assert all('src="/static/' in tag for tag in re.findall(r"<script\b[^>]*>", body))


def test_search_finds_events_and_articles(client, home_page, event_index, hall):
    news = ArticleIndexPageFactory(parent=home_page)
    ArticlePageFactory(
        parent=news, title="Jazzfestival i mars", lead="Musikk hele helgen."
    )
    event = EventPageFactory(parent=event_index, title="Jazzkveld med trio")
    PerformanceFactory(event=event, hall=hall)
    EventPageFactory(parent=event_index, title="Ballett")
    html = client.get("/sok/", {"q": "jazz"}).content.decode()
    assert "Jazzfestival i mars" in html
    assert "Jazzkveld med trio" in html
    assert "Ballett" not in html


@pytest.mark.parametrize(
    "query",
    ["", "a" * 10_000, "<script>alert(1)</script>", "%00", "' OR 1=1 --", "AND OR NOT"],
)
def test_search_handles_any_query(client, home_page, query):
    response = client.get("/sok/", {"q": query})
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.content.decode()


def test_search_page_number_that_is_not_a_number_is_404(client, home_page):
    assert client.get("/sok/", {"q": "x", "side": "abc"}).status_code == 404


def test_health_is_200_with_the_database(client):
    response = client.get("/helse/")
    assert response.status_code == 200
    assert response.json()["database"] == "ok"


def test_health_is_503_without_the_database(client, monkeypatch):
    def broken(*args, **kwargs):
        raise DatabaseError("connection refused")

    monkeypatch.setattr("django.db.backends.utils.CursorWrapper.execute", broken)
    response = client.get("/helse/")
    assert response.status_code == 503


@pytest.fixture
def contact_page(home_page):
    page = ContactPage(
        title="Kontakt",
        slug="kontakt",
        to_address="post@kulturhus.example",
        from_address="nettsted@kulturhus.example",
        subject="Henvendelse",
    )
    home_page.add_child(instance=page)
    for sort_order, (label, field_type) in enumerate(
        [("Navn", "singleline"), ("E-post", "email"), ("Melding", "multiline")]
    ):
        ContactFormField.objects.create(
            page=page,
            sort_order=sort_order,
            label=label,
            field_type=field_type,
            required=True,
        )
    return page


def test_contact_form_stores_the_submission_and_mails_the_venue(client, contact_page):
    response = client.post(
        "/kontakt/", {"navn": "Kari", "e_post": "kari@example.org", "melding": "Hei!"}
    )
    assert response.status_code == 200
    assert FormSubmission.objects.filter(page=contact_page).count() == 1
    assert mail.outbox[0].to == ["post@kulturhus.example"]
    assert "Hei!" in mail.outbox[0].body


def test_contact_form_with_bad_input_shows_errors_and_stores_nothing(
    client, contact_page
):
    response = client.post(
        "/kontakt/", {"navn": "", "e_post": "ikke-en-adresse", "melding": ""}
    )
    assert response.status_code == 200
    assert "form__error" in response.content.decode()
    assert FormSubmission.objects.count() == 0


def test_unknown_page_is_a_friendly_404(client, home_page):
    response = client.get("/finnes/ikke/")
    assert response.status_code == 404
    assert (
        "Page not found" in response.content.decode()
        or "Fant ikke" in response.content.decode()
    )


def test_norwegian_is_the_default_language(client, home_page, event_index):
    html = client.get("/arrangementer/").content.decode()
    assert '<html lang="nb">' in html
    assert "Hopp til innholdet" in html
    assert "Filtrer programmet" in html
