"""Cookie consent: the banner is the same HTML for every anonymous visitor
(pages stay cached) and no statistics or marketing script is in any page;
each choice is recorded as proof, without an IP address; a choice expires
after 12 months or when the cookie list changes; embeds wait behind a
placeholder."""

import json
import time

import pytest
from django.test import Client
from wagtail.embeds.embeds import get_embed_hash
from wagtail.embeds.models import Embed

from privacy import consent, cookies, registry
from privacy.models import ConsentRecord, PrivacySettings
from privacy.registry import Subject

from ..factories import StandardPageFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def tracking(db):
    settings = PrivacySettings.load()
    settings.analytics_id = "G-ABC123XYZ"
    settings.pixel_id = "1234567890"
    settings.save()
    return settings


@pytest.fixture
def about(home_page, venue):
    return StandardPageFactory(parent=home_page, title="Om huset", slug="om-huset")


def choose(client, choice, **extra):
    data = {"choice": choice}
    data.update(extra.pop("data", {}))
    return client.post("/personvern/samtykke/", data, **extra)


def test_every_page_has_the_banner_hidden_and_no_tracking_script(
    client, about, tracking
):
    html = client.get("/om-huset/").content.decode()
    assert 'id="consent-banner"' in html
    assert "hidden" in html.split('id="consent-banner"')[1].split(">")[0]
    assert 'data-analytics-id="G-ABC123XYZ"' in html
    assert "googletagmanager" not in html
    assert "fbevents" not in html
    assert '<script src="/static/js/consent.js" defer></script>' in html


def test_anonymous_visitors_get_the_same_cached_page_with_or_without_a_choice(
    client, about
):
    first = client.get("/om-huset/")
    choose(client, "all")
    second = client.get("/om-huset/")
    stranger = Client().get("/om-huset/")
    assert first["X-Page-Cache"] == "miss"
    assert second["X-Page-Cache"] == stranger["X-Page-Cache"] == "hit"
    assert first.content == second.content == stranger.content


def test_the_footer_links_to_cookie_settings(client, about):
    assert (
        'href="/personvern/informasjonskapsler/"'
        in client.get("/om-huset/").content.decode()
    )


def test_accepting_records_the_choice_and_sets_a_cookie_for_a_year(client, venue):
    response = choose(client, "all", HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    record = ConsentRecord.objects.get()
    assert record.statistics and record.marketing
    assert record.user is None
    assert record.banner_version == cookies.banner_version()
    assert record.cookie_list_version == cookies.cookie_list_version()
    assert record.source == ConsentRecord.Source.BANNER
    cookie = response.cookies["samtykke"]
    assert cookie.value == consent.cookie_value(record)
    assert int(cookie["max-age"]) == 365 * 24 * 60 * 60
    assert not cookie["httponly"]
    assert json.loads(response.content)["value"] == cookie.value


def test_no_ip_address_or_browser_is_kept():
    names = {field.name for field in ConsentRecord._meta.get_fields()}
    assert not names & {"ip", "ip_address", "user_agent", "remote_addr"}


def test_rejecting_is_recorded_too(client, venue):
    choose(client, "necessary")
    record = ConsentRecord.objects.get()
    assert not record.statistics and not record.marketing


def test_a_custom_choice_takes_the_boxes(client, venue):
    choose(client, "custom", data={"statistics": "on"})
    record = ConsentRecord.objects.get()
    assert record.statistics and not record.marketing


def test_a_logged_in_choice_names_the_user_and_the_policy_version(client, policy_page):
    user = UserFactory()
    client.force_login(user)
    choose(client, "all")
    record = ConsentRecord.objects.get()
    assert record.user == user
    assert record.policy_version.number == 1


def test_without_javascript_the_banner_form_redirects_back(client, venue):
    response = choose(client, "all", data={"next": "/arrangementer/"})
    assert response.status_code == 302
    assert response["Location"] == "/arrangementer/"
    response = choose(client, "all", data={"next": "https://evil.example/"})
    assert response["Location"] == "/personvern/informasjonskapsler/"


@pytest.mark.parametrize(
    "headers",
    [
        {"HTTP_ORIGIN": "https://evil.example"},
        {"HTTP_SEC_FETCH_SITE": "cross-site"},
    ],
)
def test_another_site_cannot_consent_for_a_visitor(client, venue, headers):
    assert choose(client, "all", **headers).status_code == 403
    assert not ConsentRecord.objects.exists()


def test_our_own_pages_may(client, venue):
    response = choose(
        client,
        "all",
        HTTP_ORIGIN="http://testserver",
        HTTP_SEC_FETCH_SITE="same-origin",
    )
    assert response.status_code == 302


@pytest.mark.parametrize("choice", ["everything", "<script>", "a" * 5000])
def test_an_unknown_choice_is_400(client, venue, choice):
    assert choose(client, choice).status_code == 400
    assert not ConsentRecord.objects.exists()


def test_the_consent_url_takes_only_post(client, venue):
    assert client.get("/personvern/samtykke/").status_code == 405


def test_the_settings_page_works_without_javascript(client, venue):
    page = client.get("/personvern/informasjonskapsler/")
    assert page.status_code == 200
    assert "no-store" in page["Cache-Control"]
    html = page.content.decode()
    for cookie in cookies.declared_cookies():
        assert cookie.name.replace("<", "&lt;").replace(">", "&gt;") in html
    response = client.post(
        "/personvern/informasjonskapsler/",
        {"choice": "custom", "marketing": "on"},
    )
    assert response.status_code == 302
    record = ConsentRecord.objects.get()
    assert record.marketing and not record.statistics
    assert record.source == ConsentRecord.Source.SETTINGS
    shown = client.get(response["Location"]).content.decode()
    assert 'name="marketing" id="id_marketing" checked' in shown or (
        "checked" in shown.split('name="marketing"')[1].split(">")[0]
    )


def test_the_settings_page_refuses_nonsense(client, venue):
    response = client.post("/personvern/informasjonskapsler/", {"choice": "x"})
    assert response.status_code == 400


def make_choice(**overrides):
    record = consent.record_consent(statistics=True, marketing=False)
    return consent.read_choice(
        type("Request", (), {"COOKIES": {"samtykke": consent.cookie_value(record)}})
    ), record


def test_a_choice_lasts_twelve_months(db):
    choice, _record = make_choice()
    assert choice.is_valid()
    assert choice.is_valid(now=choice.given_at + 364 * 86400)
    assert not choice.is_valid(now=choice.given_at + 366 * 86400)


def test_a_change_to_the_cookie_list_asks_again(db, settings):
    choice, _record = make_choice()
    assert choice.is_valid()
    settings.PRIVACY_COOKIES = [
        *settings.PRIVACY_COOKIES,
        {
            "name": "_new",
            "category": "statistics",
            "purpose": "New.",
            "lifetime": 60,
            "provider": "Someone",
        },
    ]
    assert not choice.is_valid()


def test_rewording_a_purpose_is_not_a_new_list(db, settings):
    version = cookies.cookie_list_version()
    reworded = [dict(entry) for entry in settings.PRIVACY_COOKIES]
    reworded[0]["purpose"] = "Other words."
    settings.PRIVACY_COOKIES = reworded
    assert cookies.cookie_list_version() == version


@pytest.mark.parametrize(
    "value",
    ["", "garbage", "x" * 5000, "0" * 32 + ".11.abc.notanumber", "0" * 31 + ".11.a.1"],
)
def test_malformed_consent_cookies_are_no_choice(value):
    request = type("Request", (), {"COOKIES": {"samtykke": value}})
    assert consent.read_choice(request) is None


def test_the_choices_are_in_the_person_s_export(db):
    user = UserFactory()
    record = consent.record_consent(statistics=True, marketing=True, user=user)
    rows = list(registry.get("privacy.consents").export(Subject.for_user(user)))
    assert rows == [
        {
            "id": str(record.pk),
            "given_at": record.created_at.isoformat(),
            "statistics": True,
            "marketing": True,
            "policy_version": None,
            "banner_version": record.banner_version,
            "cookie_list_version": record.cookie_list_version,
            "given_on": "banner",
        }
    ]


def test_erasing_keeps_the_proof_without_the_person(db):
    user = UserFactory()
    consent.record_consent(statistics=True, marketing=True, user=user)
    erasure = registry.get("privacy.consents").erase(Subject.for_user(user))
    assert erasure.anonymised == 1
    assert ConsentRecord.objects.get().user is None


def test_my_page_shows_my_consents(client):
    user = UserFactory()
    from allauth.account.models import EmailAddress

    EmailAddress.objects.create(
        user=user, email=user.email, verified=True, primary=True
    )
    client.force_login(user)
    choose(client, "custom", data={"statistics": "on"})
    html = client.get("/konto/meg/").content.decode()
    assert 'id="my-page-consents"' in html
    assert "/personvern/informasjonskapsler/" in html


def test_analytics_ids_of_the_wrong_shape_are_refused(db):
    from django.core.exceptions import ValidationError

    settings = PrivacySettings.load()
    settings.analytics_id = '"><script>alert(1)</script>'
    with pytest.raises(ValidationError):
        settings.full_clean()


# Embeds -----------------------------------------------------------------------


@pytest.fixture
def video(home_page, venue):
    url = "https://www.youtube.com/watch?v=abc123"
    Embed.objects.create(
        hash=get_embed_hash(url, None, None),
        url=url,
        max_width=None,
        type="video",
        html=(
            '<iframe src="https://www.youtube.com/embed/abc123?feature=oembed" '
            'title="Konsertopptak"></iframe>'
        ),
        provider_name="YouTube",
        title="Konsertopptak",
        thumbnail_url="",
        width=480,
        height=270,
        cache_until=None,
    )
    return StandardPageFactory(
        parent=home_page, title="Video", slug="video", body=[("embed", url)]
    )


def test_an_embed_waits_behind_a_placeholder_naming_its_provider(client, video):
    html = client.get("/video/").content.decode()
    placeholder, _rest = html.split("<template>", 1)
    assert "data-consent-embed" in placeholder
    assert "YouTube" in placeholder.split("data-consent-embed", 1)[1]
    assert "<iframe" not in placeholder
    assert "data-consent-embed-load" in placeholder


def test_youtube_is_embedded_from_its_no_cookie_domain(client, video):
    html = client.get("/video/").content.decode()
    assert "https://www.youtube-nocookie.com/embed/abc123" in html
    assert "www.youtube.com/embed" not in html


def test_consent_cookie_values_round_trip(db):
    choice, record = make_choice()
    assert choice.record_id == record.pk.hex
    assert choice.statistics and not choice.marketing
    assert abs(choice.given_at - time.time()) < 5
