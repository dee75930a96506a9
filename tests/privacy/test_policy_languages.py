"""The privacy statement in Norwegian and English: each version the
Norwegian page publishes gets its English text when the English page (its
wagtail-localize translation) is published, with the generated tables in
English; the archive and the comparison work on /en/privacy/; notices go
out in each recipient's language with that language's text, and wait for
it when the English page exists but has not been published for a version
yet."""

import pytest
from django.core import mail
from django.utils import translation

from home.services import translate
from privacy import policy
from privacy.models import (
    LanguagePreference,
    NoticeDelivery,
    PolicyVersion,
    PolicyVersionTranslation,
    PrivacyPolicyPage,
)

from ..factories import UserFactory
from .conftest import publish, verified

pytestmark = pytest.mark.django_db

ENGLISH = {
    "Personvern": "Privacy",
    "personvern": "privacy",
    "Slik tar vi vare på opplysningene dine.": "How we look after your data.",
    "Vi lagrer navn og e-post for billettkjøp.": (
        "We store names and email addresses for ticket purchases."
    ),
    "Vi lagrer også telefonnummer.": "We store phone numbers too.",
}


def translate_policy(page, summary=""):
    """Sync and publish the English page from the Norwegian source, as a
    translator does, with the English summary of the change when given."""
    english = translate(page, "en", ENGLISH, publish=False)
    english.change_summary = summary
    english.save_revision().publish()
    return PrivacyPolicyPage.objects.get(pk=english.pk)


@pytest.fixture
def english_policy(english_home, policy_page):
    return translate_policy(policy_page, summary="First version.")


@pytest.fixture
def second_version(policy_page, english_policy):
    """Version 2 in both languages: a sentence added."""
    publish(
        policy_page,
        summary="Vi lagrer telefonnummer.",
        body=[
            ("paragraph", "<p>Vi lagrer navn og e-post for billettkjøp.</p>"),
            ("paragraph", "<p>Vi lagrer også telefonnummer.</p>"),
            ("what_we_store", None),
        ],
    )
    translate_policy(policy_page, summary="We store phone numbers.")
    return PolicyVersion.objects.get(number=2)


def test_the_english_page_gives_version_one_its_english_text(
    english_policy, policy_page
):
    assert english_policy.url == "/en/privacy/"
    version = PolicyVersion.objects.get()
    assert version.page_id == policy_page.pk
    translated = PolicyVersionTranslation.objects.get(version=version)
    assert translated.language == "en"
    assert translated.page_id == english_policy.pk
    assert translated.title == "Privacy"
    assert translated.summary == "First version."
    assert "We store names and email addresses" in translated.text
    # The generated tables are frozen in the page's language, the source's
    # in Norwegian, whatever language the publishing code runs in.
    with translation.override("en"):
        english_caption = translation.gettext(
            "What we store, why, on what legal basis and for how long"
        )
    with translation.override("nb"):
        norwegian_caption = translation.gettext(
            "What we store, why, on what legal basis and for how long"
        )
    assert english_caption != norwegian_caption
    assert english_caption in translated.text
    assert norwegian_caption not in translated.text
    assert norwegian_caption in version.text
    assert "Vi lagrer navn" in version.text


def test_the_english_page_shows_its_version_in_english(client, english_policy):
    response = client.get("/en/privacy/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert "We store names and email addresses" in html
    assert "Vi lagrer navn" not in html
    assert 'href="/en/privacy/versions/"' in html
    assert '<span lang="en">First version.</span>' in html


def test_the_norwegian_page_is_unchanged(client, english_policy):
    html = client.get("/personvern/").content.decode()
    assert '<html lang="nb">' in html
    assert "Vi lagrer navn" in html
    assert "We store names" not in html
    assert 'href="/personvern/versjoner/"' in html


def test_the_english_archive_lists_the_english_versions(client, second_version):
    response = client.get("/en/privacy/versions/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "We store phone numbers." in html
    assert "First version." in html
    assert "Vi lagrer telefonnummer." not in html
    assert 'href="/en/privacy/versions/2/"' in html
    assert 'action="/en/privacy/versions/compare/"' in html
    norwegian = client.get("/personvern/versjoner/").content.decode()
    assert "Vi lagrer telefonnummer." in norwegian
    assert "We store phone numbers." not in norwegian


def test_an_english_version_has_its_permanent_url(client, second_version):
    html = client.get("/en/privacy/versions/1/").content.decode()
    assert "We store names and email addresses" in html
    assert "phone numbers too" not in html
    html = client.get("/en/privacy/versions/2/").content.decode()
    assert "We store phone numbers too." in html
    assert 'href="/en/privacy/versions/compare/?fra=1&amp;til=2"' in html
    assert client.get("/en/privacy/versions/3/").status_code == 404


def test_the_english_comparison_compares_the_english_texts(client, second_version):
    response = client.get("/en/privacy/versions/compare/?fra=1&til=2")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<ins" in html
    assert "phone numbers too" in html
    assert "telefonnummer" not in html
    assert client.get("/en/privacy/versions/compare/?fra=1&til=x").status_code == 400


def test_a_version_not_yet_translated_is_announced_with_a_link_to_it(
    client, english_policy, policy_page
):
    publish(policy_page, summary="Ny tekst.")
    html = client.get("/en/privacy/").content.decode()
    assert "We store names and email addresses" in html
    assert "Version 2 of this statement has not been translated yet." in html
    assert 'href="/personvern/versjoner/2/" hreflang="nb"' in html
    assert client.get("/en/privacy/versions/2/").status_code == 404


def test_publishing_the_english_page_again_corrects_the_same_version(
    english_policy, policy_page
):
    english_policy.introduction = "How we take care of your data."
    english_policy.change_summary = "First version, corrected."
    english_policy.save_revision().publish()
    assert PolicyVersion.objects.count() == 1
    translated = PolicyVersionTranslation.objects.get()
    assert "How we take care of your data." in translated.text
    assert translated.summary == "First version, corrected."


def test_an_english_summary_left_empty_shows_the_norwegian_one_marked_nb(
    client, english_policy, policy_page
):
    publish(policy_page, summary="Vi lagrer telefonnummer.")
    translate_policy(policy_page, summary="")
    html = client.get("/en/privacy/").content.decode()
    assert '<span lang="nb">Vi lagrer telefonnummer.</span>' in html


@pytest.mark.parametrize(
    ("stored", "language"),
    [("en", "en"), ("en-gb", "en"), ("nb", "nb"), ("nn", "nb"), ("", "nb")],
)
def test_a_stored_language_reads_content_in_a_site_language(stored, language):
    assert policy.content_language(stored) == language


@pytest.fixture
def readers(db):
    """One Norwegian-speaking and one English-speaking verified user."""
    norwegian = verified(UserFactory(email="kari@example.org"))
    english = verified(UserFactory(email="anna@example.org"))
    LanguagePreference.objects.create(user=english, language="en")
    return norwegian, english


def send_all(version):
    for first, last in list(policy.batch_ranges(version.pk)):
        policy.send_notices(version.pk, first, last)


def material_change(page):
    publish(page, summary="Vi bytter billettleverandør.", material=True)
    version = PolicyVersion.objects.get(number=2)
    policy.queue_notices(version, enqueue=False)
    return version


def test_notices_wait_for_the_english_text_then_go_out_in_english(
    readers, english_policy, policy_page, django_capture_on_commit_callbacks
):
    norwegian, english = readers
    version = material_change(policy_page)
    send_all(version)
    assert [message.to for message in mail.outbox] == [[norwegian.email]]
    assert "Vi bytter billettleverandør." in mail.outbox[0].body
    assert "/personvern/versjoner/2/" in mail.outbox[0].body
    waiting = NoticeDelivery.objects.get(email=english.email)
    assert waiting.status == NoticeDelivery.Status.PENDING
    assert waiting.attempts == 0

    # The translator publishes version 2 in English: the waiting notices are
    # sent, in English, with the English summary and links.
    with django_capture_on_commit_callbacks(execute=True):
        translate_policy(policy_page, summary="We change ticket provider.")
    assert len(mail.outbox) == 2
    message = mail.outbox[1]
    assert message.to == [english.email]
    assert message.body.startswith("Hello,")
    assert "We change ticket provider." in message.body
    assert "billettleverandør" not in message.body
    assert "/en/privacy/versions/2/" in message.body
    assert "/en/privacy/versions/compare/?fra=1&til=2" in message.body
    html = message.alternatives[0][0]
    assert 'lang="en"' in html
    assert '<span lang="en">We change ticket provider.</span>' in html
    assert NoticeDelivery.objects.get(email=english.email).status == "sent"


def test_without_an_english_page_english_readers_get_english_mail_and_the_source(
    readers, policy_page
):
    norwegian, english = readers
    version = material_change(policy_page)
    send_all(version)
    by_address = {message.to[0]: message for message in mail.outbox}
    assert set(by_address) == {norwegian.email, english.email}
    body = by_address[english.email].body
    assert body.startswith("Hello,")
    assert "/personvern/versjoner/2/" in body
    html = by_address[english.email].alternatives[0][0]
    assert '<span lang="nb">Vi bytter billettleverandør.</span>' in html


def test_subscribers_and_buyers_languages_choose_the_text_too(
    english_policy, policy_page
):
    """Any source's recipient language picks the text: an address known
    only from an order or a subscription, stored as "en-gb"."""
    version = material_change(policy_page)
    NoticeDelivery.objects.create(
        version=version,
        email="buyer@example.org",
        source="tickets.buyers",
        language="en-gb",
    )
    translate_policy(policy_page, summary="We change ticket provider.")
    send_all(version)
    (message,) = mail.outbox
    assert message.to == ["buyer@example.org"]
    assert "We change ticket provider." in message.body


def test_the_banner_shows_the_change_in_the_page_s_language(
    client, readers, english_policy, policy_page
):
    _norwegian, english = readers
    material_change(policy_page)
    translate_policy(policy_page, summary="We change ticket provider.")
    client.force_login(english)
    html = client.get("/en/").content.decode()
    assert '<span lang="en">We change ticket provider.</span>' in html
    assert 'href="/en/privacy/versions/2/"' in html
    html = client.get("/").content.decode()
    assert '<span lang="nb">Vi bytter billettleverandør.</span>' in html
    assert 'href="/personvern/versjoner/2/"' in html
