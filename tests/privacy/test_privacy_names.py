"""The controller's and the data protection officer's names, free text in
the translatable site texts (home.SiteTexts): the privacy page and the
notice mails show them in the page's or the reader's language, the
Norwegian ones marked lang="nb" until they are translated; and the
migration that moved them out of the privacy settings."""

import pytest
from django.core import mail
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test.utils import CaptureQueriesContext

from home.cache import invalidate_page_cache
from home.models import SiteTexts
from home.services import translate
from privacy import policy
from privacy.models import LanguagePreference, PolicyVersion, PrivacySettings

from ..factories import UserFactory
from .conftest import publish, verified
from .test_policy_languages import translate_policy

pytestmark = pytest.mark.django_db

CONTROLLER_NB = "Elvebyen kommune, ved daglig leder for kulturhuset"
CONTROLLER_EN = "Elvebyen municipality, by the head of the culture house"
OFFICER_NB = "Personvernombudet i kommunen"
OFFICER_EN = "The data protection officer of the municipality"


@pytest.fixture
def names(db):
    """The Norwegian names, with the officer's email in the settings."""
    texts = SiteTexts.objects.get(locale__language_code="nb")
    texts.controller_name = CONTROLLER_NB
    texts.officer_name = OFFICER_NB
    texts.save()
    privacy = PrivacySettings.load()
    privacy.officer_email = "ombud@elvebyen.example"
    privacy.save()
    return texts


@pytest.fixture
def english_names(names):
    return translate(
        names, "en", {CONTROLLER_NB: CONTROLLER_EN, OFFICER_NB: OFFICER_EN}
    )


@pytest.fixture
def english_policy(english_home, policy_page):
    return translate_policy(policy_page, summary="First version.")


def test_each_language_s_privacy_page_shows_its_own_names(
    client, english_policy, english_names
):
    norwegian = client.get("/personvern/").content.decode()
    assert f"<span>{CONTROLLER_NB}</span>" in norwegian
    assert f"<span>{OFFICER_NB}</span>" in norwegian
    assert CONTROLLER_EN not in norwegian
    english = client.get("/en/privacy/").content.decode()
    assert f"<span>{CONTROLLER_EN}</span>" in english
    assert f"<span>{OFFICER_EN}</span>" in english
    assert "ombud@elvebyen.example" in english
    assert CONTROLLER_NB not in english
    assert OFFICER_NB not in english


def test_untranslated_names_are_norwegian_marked_nb_on_the_english_page(
    client, english_policy, names
):
    english = client.get("/en/privacy/").content.decode()
    assert f'<span lang="nb">{CONTROLLER_NB}</span>' in english
    assert f'<span lang="nb">{OFFICER_NB}</span>' in english
    # Translated through wagtail-localize but the officer's name left as
    # the source's: that one alone stays Norwegian.
    translate(names, "en", {CONTROLLER_NB: CONTROLLER_EN})
    english = client.get("/en/privacy/").content.decode()
    assert f"<span>{CONTROLLER_EN}</span>" in english
    assert f'<span lang="nb">{OFFICER_NB}</span>' in english


def test_empty_names_leave_their_rows_out(client, english_policy, db):
    SiteTexts.objects.update(controller_name="", officer_name="")
    invalidate_page_cache()
    html = client.get("/en/privacy/").content.decode()
    assert "<dt>Controller</dt>" not in html
    assert "<dt>Data protection officer</dt>" not in html
    assert "<dt>Complaints</dt>" in html


def test_a_changed_norwegian_name_marks_the_english_one_out_of_date(english_names):
    from wagtail.models import Locale
    from wagtail_localize.models import TranslationSource

    english_names.refresh_from_db()
    norwegian = SiteTexts.objects.get(locale__language_code="nb")
    norwegian.controller_name = "Elvebyen kommune, ved kultursjefen"
    norwegian.save()
    source, _created = TranslationSource.get_or_create_from_instance(norwegian)
    source.update_from_db()
    translation = source.translations.get(
        target_locale=Locale.objects.get(language_code="en")
    )
    total, translated = translation.get_progress()
    assert total - translated == 1
    # Until the translator syncs, English pages keep the English name.
    assert SiteTexts.for_language("en")["controller_name"] == (CONTROLLER_EN, "")


def test_the_names_cost_no_query_on_a_warm_page(
    client, english_policy, english_names, settings
):
    settings.PAGE_CACHE_SECONDS = 0
    for url in ("/personvern/", "/en/privacy/"):
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        assert not [q for q in queries if "home_sitetexts" in q["sql"]], url


@pytest.fixture
def readers(db):
    norwegian = verified(UserFactory(email="kari@example.org"))
    english = verified(UserFactory(email="anna@example.org"))
    LanguagePreference.objects.create(user=english, language="en")
    return norwegian, english


def notices(policy_page):
    """Version 2 as a material change in both languages, its notices sent;
    the mails by address."""
    publish(policy_page, summary="Vi bytter billettleverandør.", material=True)
    version = PolicyVersion.objects.get(number=2)
    translate_policy(policy_page, summary="We change ticket provider.")
    policy.queue_notices(version, enqueue=False)
    for first, last in list(policy.batch_ranges(version.pk)):
        policy.send_notices(version.pk, first, last)
    return {message.to[0]: message for message in mail.outbox}


def test_notices_name_the_controller_in_the_reader_s_language(
    readers, english_policy, policy_page, english_names
):
    norwegian, english = readers
    mails = notices(policy_page)
    body = mails[english.email].body
    assert f"Controller: {CONTROLLER_EN}" in body
    assert f"Data protection officer: {OFFICER_EN}, ombud@elvebyen.example" in body
    assert CONTROLLER_NB not in body
    html = mails[english.email].alternatives[0][0]
    assert f"<span>{CONTROLLER_EN}</span>" in html
    assert CONTROLLER_NB not in html
    body = mails[norwegian.email].body
    assert f"Behandlingsansvarlig: {CONTROLLER_NB}" in body
    assert CONTROLLER_EN not in body


def test_english_notices_show_untranslated_names_marked_nb(
    readers, english_policy, policy_page, names
):
    _norwegian, english = readers
    mails = notices(policy_page)
    assert f"Controller: {CONTROLLER_NB}" in mails[english.email].body
    html = mails[english.email].alternatives[0][0]
    assert f'<span lang="nb">{CONTROLLER_NB}</span>' in html
    assert f'<span lang="nb">{OFFICER_NB}</span>' in html


BEFORE = [
    ("privacy", "0010_notice_states_shared"),
    ("home", "0008_site_texts_privacy_names"),
]
AFTER = [("privacy", "0011_privacy_names_to_site_texts")]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.usefixtures("latest_migrations_afterwards")
def test_the_migration_moves_the_names_into_the_norwegian_texts_and_back():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old_apps = executor.loader.project_state(BEFORE).apps
    old_apps.get_model("privacy", "PrivacySettings").objects.create(
        controller_name=CONTROLLER_NB,
        controller_email="post@kulturhus.example",
        officer_name=OFFICER_NB,
    )
    old_apps.get_model("home", "SiteTexts").objects.filter(
        locale__language_code="nb"
    ).update(opening_hours="Man–fre 10–16")

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    invalidate_page_cache()
    texts = SiteTexts.objects.get()
    assert texts.locale.language_code == "nb"
    assert (texts.controller_name, texts.officer_name) == (CONTROLLER_NB, OFFICER_NB)
    assert texts.opening_hours == "Man–fre 10–16"
    assert PrivacySettings.load().controller_email == "post@kulturhus.example"
    assert SiteTexts.for_language("en")["controller_name"] == (CONTROLLER_NB, "nb")

    # Back: the Norwegian names return to the settings.
    SiteTexts.objects.update(controller_name="Elvebyen kommune")
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old_apps = executor.loader.project_state(BEFORE).apps
    old = old_apps.get_model("privacy", "PrivacySettings").objects.get()
    assert (old.controller_name, old.officer_name) == ("Elvebyen kommune", OFFICER_NB)
    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)


def test_editors_write_the_names_in_the_site_texts_and_the_addresses_in_settings(
    admin_client, names
):
    texts = admin_client.get(f"/admin/snippets/home/sitetexts/edit/{names.pk}/")
    assert texts.status_code == 200
    html = texts.content.decode()
    assert 'name="controller_name"' in html
    assert 'name="officer_name"' in html
    assert CONTROLLER_NB in html
    settings = admin_client.get("/admin/settings/privacy/privacysettings/", follow=True)
    assert settings.status_code == 200
    html = settings.content.decode()
    assert 'name="controller_name"' not in html
    assert 'name="controller_email"' in html
    assert "Navnene på behandlingsansvarlig og personvernombudet skrives" in html
