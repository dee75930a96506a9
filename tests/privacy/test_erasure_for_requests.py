"""An editor's one-click erasure of a confirmed request covers the account
the address belongs to (a verified address of it): account, profile,
sessions, addresses and everything else the registry finds, after a
confirmation that says so; the person is told, kind by kind, what was
deleted and what was kept and why."""

import json
import zipfile

import pytest
from allauth.account.models import EmailAddress
from django.contrib.sessions.models import Session
from django.core import mail
from django.test import Client
from django.utils import translation

from accounts.models import Profile, User
from privacy import registry
from privacy.models import DataExport, RightsRequest
from privacy.registry import Subject
from tickets.models import Order
from tickets.personal_data import BOOKKEEPING_REASON

from ..bench.seeding import seed
from ..factories import UserFactory
from .conftest import link_in, verified

pytestmark = pytest.mark.django_db

ADDRESS = "turid.aas@example.org"
FORM = "/personvern/foresporsel/"
CONFIRM = "/personvern/foresporsel/bekreft/"


def confirmed_request(email=ADDRESS):
    client = Client()
    client.post(FORM, {"email": email, "action": "erasure", "details": "Slett meg."})
    link = link_in(mail.outbox[-1], CONFIRM)
    client.post(link)
    request = RightsRequest.objects.get(email=email)
    assert request.status == RightsRequest.Status.NEW
    return request


@pytest.fixture
def turid(venue):
    """Turid has an account with a verified address, a profile, a signed-in
    browser, and a paid order under her address."""
    user = UserFactory(email=ADDRESS, first_name="Turid", last_name="Aas")
    verified(user)
    Profile.objects.create(
        user=user, street_address="Fjellveien 3", phone="+4799887766"
    )
    browser = Client()
    response = browser.post(
        "/konto/login/", {"login": ADDRESS, "password": "correct horse battery"}
    )
    assert response.status_code == 302
    seed(registry.get("tickets.orders"), Subject.for_email(ADDRESS), 1)
    return user


def shown(text):
    """``text`` as the admin shows it (in Norwegian, the site's language)."""
    with translation.override("nb"):
        return translation.gettext(text)


def detail(client, request):
    return client.get(f"/admin/personvern/requests/{request.pk}/").content.decode()


def erase(client, request, **data):
    return client.post(
        f"/admin/personvern/requests/{request.pk}/erase/", {"confirm": "yes", **data}
    )


def test_the_editor_is_told_an_account_will_be_deleted_and_what_it_holds(
    client, editor, turid
):
    request = confirmed_request()
    client.force_login(editor)
    html = detail(client, request)
    warning = shown(
        "This address belongs to an account. Erasing deletes the account too, "
        "with everything it holds."
    )
    assert warning in html
    assert "Turid Aas" in html
    assert f'name="account" value="{turid.pk}"' in html
    assert shown("Delete the account and erase the data") in html
    for key in ("accounts.user", "accounts.profile", "tickets.orders"):
        assert shown(registry.get(key).label) in html


def test_erasing_deletes_the_account_its_profile_sessions_and_addresses(
    client, editor, turid, django_capture_on_commit_callbacks
):
    request = confirmed_request()
    client.force_login(editor)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = erase(client, request, account=str(turid.pk))
    assert response.status_code == 302
    assert not User.objects.filter(pk=turid.pk).exists()
    assert not Profile.objects.exists()
    assert not EmailAddress.objects.filter(email=ADDRESS).exists()
    assert not [
        session
        for session in Session.objects.all()
        if session.get_decoded().get("_auth_user_id") == str(turid.pk)
    ]
    assert Order.objects.get().email == ""  # kept for the books, nameless
    request.refresh_from_db()
    assert request.redacted and request.status == RightsRequest.Status.DONE


def test_the_outcome_mail_lists_what_was_deleted_and_what_was_kept_and_why(
    client, editor, turid, django_capture_on_commit_callbacks
):
    request = confirmed_request()
    client.force_login(editor)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        erase(client, request, account=str(turid.pk))
    (message,) = mail.outbox
    assert message.to == [ADDRESS]
    with translation.override("en"):
        body = message.body
    with translation.override(request.language):
        labels = {
            key: str(registry.get(key).label)
            for key in ("accounts.user", "accounts.profile", "tickets.orders")
        }
        reason = str(BOOKKEEPING_REASON)
    for label in labels.values():
        assert f"- {label}:" in body
    order_line = next(
        line
        for line in body.splitlines()
        if line.startswith(f"- {labels['tickets.orders']}:")
    )
    assert reason in order_line


def test_without_confirming_the_account_nothing_is_erased(
    client, editor, turid, django_capture_on_commit_callbacks
):
    request = confirmed_request()
    client.force_login(editor)
    with django_capture_on_commit_callbacks(execute=True):
        response = erase(client, request, account="")
    assert response.status_code == 302
    assert User.objects.filter(pk=turid.pk).exists()
    request.refresh_from_db()
    assert request.email == ADDRESS and not request.redacted
    page = client.get(response["Location"]).content.decode()
    assert (
        shown(
            "Which account this address belongs to has changed since the page "
            "was shown. Check what will be erased, and confirm again."
        )
        in page
    )


def test_an_account_that_only_added_the_address_unverified_is_left_alone(
    client, editor, venue, django_capture_on_commit_callbacks
):
    squatter = UserFactory(email="squatter@example.org")
    verified(squatter)
    EmailAddress.objects.create(user=squatter, email=ADDRESS, verified=False)
    request = confirmed_request()
    client.force_login(editor)
    assert 'name="account" value=""' in detail(client, request)
    with django_capture_on_commit_callbacks(execute=True):
        erase(client, request, account="")
    assert User.objects.filter(pk=squatter.pk).exists()
    request.refresh_from_db()
    assert request.redacted


def test_an_editors_export_for_the_request_holds_the_account_too(
    client, editor, turid, django_capture_on_commit_callbacks
):
    """The export covers the same person an erasure would: the account's
    profile is in it, and its link opens only for the account's holder."""
    request = confirmed_request()
    client.force_login(editor)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/admin/personvern/requests/{request.pk}/export/")
    export = DataExport.objects.get()
    assert export.user == turid
    assert export.status == DataExport.Status.READY
    with export.file.open("rb") as handle:
        data = json.loads(zipfile.ZipFile(handle).read("data.json"))
    assert "Fjellveien 3" in json.dumps(data)
    assert mail.outbox[-1].to == [ADDRESS]
