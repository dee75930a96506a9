"""Deleting the account: behind the password, a summary of what goes and
what stays, a choice for comments, erasure of everything in one go, signed
out, and a receipt by mail."""

import pytest
from allauth.account.models import EmailAddress
from allauth.usersessions.models import UserSession
from axes.models import AccessLog
from django.contrib.sessions.models import Session
from django.core import mail
from django.urls import reverse

from accounts.models import Profile, User
from privacy import registry
from privacy.registry import Erasure, PersonalData

from .conftest import PASSWORD, profile_form, sign_in_long_ago

URL = reverse("accounts:delete")


class FakeComments(PersonalData):
    """Stands in for the comments app: one comment per person, and it
    remembers what it was asked to do."""

    key = "comments.test_comments"
    label = "Comments"
    purpose = "Testing."
    legal_basis = "Testing."
    retention = "Testing."
    fields = {}
    calls = []

    def rows(self, subject):
        return [subject.user_id] if subject.user_id else []

    def export_row(self, row):
        return {}

    def erase(self, subject, **options):
        FakeComments.calls.append(options)
        if options.get("comments") == "anonymise":
            return Erasure(anonymised=1)
        return Erasure(deleted=1)


@pytest.fixture
def with_comments():
    FakeComments.calls = []
    registry.register(FakeComments)
    yield FakeComments
    registry.unregister(FakeComments.key)


@pytest.fixture
def delete(member_client, django_capture_on_commit_callbacks):
    def post(**data):
        with django_capture_on_commit_callbacks(execute=True):
            return member_client.post(URL, data)

    return post


def test_the_page_summarises_what_is_deleted_and_what_is_kept(member_client):
    response = member_client.get(URL)
    assert response.status_code == 200
    page = response.content.decode()
    assert page.count("<h1") == 1
    for key in ("accounts.user", "accounts.email_addresses", "accounts.sign_ins"):
        kind = registry.get(key)
        assert str(kind.label) in page
        assert str(kind.retention) in page
    assert 'name="confirm"' in page
    assert 'name="comments"' not in page


def test_after_ten_minutes_the_password_is_asked_first(member_client):
    sign_in_long_ago(member_client)
    response = member_client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_reauthenticate"))
    page = member_client.get(response["Location"]).content.decode()
    assert 'type="password"' in page
    response = member_client.post(response["Location"], {"password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == URL
    assert member_client.get(URL).status_code == 200


def test_a_wrong_password_deletes_nothing(member_client, member):
    sign_in_long_ago(member_client)
    location = member_client.post(URL, {"confirm": "on"})["Location"]
    response = member_client.post(location, {"password": "wrong"})
    assert response.status_code == 200
    assert User.objects.filter(pk=member.pk).exists()


def test_without_the_confirmation_nothing_happens(delete, member):
    response = delete()
    assert response.status_code == 400
    assert "confirm" in response.context["form"].errors
    assert User.objects.filter(pk=member.pk).exists()


def test_deleting_erases_the_account_signs_out_and_mails_a_receipt(
    member_client, member, delete
):
    member_client.post(
        reverse("accounts:profile"),
        profile_form(first_name="Kari", last_name="Nordmann", city="Kongsberg"),
    )
    mail.outbox.clear()
    session_key = member_client.session.session_key
    response = delete(confirm="on")
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:deleted")

    assert not User.objects.filter(pk=member.pk).exists()
    assert not Profile.objects.exists()
    assert not EmailAddress.objects.exists()
    assert not UserSession.objects.exists()
    assert not AccessLog.objects.filter(username=member.email).exists()
    assert not Session.objects.filter(session_key=session_key).exists()

    assert member_client.get(reverse("accounts:my_page")).status_code == 302
    assert member_client.get(response["Location"]).status_code == 200

    (receipt,) = mail.outbox
    assert receipt.to == ["kari@example.org"]
    assert "Kari Nordmann" in receipt.body
    assert str(registry.get("accounts.profile").label) in receipt.body
    assert str(registry.get("accounts.user").label) in receipt.body


def test_the_address_can_sign_up_again_afterwards(delete, member, client):
    delete(confirm="on")
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
    assert User.objects.filter(email=member.email).exists()


def test_people_with_comments_choose_what_happens_to_them(
    with_comments, member_client, delete
):
    page = member_client.get(URL).content.decode()
    assert 'name="comments"' in page
    assert "<legend>" in page
    response = delete(confirm="on", comments="anonymise")
    assert response.status_code == 302
    assert with_comments.calls == [{"comments": "anonymise"}]


def test_comments_are_deleted_unless_chosen_otherwise(with_comments, delete):
    delete(confirm="on", comments="delete")
    assert with_comments.calls == [{"comments": "delete"}]


def test_a_made_up_choice_for_comments_is_an_error(with_comments, delete, member):
    response = delete(confirm="on", comments="publish")
    assert response.status_code == 400
    assert User.objects.filter(pk=member.pk).exists()
    assert with_comments.calls == []


def test_the_account_of_someone_else_is_never_touched(delete, other_member):
    delete(confirm="on")
    assert User.objects.filter(pk=other_member.pk).exists()
    assert EmailAddress.objects.filter(user=other_member).exists()


def test_a_failure_midway_erases_nothing(member_client, member, monkeypatch):
    def boom(self, subject, **options):
        raise RuntimeError("disk full")

    monkeypatch.setattr(type(registry.get("accounts.user")), "erase", boom)
    member_client.raise_request_exception = False
    response = member_client.post(URL, {"confirm": "on"})
    assert response.status_code == 500
    assert EmailAddress.objects.filter(user=member).exists()
    assert UserSession.objects.filter(user=member).exists()


def test_a_confirmed_deletion_goes_ahead_once_the_password_is_given(
    member_client, member, django_capture_on_commit_callbacks
):
    sign_in_long_ago(member_client)
    response = member_client.post(URL, {"confirm": "on"})
    assert response["Location"].startswith(reverse("account_reauthenticate"))
    assert User.objects.filter(pk=member.pk).exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = member_client.post(response["Location"], {"password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:deleted")
    assert not User.objects.filter(pk=member.pk).exists()
    assert [message.to for message in mail.outbox] == [["kari@example.org"]]
