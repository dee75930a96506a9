"""Leaving: the unsubscribe link of every mail (a page with one button),
one-click unsubscribe from mail programs (RFC 8058: a POST without cookies
or CSRF token), effect at once with the data deleted, a replayed link, the
"never again" choice that keeps only a keyed hash, and the headers on every
mail."""

import hashlib

import pytest
from django.core import mail
from django.test import Client
from freezegun import freeze_time

from newsletter import links, services, tokens
from newsletter import mail as newsletter_mail
from newsletter.models import Consent, Subscriber, Suppression

from .conftest import IP, make_subscriber

pytestmark = pytest.mark.django_db

ONE_CLICK = "List-Unsubscribe=One-Click"


@pytest.fixture
def still_clock():
    """A link carries the second it was signed in: the mail's link and the
    one a test builds to compare with must be signed in the same second."""
    with freeze_time(tick=False):
        yield


def unsubscribe_path(subscriber):
    return "/nyhetsbrev/avmeld/" + tokens.unsubscribe_token(subscriber) + "/"


@pytest.fixture
def consented(subscriber, policy):
    services.record_consent(
        subscriber, source=Consent.Source.FORM, ip_address=IP, policy_version=policy
    )
    return subscriber


def test_opening_the_link_shows_one_button_and_changes_nothing(english, consented):
    response = english.get(unsubscribe_path(consented))
    assert response.status_code == 200
    html = response.content.decode()
    assert "anne@example.org" in html
    main = html.split("<main", 1)[1].split("</main>", 1)[0]
    assert main.count('type="submit"') == 1
    assert 'name="never_again"' in html
    assert "private" in response["Cache-Control"]
    assert Subscriber.objects.filter(pk=consented.pk).exists()
    english.head(unsubscribe_path(consented))
    assert Subscriber.objects.filter(pk=consented.pk).exists()


def test_the_button_unsubscribes_at_once_and_deletes_the_data(english, consented):
    response = english.post(unsubscribe_path(consented))
    assert response.status_code == 200
    assert "You are unsubscribed" in response.content.decode()
    assert not Subscriber.objects.exists()
    assert not Consent.objects.exists()
    assert not Suppression.objects.exists()  # only when asked for


def test_one_click_works_without_cookies_or_csrf_token(consented, settings):
    mail_program = Client(enforce_csrf_checks=True)
    response = mail_program.post(
        links.unsubscribe_url(consented),
        data=ONE_CLICK,
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    assert not response.cookies.get(settings.SESSION_COOKIE_NAME)
    assert not Subscriber.objects.exists()
    assert not Consent.objects.exists()


def test_a_replayed_link_says_not_subscribed_with_200(english, subscriber):
    path = unsubscribe_path(subscriber)
    assert (
        english.post(
            path, data=ONE_CLICK, content_type="application/x-www-form-urlencoded"
        ).status_code
        == 200
    )
    for method in (english.post, english.get):
        again = method(path)
        assert again.status_code == 200
        assert "You are not subscribed" in again.content.decode()


def test_the_link_unsubscribes_the_address_even_after_signing_up_again(english):
    old = make_subscriber("anne@example.org")
    path = unsubscribe_path(old)
    old.delete()
    make_subscriber("anne@example.org")
    english.post(path)
    assert not Subscriber.objects.exists()


@pytest.mark.parametrize(
    "token",
    ["x" * 300, "eyJlIjoiYW5uZUBleGFtcGxlLm9yZyJ9:1abcde:forged"],
)
def test_a_tampered_link_gets_a_clear_400_and_unsubscribes_nobody(
    english, subscriber, token
):
    for method in (english.get, english.post):
        response = method(f"/nyhetsbrev/avmeld/{token}/")
        assert response.status_code == 400
        assert "This link does not work" in response.content.decode()
    assert Subscriber.objects.exists()


def test_a_confirm_token_does_not_unsubscribe(english, subscriber):
    response = english.post(f"/nyhetsbrev/avmeld/{tokens.confirm_token(subscriber)}/")
    assert response.status_code == 400
    assert Subscriber.objects.exists()


def test_never_again_keeps_only_a_keyed_hash_and_sign_up_sends_nothing(
    english, subscriber, sign_up, policy, settings
):
    response = english.post(unsubscribe_path(subscriber), {"never_again": "on"})
    assert "never be sent anything" in response.content.decode()
    assert not Subscriber.objects.exists()
    (suppression,) = Suppression.objects.all()
    assert "anne" not in suppression.email_hash
    assert len(suppression.email_hash) == 64
    # Not a plain hash anyone could compute from the address.
    assert suppression.email_hash != hashlib.sha256(b"anne@example.org").hexdigest()
    mail.outbox.clear()
    assert sign_up(email="ANNE@example.org").status_code == 302
    assert not Subscriber.objects.exists()
    assert not mail.outbox
    # With another secret key the hash would be another one; a rotated key
    # kept in SECRET_KEY_FALLBACKS still matches.
    settings.SECRET_KEY_FALLBACKS = [settings.SECRET_KEY]
    settings.SECRET_KEY = "another-secret-key-" + "y" * 40
    assert services.address_hash("anne@example.org") != suppression.email_hash
    assert services.is_suppressed("anne@example.org")


def test_never_again_can_be_chosen_after_unsubscribing(english, subscriber):
    path = unsubscribe_path(subscriber)
    result = english.post(path).content.decode()
    assert "Never send anything to this address again" in result
    english.post(path, {"never_again": "on"})
    assert Suppression.objects.count() == 1
    assert services.is_suppressed("anne@example.org")
    english.post(path, {"never_again": "on"})
    assert Suppression.objects.count() == 1


def test_the_manage_link_changes_details_and_is_a_sign_of_life(english, subscriber):
    subscriber.reconsent_sent_at = subscriber.confirmed_at
    subscriber.save()
    path = links.manage_url(subscriber).removeprefix("http://testserver")
    page = english.get(path)
    assert page.status_code == 200
    assert 'value="Anne Berg"' in page.content.decode()
    subscriber.refresh_from_db()
    assert subscriber.reconsent_sent_at is None
    response = english.post(
        path, {"name": "Anne B.", "phone": "+46 70 123 45 67", "language": "nb"}
    )
    assert response.status_code == 302
    subscriber.refresh_from_db()
    assert (subscriber.name, subscriber.phone, subscriber.language) == (
        "Anne B.",
        "+46701234567",
        "nb",
    )
    bad = english.post(path, {"name": "x", "phone": "nope", "language": "nb"})
    assert bad.status_code == 400
    assert 'aria-invalid="true"' in bad.content.decode()


def test_the_manage_link_of_someone_gone_says_not_subscribed(english, subscriber):
    path = links.manage_url(subscriber).removeprefix("http://testserver")
    subscriber.delete()
    response = english.get(path)
    assert response.status_code == 200
    assert "You are not subscribed" in response.content.decode()
    assert english.get("/nyhetsbrev/abonnement/forged/").status_code == 400


def test_every_mail_has_the_list_headers(subscriber, settings, still_clock):
    settings.WAGTAILADMIN_BASE_URL = "https://kulturhus.example"
    message = newsletter_mail.build_message(
        subscriber, subject="Program", text_body="Tekst", html_body="<p>Tekst</p>"
    )
    headers = message.message()
    assert headers["List-Unsubscribe"] == f"<{links.unsubscribe_url(subscriber)}>"
    assert headers["List-Unsubscribe"].startswith(
        "<https://kulturhus.example/nyhetsbrev/avmeld/"
    )
    assert headers["List-Unsubscribe-Post"] == ONE_CLICK
    assert "<nyhetsbrev." in headers["List-Id"]
    assert message.to == ["anne@example.org"]
    assert message.alternatives[0][1] == "text/html"


@pytest.mark.parametrize("template", ["confirm", "already", "reconsent"])
def test_the_subscriber_sides_own_mails_have_the_headers_and_a_visible_link(
    subscriber, template, still_clock
):
    newsletter_mail.send_subscriber_mail(
        f"newsletter/email/{template}",
        subscriber,
        {
            "confirm_url": links.confirm_url(subscriber),
            "reconsent_url": links.reconsent_url(subscriber),
            "days": 7,
            "months": 24,
        },
    )
    (message,) = mail.outbox
    headers = message.message()
    assert headers["List-Unsubscribe-Post"] == ONE_CLICK
    assert headers["List-Unsubscribe"].startswith("<http")
    if template != "confirm":
        assert links.unsubscribe_url(subscriber) in message.body
        assert links.unsubscribe_url(subscriber) in message.alternatives[0][0]
