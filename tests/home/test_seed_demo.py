import datetime
import io
import re

import pytest
from django.core.management import call_command
from django.utils import timezone, translation
from django.utils.module_loading import import_string
from wagtail.images import get_image_model
from wagtail.models import Locale, Page, Site

from events.demo_content import PAST
from events.models import EventIndexPage, EventPage, Hall, Performance
from home.models import ArticlePage, HomePage, VenueSettings

from ..conftest import DEMO_EVENTS


def seed_demo():
    out = io.StringIO()
    call_command("seed_demo", events=DEMO_EVENTS, stdout=out)
    return out.getvalue()


@pytest.fixture
def seeded(demo_site_data):
    """The demo content after two runs (seeded once, tests/conftest.py),
    put back inside this test's transaction; the output of the first run."""
    return demo_site_data.first_run


def test_second_run_creates_and_changes_nothing(seeded_demo):
    assert seeded_demo.counts_after_second == seeded_demo.counts_after_first
    total = DEMO_EVENTS + len(PAST)
    assert f"Events: {total}/{total}" in seeded_demo.first_run
    assert f"{total} events" in seeded_demo.first_run
    assert "Nothing new" in seeded_demo.second_run


@pytest.mark.django_db
def test_halls_events_and_past_events_are_seeded_once(seeded):
    now = timezone.now()
    norwegian = EventPage.objects.filter(locale__language_code="nb")
    upcoming = norwegian.filter(performances__start__gte=now).distinct()
    past = norwegian.exclude(performances__start__gte=now)

    assert Hall.objects.filter(locale__language_code="nb").count() == 3
    assert norwegian.count() == DEMO_EVENTS + len(PAST)
    assert upcoming.count() == DEMO_EVENTS
    assert past.count() == len(PAST)
    assert norwegian.values("title").distinct().count() == norwegian.count()
    assert (
        get_image_model().objects.values("title").distinct().count()
        == get_image_model().objects.count()
    )


@pytest.mark.django_db
def test_one_upcoming_performance_is_cancelled_and_none_after_six_months(seeded):
    now = timezone.now()
    cancelled = Performance.objects.filter(status=Performance.Status.CANCELLED)
    postponed = Performance.objects.filter(status=Performance.Status.POSTPONED)

    assert cancelled.count() == 1
    assert cancelled.get().start > now
    assert postponed.count() == 1
    in_six_months = now + datetime.timedelta(days=190)
    assert not Performance.objects.filter(start__gt=in_six_months).exists()


@pytest.mark.django_db
def test_main_pages_live_at_their_addresses_and_in_the_menu(seeded):
    site = Site.objects.get(is_default_site=True)
    children = Page.objects.child_of(site.root_page).live()
    menu = children.in_menu()

    assert {page.relative_url(site) for page in children} >= {
        "/arrangementer/",
        "/aktuelt/",
        "/om-huset/",
        "/personvern/",
        "/kontakt/",
    }
    assert [page.title for page in menu] == [
        "Program",
        "Aktuelt",
        "Om huset",
        "Kontakt",
    ]


def test_the_english_menu_has_the_norwegian_order_and_an_about_page(seeded, client):
    english = Site.objects.get(is_default_site=True).root_page.get_translation(
        Locale.objects.get(language_code="en")
    )
    menu = Page.objects.child_of(english).live().in_menu()
    assert [page.title for page in menu] == [
        "Programme",
        "News",
        "About the house",
        "Contact",
    ]
    about = client.get("/en/about/").content.decode()
    assert "Three halls under one roof" in about
    assert "Tre saler" not in about
    assert 'href="mailto:post@kulturhus.example"' in about


@pytest.mark.django_db
def test_settings_and_hero_point_at_the_seeded_pages(seeded):
    settings = VenueSettings.load()
    home = HomePage.objects.get(locale__language_code="nb")

    assert settings.name == "Elvebyen kulturhus"
    assert settings.privacy_page.slug == "personvern"
    assert settings.contact_page.slug == "kontakt"
    assert home.hero_link.specific_class is EventIndexPage
    assert home.hero_image is not None


@pytest.mark.django_db
def test_the_english_site_is_seeded_with_translations(seeded, client):
    english = Page.objects.live().filter(locale__language_code="en")
    assert english.type(EventPage).count() == DEMO_EVENTS
    assert english.type(ArticlePage).count() == 3
    assert {page.url for page in english.not_type(EventPage, ArticlePage)} >= {
        "/en/",
        "/en/events/",
        "/en/news/",
        "/en/contact/",
    }
    assert Hall.objects.filter(locale__language_code="en").count() == 3
    for url in ("/en/", "/en/events/", "/en/news/", "/en/contact/"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert '<html lang="en">' in response.content.decode()
    contact = client.get("/en/contact/").content.decode()
    assert "Email address" in contact and "E-postadresse" not in contact
    # The site texts too: the footer's opening hours in English.
    assert "<p>Box office: Mon–Fri 10–16" in contact
    assert "Billettkontoret" not in contact
    assert "<p>Billettkontoret: man–fre 10–16" in client.get("/").content.decode()


def test_the_english_demo_events_have_english_notes(seeded, client):
    from events.demo_english import NOTES

    english = EventPage.objects.live().filter(locale__language_code="en")
    noted = [
        (event, performance)
        for event in english
        for performance in event.performance_list
        if performance.note
    ]
    # The cancelled and the postponed performance at least.
    assert len(noted) >= 2
    for event, performance in noted:
        assert performance.note in NOTES.values(), (event.title, performance.note)
        assert performance.note_language == ""
    cancelled = next(
        event
        for event, performance in noted
        if performance.status == Performance.Status.CANCELLED
    )
    html = client.get(cancelled.url).content.decode()
    assert "Cancelled. Tickets bought are refunded." in html
    assert "Avlyst" not in html


def test_demo_events_say_when_doors_open_how_people_sit_and_the_intervals(
    seeded, client
):
    events = EventPage.objects.live().filter(locale__language_code="nb")
    for event in events:
        text = str(event.body)
        assert event.doors_open_minutes, event.title
        assert event.seating, event.title
        # The fields never contradict the text.
        if "uten pause" in text:
            assert event.intervals == 0, event.title
        elif "én pause" in text or "en pause" in text:
            assert event.intervals == 1, event.title
    english = EventPage.objects.live().filter(locale__language_code="en").first()
    html = client.get(english.url).content.decode()
    assert "Doors open" in html and "minutes before the start" in html
    with translation.override("en"):
        assert str(english.get_seating_display()) in html
    with translation.override("nb"):
        assert str(english.get_seating_display()) not in html
    assert "Dørene åpner" not in html


def test_english_pages_describe_their_pictures_in_english_and_link_the_hero(
    seeded, client
):
    """An English page read aloud says its pictures' descriptions in
    English (they were the image library's Norwegian ones), and the English
    hero's button leads to the English programme."""
    norwegian = set(get_image_model().objects.values_list("description", flat=True))
    event = EventPage.objects.live().filter(locale__language_code="en").first()
    article = ArticlePage.objects.live().filter(locale__language_code="en").first()
    checked = 0
    for url in ("/en/", "/en/events/", event.url, article.url, "/en/news/"):
        html = client.get(url).content.decode()
        for alt in re.findall(r'<img[^>]* alt="([^"]*)"', html):
            assert alt not in norwegian, (url, alt)
            assert alt, url  # the demo's pictures are not decorative
            checked += 1
    assert checked >= 10
    home = client.get("/en/").content.decode()
    assert '<a class="button" href="/en/events/">See the whole programme</a>' in home
    assert "stage with red curtain edges" in home


def test_the_english_privacy_statement_is_seeded_with_both_versions(seeded, client):
    from privacy.demo_english import NAMES, STATEMENT
    from privacy.models import PolicyVersion, PolicyVersionTranslation

    assert PolicyVersion.objects.count() == 2
    translated = PolicyVersionTranslation.objects.filter(language="en").order_by(
        "version__number"
    )
    assert [row.version.number for row in translated] == [1, 2]
    assert "YouTube videos come from" not in translated[0].text
    assert "YouTube videos come from" in translated[1].text
    html = client.get("/en/privacy/").content.decode()
    assert '<html lang="en">' in html
    assert "Who is responsible" in html
    assert "YouTube videos come from YouTube's domain" in html
    # Every Norwegian segment of the statement has its English text.
    for norwegian in STATEMENT:
        if "<" not in norwegian and len(norwegian) > 12:
            assert norwegian not in html, norwegian
    # The controller's and officer's names too (home.SiteTexts).
    for norwegian, english in NAMES.items():
        assert norwegian not in html, norwegian
        assert f"<span>{english}</span>" in html, english
    norwegian_page = client.get("/personvern/").content.decode()
    for norwegian in NAMES:
        assert f"<span>{norwegian}</span>" in norwegian_page, norwegian
    comparison = client.get("/en/privacy/versions/compare/?fra=1&til=2")
    assert comparison.status_code == 200
    assert "youtube-nocookie.com" in comparison.content.decode()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_seeding_sends_no_mail(settings, tmp_path):
    """Demo comments, subscribers and orders are made without telling
    anyone, then or later: the development backend writes no file, neither
    during seeding (a transactional test, so mails queued on commit would
    go) nor when the scheduler first runs the mail sweeps with an admin in
    place (as after `make run`)."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = tmp_path
    call_command("ensure_admin", stdout=io.StringIO())

    seed_demo()
    for path, _interval in settings.PERIODIC_TASKS:
        import_string(path).call()

    assert [path.read_text()[:300] for path in tmp_path.iterdir()] == []


def test_the_hero_and_the_posters_are_described_credited_and_vary(seeded):
    home = HomePage.objects.get(locale__language_code="nb")
    home.clean()  # described: the editor's own check passes
    assert home.hero_image.title == "Forsidebilde: scenen"
    assert "scene" in home.hero_alt_text
    assert home.hero_image_credit.startswith("Illustrasjon:")
    # The English pages credit the pictures in English.
    english = HomePage.objects.get(locale__language_code="en")
    assert english.hero_image_credit.startswith("Illustration:")
    translated = EventPage.objects.filter(locale__language_code="en")
    assert translated
    assert {event.image_credit for event in translated} == {
        "Illustration: Elvebyen kulturhus"
    }

    events = EventPage.objects.filter(locale__language_code="nb").select_related(
        "image", "genre"
    )
    posters = {}
    for event in events:
        event.clean()
        assert event.image_credit and event.image_alt_text
        assert event.image.title.startswith(f"Plakat {event.genre.slug} ")
        posters.setdefault(event.genre.slug, set()).add(event.image.file.read())
    # Each genre has its own pictures, not one shared set.
    pictures = [picture for group in posters.values() for picture in group]
    assert len(posters) >= 4 and len(set(pictures)) == len(pictures)
