"""Requests that arrive by phone, letter or email: an editor enters them in
the admin on the person's behalf, noting how their identity was checked,
and they join the same 30-day queue, export and erasure as requests from
the form."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from privacy import rights
from privacy.models import DataExport, RightsRequest

pytestmark = pytest.mark.django_db

ENTER = "/admin/personvern/requests/new/"


def form(**fields):
    data = {
        "action": "erasure",
        "email": "Kari@Example.org",
        "channel": "phone",
        "identity_check": "Ringte tilbake på nummeret i kontoen hennes.",
        "details": "Vil slettes.",
        "language": "nb",
    }
    data.update(fields)
    return data


def test_an_entered_request_joins_the_queue_due_in_30_days(client, editor, venue):
    client.force_login(editor)
    response = client.post(ENTER, form())
    request = RightsRequest.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/admin/personvern/requests/{request.pk}/"
    assert request.status == RightsRequest.Status.NEW
    assert request.email == "kari@example.org"
    assert request.channel == RightsRequest.Channel.PHONE
    assert request.due_at - request.confirmed_at == datetime.timedelta(days=30)
    assert request.confirmed_at <= timezone.now()
    entered = request.events.get(action=rights.ENTERED)
    assert entered.editor == editor
    assert "Ringte tilbake" in entered.note
    assert not mail.outbox
    queue = client.get("/admin/personvern/requests/").content.decode()
    assert f"/admin/personvern/requests/{request.pk}/" in queue
    detail = client.get(response["Location"]).content.decode()
    assert "Ringte tilbake på nummeret i kontoen hennes." in detail


@pytest.mark.parametrize(
    ("field", "value"),
    [("identity_check", ""), ("channel", "web"), ("email", "ikke-en-adresse")],
)
def test_an_entered_request_without_an_identity_check_is_refused_clearly(
    client, editor, field, value
):
    client.force_login(editor)
    response = client.post(ENTER, form(**{field: value}))
    assert response.status_code == 400
    assert 'class="error-message"' in response.content.decode()
    assert not RightsRequest.objects.exists()


def test_a_copy_asked_for_by_letter_is_exported_to_the_address(
    client, editor, venue, test_kinds, django_capture_on_commit_callbacks
):
    client.force_login(editor)
    client.post(ENTER, form(action="export", channel="letter"))
    request = RightsRequest.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/admin/personvern/requests/{request.pk}/export/")
    export = DataExport.objects.get()
    assert export.email == "kari@example.org"
    assert export.status == DataExport.Status.READY
    assert mail.outbox[-1].to == ["kari@example.org"]
    assert request.events.filter(action="exported", editor=editor).exists()


def test_an_erasure_asked_for_by_phone_erases_like_one_from_the_form(
    client, editor, venue
):
    client.force_login(editor)
    client.post(ENTER, form())
    request = RightsRequest.objects.get()
    client.post(
        f"/admin/personvern/requests/{request.pk}/erase/",
        {"confirm": "yes", "account": ""},
    )
    request.refresh_from_db()
    assert request.redacted
    assert request.identity_check == ""
    assert request.status == RightsRequest.Status.DONE


def test_only_editors_enter_requests(client, user):
    client.force_login(user)
    assert client.post(ENTER, form()).status_code in (302, 403)
    assert not RightsRequest.objects.exists()
