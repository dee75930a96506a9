"""The site texts (opening hours, known barriers) in each language: a
translatable snippet, one set per language, read per language once per
cache generation, the Norwegian shown with lang="nb" where English has no
translation yet; and the migration that moved them out of the settings."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test.utils import CaptureQueriesContext
from wagtail.models import Locale
from wagtail_localize.models import TranslationSource

from home.cache import invalidate_page_cache
from home.models import SiteTexts
from home.services import translate

pytestmark = pytest.mark.django_db

HOURS_NB = "Billettkontoret: man–fre 10–16"
HOURS_EN = "Box office: Mon–Fri 10–16"
BARRIER_NB = "Videoer mangler teksting."
BARRIER_EN = "Videos have no captions."
FORM_NB = "Skjemaet mangler etiketter."
FORM_EN = "The form has no labels."


@pytest.fixture
def norwegian_texts(db):
    """The Norwegian set the migration made, filled in."""
    texts = SiteTexts.objects.get(locale__language_code="nb")
    texts.opening_hours = HOURS_NB
    texts.known_issues = f"{BARRIER_NB}\n\n{FORM_NB}\n"
    texts.save()
    return texts


@pytest.fixture
def english_texts(norwegian_texts):
    # wagtail-localize offers a text field's lines as one string, the line
    # breaks as <br/>.
    return translate(
        norwegian_texts,
        "en",
        {
            HOURS_NB: HOURS_EN,
            f"{BARRIER_NB}<br/><br/>{FORM_NB}<br/>": f"{BARRIER_EN}<br/>{FORM_EN}",
        },
    )


def test_the_migration_made_one_norwegian_set_and_no_english_one():
    assert list(SiteTexts.objects.values_list("locale__language_code", flat=True)) == [
        "nb"
    ]


def test_each_language_s_footer_shows_its_own_opening_hours(
    client, english_home, english_texts
):
    norwegian = client.get("/").content.decode()
    assert f"<p>{HOURS_NB}</p>" in norwegian
    assert HOURS_EN not in norwegian
    english = client.get("/en/").content.decode()
    assert f"<p>{HOURS_EN}</p>" in english
    assert HOURS_NB not in english


def test_without_an_english_translation_the_footer_shows_the_norwegian_marked_nb(
    client, english_home, norwegian_texts
):
    english = client.get("/en/").content.decode()
    assert f'<p lang="nb">{HOURS_NB}</p>' in english
    assert f"<p>{HOURS_NB}</p>" in client.get("/").content.decode()


def test_an_english_text_left_empty_falls_back_to_the_norwegian(
    client, english_home, english_texts
):
    english_texts.opening_hours = ""
    english_texts.save()
    assert f'<p lang="nb">{HOURS_NB}</p>' in client.get("/en/").content.decode()


def test_no_opening_hours_no_paragraph(client, english_home, norwegian_texts):
    SiteTexts.objects.update(opening_hours="")
    # An update() sends no signal: start a new generation as a save would.
    norwegian_texts.save(update_fields=[])
    assert "Billettkontoret" not in client.get("/").content.decode()


def test_the_accessibility_statement_lists_the_barriers_in_each_language(
    client, english_texts
):
    norwegian = client.get("/tilgjengelighet/").content.decode()
    assert f"<ul><li>{BARRIER_NB}</li><li>{FORM_NB}</li></ul>" in norwegian
    english = client.get("/en/accessibility/").content.decode()
    assert '<html lang="en">' in english
    assert f"<ul><li>{BARRIER_EN}</li><li>{FORM_EN}</li></ul>" in english


def test_untranslated_barriers_are_listed_in_norwegian_marked_nb(
    client, norwegian_texts
):
    english = client.get("/en/accessibility/").content.decode()
    assert f'<ul lang="nb"><li>{BARRIER_NB}</li><li>{FORM_NB}</li></ul>' in english


def test_a_changed_norwegian_text_is_seen_at_once(client, english_home, english_texts):
    client.get("/")
    texts = SiteTexts.objects.get(locale__language_code="nb")
    texts.opening_hours = "Billettkontoret er stengt i juli"
    texts.save()
    assert "stengt i juli" in client.get("/").content.decode()
    # The English translation stays as translated until it is synced.
    assert HOURS_EN in client.get("/en/").content.decode()


def test_a_changed_norwegian_text_waits_for_translation_in_wagtail_localize(
    english_texts,
):
    texts = SiteTexts.objects.get(locale__language_code="nb")
    texts.opening_hours = "Billettkontoret er stengt i juli"
    texts.save()
    source, _created = TranslationSource.get_or_create_from_instance(texts)
    source.update_from_db()
    english = Locale.objects.get(language_code="en")
    translation = source.translations.get(target_locale=english)
    # One string (the new opening hours) has no English yet.
    progress = translation.get_progress()
    assert progress[0] - progress[1] == 1


@pytest.mark.parametrize("url", ["/", "/en/"])
def test_the_texts_cost_no_query_on_a_warm_page(
    client, english_home, english_texts, settings, url
):
    settings.PAGE_CACHE_SECONDS = 0
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    assert not [q for q in queries if "home_sitetexts" in q["sql"]]


def test_both_languages_are_read_in_one_query(client, english_home, english_texts):
    with CaptureQueriesContext(connection) as queries:
        SiteTexts.for_language("en")
        SiteTexts.for_language("nb")
    assert len([q for q in queries if "home_sitetexts" in q["sql"]]) <= 1


def test_a_second_set_in_the_same_language_is_refused_with_a_message(
    norwegian_texts,
):
    from django.core.exceptions import ValidationError

    second = SiteTexts(locale=norwegian_texts.locale, opening_hours="Alltid åpent")
    with pytest.raises(
        ValidationError, match="allerede faste tekster på dette språket"
    ):
        second.full_clean()


def test_the_admin_refuses_a_second_norwegian_set_with_a_message(
    admin_client, norwegian_texts
):
    response = admin_client.post(
        "/admin/snippets/home/sitetexts/add/?locale=nb",
        {"opening_hours": "Alltid åpent", "known_issues": ""},
    )
    assert response.status_code == 200
    assert SiteTexts.objects.filter(locale__language_code="nb").count() == 1
    # The admin speaks Norwegian unless the editor chose otherwise.
    assert "allerede faste tekster på dette språket" in response.content.decode()


def test_the_admin_lists_the_texts_under_snippets(admin_client, norwegian_texts):
    response = admin_client.get("/admin/snippets/")
    assert "/admin/snippets/home/sitetexts/" in response.content.decode()
    edit = admin_client.get(
        f"/admin/snippets/home/sitetexts/edit/{norwegian_texts.pk}/"
    )
    assert edit.status_code == 200
    assert HOURS_NB in edit.content.decode()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.usefixtures("latest_migrations_afterwards")
def test_the_migration_copies_the_settings_texts_into_the_norwegian_set():
    before = [("home", "0006_image_descriptions")]
    after = [("home", "0007_site_texts")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old_apps = executor.loader.project_state(before).apps
    Venue = old_apps.get_model("home", "VenueSettings")
    Accessibility = old_apps.get_model("home", "AccessibilitySettings")
    Venue.objects.create(name="Elvebyen kulturhus", opening_hours=HOURS_NB)
    Accessibility.objects.create(
        known_issues=f"{BARRIER_NB}\nSkjema mangler etiketter."
    )

    executor = MigrationExecutor(connection)
    executor.migrate(after)
    # Read with the model of that migration: later ones add columns.
    texts = executor.loader.project_state(after).apps.get_model("home", "SiteTexts")
    texts = texts.objects.select_related("locale").get()
    assert texts.locale.language_code == "nb"
    assert texts.opening_hours == HOURS_NB
    assert texts.known_issues == f"{BARRIER_NB}\nSkjema mangler etiketter."

    # On to the latest migrations, which the rest of the tests expect.
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    invalidate_page_cache()
    assert SiteTexts.for_language("en")["opening_hours"] == (HOURS_NB, "nb")


def test_an_editor_translates_the_texts_with_wagtail_localize(
    admin_client, client, english_home, norwegian_texts
):
    from django.urls import reverse

    submit = reverse(
        "wagtail_localize:submit_snippet_translation",
        args=["home", "sitetexts", norwegian_texts.pk],
    )
    listing = admin_client.get("/admin/snippets/home/sitetexts/").content.decode()
    assert submit in listing
    english = Locale.objects.get(language_code="en")
    response = admin_client.post(submit, {"locales": [english.pk]})
    assert response.status_code == 302
    translated = SiteTexts.objects.get(locale=english)
    assert translated.translation_key == norwegian_texts.translation_key
    # Untranslated, it holds the Norwegian text: pages show it marked nb.
    assert SiteTexts.for_language("en")["opening_hours"] == (HOURS_NB, "nb")
    html = client.get("/en/").content.decode()
    assert f'<p lang="nb">{HOURS_NB}</p>' in html
