"""The terms of sale (kjøpsvilkår): a translatable snippet, one text per
language, translated with wagtail-localize. The English address
(/en/tickets/terms-of-sale/) shows the English translation when it is
complete and up to date, else the venue's own Norwegian terms marked
lang="nb" with a note; with no terms written, the site's default terms in
the address's language. And the migration that moved them out of the
settings."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.models import Locale
from wagtail_localize.models import StringTranslation, TranslationSource

from home.cache import invalidate_page_cache
from home.services import translate
from tickets.models import TermsOfSale

pytestmark = pytest.mark.django_db

# The page is in the language of its address, as a Wagtail page is.
URLS = {"nb": "/billetter/kjopsvilkar/", "en": "/en/tickets/terms-of-sale/"}
RETURNS_NB = "Billetter kan ikke returneres."
RETURNS_EN = "Tickets cannot be returned."
REFUNDS_NB = "Avlyste forestillinger refunderes innen 14 dager."
REFUNDS_EN = "Cancelled shows are refunded within 14 days."
TERMS_NB = f"<p>{RETURNS_NB}</p><p>{REFUNDS_NB}</p>"
ONLY_NORWEGIAN = "only available in Norwegian"


def get(client, language):
    return client.get(URLS[language]).content.decode()


@pytest.fixture
def norwegian_terms(db):
    """The Norwegian terms the migration made, filled in."""
    terms = TermsOfSale.objects.get(locale__language_code="nb")
    terms.terms = TERMS_NB
    terms.save()
    return terms


@pytest.fixture
def english_terms(norwegian_terms):
    return translate(
        norwegian_terms, "en", {RETURNS_NB: RETURNS_EN, REFUNDS_NB: REFUNDS_EN}
    )


def test_the_migration_made_one_empty_norwegian_text_and_no_english_one():
    assert list(TermsOfSale.objects.values_list("locale__language_code", "terms")) == [
        ("nb", "")
    ]


def test_each_language_gets_its_own_terms(client, english_terms):
    norwegian = get(client, "nb")
    assert RETURNS_NB in norwegian and RETURNS_EN not in norwegian
    assert ONLY_NORWEGIAN not in norwegian
    english = get(client, "en")
    assert '<html lang="en">' in english
    assert f"<p>{RETURNS_EN}</p><p>{REFUNDS_EN}</p>" in english
    assert RETURNS_NB not in english
    assert ONLY_NORWEGIAN not in english
    # The venue's own terms replace the default ones in both languages.
    assert "angrerettloven" not in norwegian and "Cancellation Act" not in english


@pytest.mark.parametrize(
    "english",
    [
        pytest.param(None, id="missing"),
        pytest.param("", id="empty"),
        pytest.param("<p></p>", id="empty-paragraph"),
        pytest.param(TERMS_NB, id="still-the-norwegian"),
    ],
)
def test_untranslated_terms_are_the_norwegian_marked_nb_with_a_note(
    client, norwegian_terms, english
):
    if english is not None:
        TermsOfSale.objects.create(
            locale=Locale.objects.get(language_code="en"),
            translation_key=norwegian_terms.translation_key,
            terms=english,
        )
    html = get(client, "en")
    assert '<html lang="en">' in html
    assert f'<div lang="nb"><p>{RETURNS_NB}</p><p>{REFUNDS_NB}</p></div>' in html
    assert "Our terms of sale are only available in Norwegian." in html
    # The site's default English terms do not stand in for the venue's own.
    assert "Cancellation Act" not in html


def test_terms_just_submitted_for_translation_are_the_norwegian_marked_nb(
    client, norwegian_terms
):
    # wagtail-localize's Translate makes the English a copy of the Norwegian.
    translate(norwegian_terms, "en")
    assert TermsOfSale.objects.get(locale__language_code="en").terms == TERMS_NB
    assert f'<div lang="nb"><p>{RETURNS_NB}</p>' in get(client, "en")


def test_a_half_translated_text_is_not_shown_as_english(client, norwegian_terms):
    # Published with one paragraph translated: the other stays Norwegian.
    half = translate(norwegian_terms, "en", {RETURNS_NB: RETURNS_EN})
    assert half.terms == f"<p>{RETURNS_EN}</p><p>{REFUNDS_NB}</p>"
    html = get(client, "en")
    assert RETURNS_EN not in html
    assert f'<div lang="nb"><p>{RETURNS_NB}</p><p>{REFUNDS_NB}</p></div>' in html
    # The rest translated in the editor but not yet published: still half.
    source = TranslationSource.objects.get(object_id=norwegian_terms.translation_key)
    segment = source.stringsegment_set.get(string__data=REFUNDS_NB)
    StringTranslation.objects.create(
        translation_of=segment.string,
        locale=half.locale,
        context=segment.context,
        data=REFUNDS_EN,
    )
    invalidate_page_cache()
    assert RETURNS_EN not in get(client, "en")
    # Published: English.
    translate(norwegian_terms, "en")
    assert f"<p>{RETURNS_EN}</p><p>{REFUNDS_EN}</p>" in get(client, "en")


def test_a_changed_norwegian_text_puts_the_english_out_of_date(client, english_terms):
    get(client, "en")
    norwegian = TermsOfSale.objects.get(locale__language_code="nb")
    norwegian.terms = f"<p>{RETURNS_NB}</p><p>Refunderes innen 30 dager.</p>"
    norwegian.save()
    html = get(client, "en")
    assert RETURNS_EN not in html
    assert '<div lang="nb">' in html and "innen 30 dager" in html
    # wagtail-localize's sync shows the translator the new paragraph, and
    # the English is published again, untranslated for now: still Norwegian.
    source = TranslationSource.objects.get(object_id=norwegian.translation_key)
    source.update_from_db()
    english = Locale.objects.get(language_code="en")
    progress = source.translations.get(target_locale=english).get_progress()
    assert progress == (2, 1)
    translate(norwegian, "en")
    assert RETURNS_EN not in get(client, "en")
    # Translated and published: English again.
    translate(norwegian, "en", {"Refunderes innen 30 dager.": "Refunded in 30 days."})
    html = get(client, "en")
    assert f"<p>{RETURNS_EN}</p><p>Refunded in 30 days.</p>" in html
    assert 'lang="nb"' not in html.split("<main", 1)[1]


def test_a_norwegian_text_saved_unchanged_leaves_the_english_up_to_date(
    client, english_terms
):
    norwegian = TermsOfSale.objects.get(locale__language_code="nb")
    norwegian.save()
    assert RETURNS_EN in get(client, "en")


def test_english_written_by_hand_is_shown_until_the_norwegian_changes(
    client, norwegian_terms
):
    # As the migration keeps English terms written before translation.
    english = TermsOfSale.objects.create(
        locale=Locale.objects.get(language_code="en"),
        translation_key=norwegian_terms.translation_key,
        terms="<p>Our own English terms.</p>",
    )
    assert "<p>Our own English terms.</p>" in get(client, "en")
    norwegian_terms.terms = "<p>Nye vilkår.</p>"
    norwegian_terms.save()
    html = get(client, "en")
    assert '<div lang="nb"><p>Nye vilkår.</p></div>' in html
    english.save()
    assert "<p>Our own English terms.</p>" in get(client, "en")


@pytest.mark.parametrize("language", ["nb", "en"])
def test_without_terms_the_default_ones_show_in_the_visitor_s_language(
    client, venue, language
):
    html = get(client, language)
    assert "angrerettloven § 22" in html
    assert ONLY_NORWEGIAN not in html
    if language == "en":
        assert "No right of withdrawal" in html
    else:
        assert "Ingen angrerett" in html


def test_english_terms_without_norwegian_ones_are_still_the_venue_s(client, venue):
    norwegian = TermsOfSale.objects.get(locale__language_code="nb")
    TermsOfSale.objects.create(
        locale=Locale.objects.get(language_code="en"),
        translation_key=norwegian.translation_key,
        terms="<p>English only.</p>",
    )
    assert "<p>English only.</p>" in get(client, "en")
    assert "angrerettloven § 22" in get(client, "nb")


@pytest.mark.parametrize("language", ["nb", "en"])
@pytest.mark.parametrize("translated", [True, False])
def test_the_terms_page_costs_a_fixed_number_of_queries(
    client,
    norwegian_terms,
    settings,
    django_assert_max_num_queries,
    language,
    translated,
):
    if translated:
        translate(
            norwegian_terms, "en", {RETURNS_NB: RETURNS_EN, REFUNDS_NB: REFUNDS_EN}
        )
    settings.PAGE_CACHE_SECONDS = 0
    url = URLS[language]
    # The first visit creates the settings rows every page reads.
    client.get(url)
    invalidate_page_cache()
    with CaptureQueriesContext(connection) as cold:
        assert client.get(url).status_code == 200
    # The page's frame (site, menus, settings) and the terms.
    assert len(cold) <= 13
    # Both languages' terms in one query, and whether the English is
    # finished in another.
    terms = [q for q in cold if "termsofsale" in q["sql"]]
    assert len(terms) == (2 if translated else 1)
    with django_assert_max_num_queries(0):
        response = client.get(url)
    assert (RETURNS_EN in response.content.decode()) == (
        translated and language == "en"
    )


def test_a_second_text_in_the_same_language_is_refused_with_a_message(
    norwegian_terms,
):
    from django.core.exceptions import ValidationError

    second = TermsOfSale(locale=norwegian_terms.locale, terms="<p>Andre.</p>")
    with pytest.raises(ValidationError, match="allerede kjøpsvilkår på dette språket"):
        second.full_clean()


def test_the_admin_edits_the_terms_under_snippets(admin_client, client):
    terms = TermsOfSale.objects.get(locale__language_code="nb")
    assert "/admin/snippets/tickets/termsofsale/" in (
        admin_client.get("/admin/snippets/").content.decode()
    )
    edit = f"/admin/snippets/tickets/termsofsale/edit/{terms.pk}/"
    page = admin_client.get(edit).content.decode()
    assert "bare finnes på norsk" in page
    response = admin_client.post(
        edit,
        {
            "terms": (
                '{"blocks": [{"key": "a", "type": "unstyled", "text": "Egne vilkår.",'
                ' "depth": 0, "inlineStyleRanges": [], "entityRanges": []}],'
                ' "entityMap": {}}'
            )
        },
    )
    assert response.status_code == 302
    terms.refresh_from_db()
    assert terms.terms == '<p data-block-key="a">Egne vilkår.</p>'
    assert "Egne vilkår.</p>" in get(client, "nb")


def test_an_editor_translates_the_terms_with_wagtail_localize(
    admin_client, client, norwegian_terms
):
    submit = reverse(
        "wagtail_localize:submit_snippet_translation",
        args=["tickets", "termsofsale", norwegian_terms.pk],
    )
    listing = admin_client.get("/admin/snippets/tickets/termsofsale/").content.decode()
    assert submit in listing
    english = Locale.objects.get(language_code="en")
    response = admin_client.post(submit, {"locales": [english.pk]})
    assert response.status_code == 302
    translated = TermsOfSale.objects.get(locale=english)
    assert translated.translation_key == norwegian_terms.translation_key
    # Untranslated, it holds the Norwegian text: the page shows it marked nb.
    assert f'<div lang="nb"><p>{RETURNS_NB}</p>' in get(client, "en")
    # The English text's edit view is wagtail-localize's translation editor.
    edit = admin_client.get(
        f"/admin/snippets/tickets/termsofsale/edit/{translated.pk}/"
    ).content.decode()
    assert "w-translation-editor" in edit or "translation-editor" in edit


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.usefixtures("latest_migrations_afterwards")
@pytest.mark.parametrize("english", ["<p>Our terms.</p>", ""])
def test_the_migration_copies_the_settings_terms_into_the_translatable_ones(english):
    before = [("tickets", "0009_free_tickets")]
    after = [("tickets", "0010_terms_of_sale_translatable")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old_apps = executor.loader.project_state(before).apps
    Settings = old_apps.get_model("tickets", "TermsOfSaleSettings")
    Settings.objects.create(terms_nb=TERMS_NB, terms_en=english)

    executor = MigrationExecutor(connection)
    executor.migrate(after)
    model = executor.loader.project_state(after).apps.get_model(
        "tickets", "TermsOfSale"
    )
    texts = {
        row.locale.language_code: row for row in model.objects.select_related("locale")
    }
    assert texts["nb"].terms == TERMS_NB
    if english:
        assert texts["en"].terms == english
        assert texts["en"].translation_key == texts["nb"].translation_key
    else:
        assert "en" not in texts

    # On to the latest migrations, which remove the setting.
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    invalidate_page_cache()
    if english:
        assert TermsOfSale.for_language("en") == (english, "")
    else:
        assert TermsOfSale.for_language("en") == (TERMS_NB, "nb")
    assert TermsOfSale.for_language("nb") == (TERMS_NB, "")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.usefixtures("latest_migrations_afterwards")
def test_the_migration_back_restores_the_settings():
    norwegian = TermsOfSale.objects.get(locale__language_code="nb")
    norwegian.terms = TERMS_NB
    norwegian.save()
    TermsOfSale.objects.create(
        locale=Locale.objects.get(language_code="en"),
        translation_key=norwegian.translation_key,
        terms="<p>Our terms.</p>",
    )
    before = [("tickets", "0009_free_tickets")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    Settings = executor.loader.project_state(before).apps.get_model(
        "tickets", "TermsOfSaleSettings"
    )
    old = Settings.objects.get()
    assert (old.terms_nb, old.terms_en) == (TERMS_NB, "<p>Our terms.</p>")


def test_english_added_by_hand_is_a_translation_so_none_other_is_offered(
    admin_client, norwegian_terms
):
    response = admin_client.post(
        "/admin/snippets/tickets/termsofsale/add/?locale=en",
        {
            "terms": (
                '{"blocks": [{"key": "b", "type": "unstyled", "text": "Our terms.",'
                ' "depth": 0, "inlineStyleRanges": [], "entityRanges": []}],'
                ' "entityMap": {}}'
            )
        },
    )
    assert response.status_code == 302
    english = TermsOfSale.objects.get(locale__language_code="en")
    assert english.translation_key == norwegian_terms.translation_key
    # wagtail-localize's Translate offers no second English text (whose
    # creation the one-per-language constraint would refuse with a 500).
    submit = reverse(
        "wagtail_localize:submit_snippet_translation",
        args=["tickets", "termsofsale", norwegian_terms.pk],
    )
    listing = admin_client.get("/admin/snippets/tickets/termsofsale/").content.decode()
    assert submit not in listing
    assert TermsOfSale.for_language("en") == (
        '<p data-block-key="b">Our terms.</p>',
        "",
    )
