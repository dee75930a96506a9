"""The confirmation link: a page with a button (link scanners confirm
nothing), confirming is a sign of life, and links that are expired,
tampered with or about a sign-up that is gone each get a clear page."""

import pytest
from django.core import mail

from newsletter import links, tokens
from newsletter.models import Subscriber

from .conftest import link_in, make_subscriber, signed_days_ago

pytestmark = pytest.mark.django_db


@pytest.fixture
def pending(db):
    return make_subscriber("nina@example.org", confirmed=False, name="Nina Dahl")


def confirm_path(subscriber):
    return "/nyhetsbrev/bekreft/" + tokens.confirm_token(subscriber) + "/"


def test_the_mailed_link_confirms_with_the_button(english, sign_up, policy):
    sign_up(email="nina@example.org", name="Nina Dahl", phone="91234567")
    path = link_in(mail.outbox[0], "/nyhetsbrev/bekreft/")
    page = english.get(path)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Confirm subscription" in html
    assert "nina@example.org" in html and "Nina Dahl" in html
    assert "private" in page["Cache-Control"]
    # Opening the link (as a mail scanner would) confirms nothing.
    assert not Subscriber.objects.confirmed().exists()
    response = english.post(path)
    assert response.status_code == 200
    assert "You are subscribed" in response.content.decode()
    subscriber = Subscriber.objects.confirmed().get()
    assert subscriber.last_activity_at >= subscriber.confirmed_at


def test_confirming_twice_keeps_the_first_date_and_counts_as_a_sign_of_life(
    english, subscriber
):
    first = subscriber.confirmed_at
    subscriber.reconsent_sent_at = first
    subscriber.save()
    english.post(confirm_path(subscriber))
    subscriber.refresh_from_db()
    assert subscriber.confirmed_at == first
    assert subscriber.reconsent_sent_at is None
    assert subscriber.last_activity_at > first


def test_the_link_works_for_seven_days(english, pending):
    with signed_days_ago(6):
        path = confirm_path(pending)
    assert english.post(path).status_code == 200
    pending.refresh_from_db()
    assert pending.is_confirmed


def test_an_expired_link_says_so_and_confirms_nothing(english, pending):
    with signed_days_ago(8):
        path = confirm_path(pending)
    response = english.post(path)
    assert response.status_code == 410
    assert "expired" in response.content.decode()
    pending.refresh_from_db()
    assert not pending.is_confirmed


@pytest.mark.parametrize(
    "mangle",
    [
        lambda token: token[:-1] + ("A" if token[-1] != "A" else "B"),
        lambda token: token.replace(":", "", 1),
        lambda token: "x" * 2000,
        lambda token: "",
        # A genuine unsubscribe token is not a confirmation token.
        None,
    ],
)
def test_a_tampered_link_gets_a_clear_400(english, pending, mangle):
    if mangle is None:
        token = tokens.unsubscribe_token(pending)
    else:
        token = mangle(tokens.confirm_token(pending))
    if not token:
        assert english.get("/nyhetsbrev/bekreft//").status_code == 404
        return
    response = english.post(f"/nyhetsbrev/bekreft/{token}/")
    assert response.status_code == 400
    assert "This link does not work" in response.content.decode()
    pending.refresh_from_db()
    assert not pending.is_confirmed


def test_a_token_for_another_id_with_the_same_address_is_refused(english, pending):
    """A sign-up deleted and made again (a new row) needs its new link."""
    path = confirm_path(pending)
    pending.delete()
    again = make_subscriber("nina@example.org", confirmed=False)
    response = english.post(path)
    assert response.status_code == 404
    assert "no longer here" in response.content.decode()
    again.refresh_from_db()
    assert not again.is_confirmed


def test_the_absolute_link_uses_the_configured_site_address(pending, settings):
    settings.WAGTAILADMIN_BASE_URL = "https://kulturhus.example/"
    url = links.confirm_url(pending)
    assert url.startswith("https://kulturhus.example/nyhetsbrev/bekreft/")
