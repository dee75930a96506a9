"""Signing up: the address is verified by a mailed link before the account
can be used, and then the person signs in with it."""

from django.core import mail
from django.urls import reverse

from accounts.models import User

from .conftest import PASSWORD, link_in, sign_in


def test_sign_up_verify_by_mail_and_sign_in(client, db):
    response = client.post(
        reverse("account_signup"),
        {
            "email": "Nina@Example.org",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "age_confirmed": "on",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    user = User.objects.get(email="nina@example.org")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["nina@example.org"]

    # Not verified yet: signing in only repeats that a mail was sent.
    client.logout()
    response = sign_in(client, "nina@example.org")
    assert response["Location"] == reverse("account_email_verification_sent")
    assert "_auth_user_id" not in client.session

    confirm_path = link_in(message, "/konto/confirm-email/")
    page = client.get(confirm_path)
    assert page.status_code == 200
    assert client.post(confirm_path).status_code == 302
    assert user.emailaddress_set.get().verified

    response = sign_in(client, "nina@example.org")
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:my_page")
    assert client.get(reverse("accounts:my_page")).status_code == 200


def test_verification_mail_is_norwegian_and_signed_by_the_venue(client, venue):
    client.post(
        reverse("account_signup"),
        {
            "email": "nina@example.org",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "age_confirmed": "on",
        },
    )
    message = mail.outbox[0]
    assert message.subject.startswith("Elvebyen kulturhus: ")
    assert "Hei fra Elvebyen kulturhus!" in message.body
    assert "testserver" not in message.subject
    assert "Hello" not in message.body


def test_signing_up_with_a_taken_address_reveals_nothing(client, member):
    response = client.post(
        reverse("account_signup"),
        {
            "email": member.email,
            "password1": PASSWORD,
            "password2": PASSWORD,
            "age_confirmed": "on",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    assert User.objects.filter(email=member.email).count() == 1
    # The owner is told by mail instead.
    assert [m.to for m in mail.outbox] == [[member.email]]
