"""Requests from people without an account at /personvern/foresporsel/:
the form reveals nothing, the link is confirmed within 24 hours, and the
export is mailed."""

import re
import zipfile
from io import BytesIO

import pytest
from django.core import mail, signing

from privacy.models import DataExport
from privacy.tokens import make_request_token

from .conftest import link_in, signed_at

pytestmark = pytest.mark.django_db

FORM = "/personvern/foresporsel/"
CONFIRM = "/personvern/foresporsel/bekreft/"


def ask(client, email, **extra):
    return client.post(FORM, {"email": email, "action": "export"}, **extra)


def confirm_link(message):
    return link_in(message, CONFIRM)


def test_the_form_is_shown_and_never_cached(client, venue):
    response = client.get(FORM)
    assert response.status_code == 200
    assert 'name="email"' in response.content.decode()
    assert "no-store" in response["Cache-Control"]


def test_known_and_unknown_addresses_get_the_same_answer(client, user, venue):
    known = ask(client, "kari@example.org")
    unknown = ask(client, "nobody@example.net")
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    page_known = client.get(known["Location"])
    page_unknown = client.get(unknown["Location"])
    assert page_known.content == page_unknown.content
    assert [message.to for message in mail.outbox] == [
        ["kari@example.org"],
        ["nobody@example.net"],
    ]
    known_mail, unknown_mail = (
        re.sub(r"https?://\S+", "LINK", message.body) for message in mail.outbox
    )
    assert known_mail == unknown_mail


def test_the_confirmation_mail_holds_a_link_and_nothing_is_stored(client, venue):
    ask(client, "Kari@Example.org")
    (message,) = mail.outbox
    assert confirm_link(message).startswith(CONFIRM)
    assert "24" in message.body
    assert not DataExport.objects.exists()


@pytest.mark.parametrize(
    "email",
    [
        "",
        "not an address",
        "a" * 300 + "@example.org",
        "kari@example.org\x00",
        "<script>alert(1)</script>@example.org",
        "kari@example.org\r\nBcc: everyone@example.org",
    ],
)
def test_bad_addresses_get_a_field_error(client, venue, email):
    response = ask(client, email)
    assert response.status_code == 200
    assert "form__error" in response.content.decode()
    assert "<script>alert(1)" not in response.content.decode()
    assert not mail.outbox


def test_a_forged_action_is_a_form_error_not_a_500(client, venue):
    response = client.post(FORM, {"email": "kari@example.org", "action": "delete-all"})
    assert response.status_code == 200
    assert not mail.outbox


def test_opening_the_link_asks_for_confirmation_and_changes_nothing(client, venue):
    ask(client, "kari@example.org")
    response = client.get(confirm_link(mail.outbox[0]))
    assert response.status_code == 200
    assert "kari@example.org" in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    assert response["Referrer-Policy"] == "same-origin"
    assert not DataExport.objects.exists()


def test_confirming_builds_the_export_and_mails_a_download_link(
    client, user, venue, test_kinds, django_capture_on_commit_callbacks
):
    ask(client, "KARI@example.org")
    link = confirm_link(mail.outbox[0])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(link)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    export = DataExport.objects.get()
    assert export.email == "kari@example.org" and export.user is None
    assert export.status == DataExport.Status.READY
    download_message = mail.outbox[-1]
    assert download_message.to == ["kari@example.org"]
    download = client.get(link_in(download_message, "/personvern/eksport/"))
    assert download.status_code == 200
    archive = zipfile.ZipFile(BytesIO(b"".join(download.streaming_content)))
    assert b"Nordmann" in archive.read("data.json")


def test_a_link_confirmed_twice_makes_one_export(
    client, venue, test_kinds, django_capture_on_commit_callbacks
):
    ask(client, "kari@example.org")
    link = confirm_link(mail.outbox[0])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(link)
        client.post(link)
    assert DataExport.objects.count() == 1


def test_the_link_works_for_24_hours(client, venue, test_kinds):
    with signed_at(24 * 60 * 60 - 60):
        token = make_request_token("kari@example.org", "export")
    assert client.get(f"{CONFIRM}{token}/").status_code == 200


def test_the_link_is_gone_after_24_hours(client, venue, test_kinds):
    with signed_at(24 * 60 * 60 + 60):
        token = make_request_token("kari@example.org", "export")
    response = client.get(f"{CONFIRM}{token}/")
    assert response.status_code == 410
    assert client.post(f"{CONFIRM}{token}/").status_code == 410
    assert not DataExport.objects.exists()


@pytest.mark.parametrize(
    "token",
    [
        "garbage",
        signing.dumps({"email": "kari@example.org", "action": "export"}, salt="other"),
        signing.dumps(["kari@example.org"], salt="privacy.request.confirm"),
        signing.dumps(
            {"email": "kari@example.org", "action": "erase-everything"},
            salt="privacy.request.confirm",
        ),
    ],
    # Named: a signed token holds the time, and every test process must
    # collect the same test names (pytest-xdist).
    ids=["garbage", "another salt", "not a request", "an unknown action"],
)
def test_foreign_or_forged_confirmation_tokens_get_404(client, venue, token):
    assert client.get(f"{CONFIRM}{token}/").status_code == 404
    assert client.post(f"{CONFIRM}{token}/").status_code == 404
    assert not DataExport.objects.exists()


def test_a_download_token_is_not_a_confirmation(client, venue, test_kinds, user):
    export = DataExport.objects.create(email="kari@example.org")
    token = export.get_download_url().split("/")[-2]
    assert client.get(f"{CONFIRM}{token}/").status_code == 404


def test_too_many_requests_get_429(client, venue, settings):
    settings.PRIVACY_REQUEST_RATE_LIMIT = 3
    for number in range(3):
        assert ask(client, f"person{number}@example.org").status_code == 302
    response = ask(client, "person9@example.org")
    assert response.status_code == 429
    assert len(mail.outbox) == 3


def test_strangers_asking_for_an_address_never_lock_its_owner_out(
    client, venue, settings
):
    settings.PRIVACY_REQUEST_RATE_LIMIT = 5
    statuses = [
        ask(client, "kari@example.org", REMOTE_ADDR=f"10.0.0.{number}").status_code
        for number in range(5)
    ]
    owner = ask(client, "kari@example.org", REMOTE_ADDR="198.51.100.7")
    assert statuses == [302] * 5
    assert owner.status_code == 302
    assert owner["Location"] == "/personvern/foresporsel/sendt/"
    # One link, mailed once: it confirms the owner's request as well.
    (message,) = mail.outbox
    confirm = confirm_link(message)
    assert client.post(confirm).status_code == 200
    assert DataExport.objects.filter(email="kari@example.org").count() == 1


def test_the_link_is_mailed_again_once_the_interval_has_passed(client, venue, settings):
    settings.PRIVACY_REQUEST_MAIL_INTERVAL_MINUTES = 0
    for number in range(3):
        ask(client, "kari@example.org", REMOTE_ADDR=f"10.0.0.{number}")
    assert len(mail.outbox) == 3


def test_behind_a_proxy_the_address_it_saw_counts_not_what_clients_claim(
    client, venue, settings
):
    settings.PRIVACY_REQUEST_RATE_LIMIT = 1
    settings.TRUSTED_PROXY_COUNT = 1
    # The proxy appends the address it saw; anything left of it is claimed.
    first = ask(client, "a@example.org", HTTP_X_FORWARDED_FOR="1.1.1.1, 10.0.0.1")
    spoofed = ask(client, "b@example.org", HTTP_X_FORWARDED_FOR="2.2.2.2, 10.0.0.1")
    elsewhere = ask(client, "c@example.org", HTTP_X_FORWARDED_FOR="10.0.0.2")
    assert [first.status_code, spoofed.status_code, elsewhere.status_code] == [
        302,
        429,
        302,
    ]


@pytest.mark.parametrize("method", ["put", "delete", "patch"])
def test_other_methods_are_refused(client, venue, method):
    assert getattr(client, method)(FORM).status_code == 405


def test_the_sent_page_is_get_only(client, venue):
    assert client.post("/personvern/foresporsel/sendt/").status_code == 405
