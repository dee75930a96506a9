"""Rights requests: correction, erasure, restriction and objection are
confirmed by email, queued with a due date 30 days after confirmation,
worked by editors (every action logged with who and when), and answered by
mail; erasing a requester's data keeps the request, redacted."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from privacy import rights
from privacy.models import DataExport, RightsRequest, RightsRequestEvent

from ..factories import UserFactory
from .conftest import link_in

pytestmark = pytest.mark.django_db

FORM = "/personvern/foresporsel/"
CONFIRM = "/personvern/foresporsel/bekreft/"
Status = RightsRequest.Status


def ask(client, action, email="kari@example.org", details="Navnet mitt er feil."):
    return client.post(FORM, {"email": email, "action": action, "details": details})


def confirm(client, message=None):
    link = link_in(message or mail.outbox[-1], CONFIRM)
    assert client.get(link).status_code == 200
    return client.post(link)


@pytest.fixture
def confirmed(client, venue):
    ask(client, "rectification")
    confirm(client)
    return RightsRequest.objects.get()


@pytest.mark.parametrize(
    "action", ["rectification", "erasure", "restriction", "objection"]
)
def test_each_request_is_stored_unconfirmed_and_a_link_is_mailed(client, venue, action):
    response = ask(client, action)
    assert response.status_code == 302
    request = RightsRequest.objects.get()
    assert request.action == action
    assert request.status == Status.UNCONFIRMED
    assert request.due_at is None
    (message,) = mail.outbox
    assert message.to == ["kari@example.org"]
    assert link_in(message, CONFIRM)


def test_strangers_asking_in_an_owners_name_never_lock_the_owner_out(
    client, venue, settings
):
    for number in range(5):
        client.post(
            FORM,
            {"email": "kari@example.org", "action": "erasure", "details": "x"},
            REMOTE_ADDR=f"10.0.0.{number}",
        )
    response = client.post(
        FORM,
        {"email": "kari@example.org", "action": "erasure", "details": "Slett alt."},
        REMOTE_ADDR="198.51.100.7",
    )
    assert response.status_code == 302
    assert response["Location"] == "/personvern/foresporsel/sendt/"
    # The same details again find the waiting request; one link was mailed.
    assert RightsRequest.objects.count() == 2
    (message,) = mail.outbox
    confirm(client, message)
    assert RightsRequest.objects.filter(status=Status.NEW).count() == 1


def test_a_stranger_cannot_change_what_a_waiting_request_says(client, venue, settings):
    settings.PRIVACY_REQUEST_MAIL_INTERVAL_MINUTES = 0
    ask(client, "rectification", details="Etternavnet mitt er Nordmann.")
    (owners_link,) = [link_in(mail.outbox[0], CONFIRM)]
    # Before the owner confirms, someone else asks in the owner's name.
    ask(client, "rectification", details="Sett navnet til Mallory.")
    ask(client, "rectification", details="Sett navnet til Mallory.")
    owners = RightsRequest.objects.get(details="Etternavnet mitt er Nordmann.")
    strangers = RightsRequest.objects.get(details="Sett navnet til Mallory.")
    assert owners.pk != strangers.pk
    # The owner's page shows what the owner wrote, and confirms only that.
    page = client.get(owners_link).content.decode()
    assert "Etternavnet mitt er Nordmann." in page and "Mallory" not in page
    client.post(owners_link)
    owners.refresh_from_db()
    strangers.refresh_from_db()
    assert owners.status == Status.NEW
    assert owners.details == "Etternavnet mitt er Nordmann."
    assert strangers.status == Status.UNCONFIRMED


def test_another_kind_of_request_for_the_same_address_gets_its_own_link(client, venue):
    ask(client, "erasure")
    ask(client, "rectification")
    assert RightsRequest.objects.count() == 2
    assert len(mail.outbox) == 2


def test_the_form_offers_every_right(client, venue):
    html = client.get(FORM).content.decode()
    for action in ["export", "rectification", "erasure", "restriction", "objection"]:
        assert f'value="{action}"' in html
    assert "<fieldset" in html and "<legend>" in html


def test_confirming_queues_it_due_30_days_later(client, venue):
    ask(client, "erasure")
    before = timezone.now()
    response = confirm(client)
    assert response.status_code == 200
    request = RightsRequest.objects.get()
    assert request.status == Status.NEW
    assert before <= request.confirmed_at <= timezone.now()
    assert request.due_at == request.confirmed_at + datetime.timedelta(days=30)
    assert request.events.get().action == "confirmed"


def test_confirming_twice_changes_nothing(client, confirmed):
    link = link_in(mail.outbox[0], CONFIRM)
    client.post(link)
    again = RightsRequest.objects.get()
    assert again.confirmed_at == confirmed.confirmed_at
    assert again.events.count() == 1


def test_a_token_cannot_confirm_someone_else_s_request(client, venue):
    from privacy.tokens import make_request_token

    ask(client, "erasure", email="kari@example.org")
    request = RightsRequest.objects.get()
    forged = make_request_token("ola@example.org", "erasure", request.pk)
    assert client.post(CONFIRM + forged + "/").status_code == 404
    assert RightsRequest.objects.get().status == Status.UNCONFIRMED


def test_details_too_long_are_a_form_error(client, venue):
    response = ask(client, "rectification", details="x" * 5000)
    assert response.status_code == 200
    assert not RightsRequest.objects.exists()


def test_overdue_requests_are_highlighted(confirmed):
    assert not confirmed.is_overdue
    RightsRequest.objects.filter(pk=confirmed.pk).update(
        due_at=timezone.now() - datetime.timedelta(hours=1)
    )
    confirmed.refresh_from_db()
    assert confirmed.is_overdue
    assert list(RightsRequest.objects.overdue()) == [confirmed]
    assert rights.counts() == {"new": 1, "in_progress": 0, "overdue": 1}


def test_the_dashboard_shows_the_queue_and_overdue_requests(client, editor, confirmed):
    RightsRequest.objects.filter(pk=confirmed.pk).update(
        due_at=timezone.now() - datetime.timedelta(days=1)
    )
    client.force_login(editor)
    html = client.get("/admin/").content.decode()
    assert "rights-requests-panel-heading" in html
    assert "privacy-overdue-row" in html
    assert f"/admin/personvern/requests/{confirmed.pk}/" in html


def test_the_queue_lists_open_requests_by_due_date(client, editor, confirmed):
    client.force_login(editor)
    response = client.get("/admin/personvern/requests/")
    assert response.status_code == 200
    assert confirmed in list(response.context["requests"])
    for status in ["all", "overdue", "done", "bogus", "<x>"]:
        assert (
            client.get(f"/admin/personvern/requests/?status={status}").status_code
            == 200
        )


def test_the_queue_is_for_editors_only(client, confirmed):
    client.force_login(UserFactory())
    assert client.get("/admin/personvern/requests/").status_code in (302, 403)


def test_refusing_needs_a_reason_and_mails_it(client, editor, confirmed):
    client.force_login(editor)
    url = f"/admin/personvern/requests/{confirmed.pk}/status/"
    client.post(url, {"status": "refused", "reason": ""})
    assert RightsRequest.objects.get().status == Status.NEW
    mail.outbox.clear()
    client.post(url, {"status": "in_progress"})
    response = client.post(url, {"status": "refused", "reason": "Vi fant ingen feil."})
    assert response.status_code == 302
    request = RightsRequest.objects.get()
    assert request.status == Status.REFUSED
    assert request.closed_at is not None
    events = list(request.events.values_list("action", "editor_id"))
    assert ("status", editor.pk) in events


def test_closing_mails_the_outcome(
    client, editor, confirmed, django_capture_on_commit_callbacks
):
    client.force_login(editor)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/admin/personvern/requests/{confirmed.pk}/status/",
            {"status": "refused", "reason": "Vi fant ingen feil."},
        )
    (message,) = mail.outbox
    assert message.to == ["kari@example.org"]
    assert "Vi fant ingen feil." in message.body
    assert RightsRequest.objects.get().events.filter(action="mailed").exists()


def test_export_in_one_click_mails_the_requester_a_link(
    client, editor, confirmed, test_kinds, django_capture_on_commit_callbacks
):
    client.force_login(editor)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/admin/personvern/requests/{confirmed.pk}/export/")
    export = DataExport.objects.get()
    assert export.email == "kari@example.org"
    assert export.status == DataExport.Status.READY
    assert mail.outbox[-1].to == ["kari@example.org"]
    assert confirmed.events.filter(action="exported", editor=editor).exists()


def test_erasure_in_one_click_redacts_the_request_and_keeps_the_log(
    client, editor, confirmed, user, django_capture_on_commit_callbacks
):
    client.force_login(editor)
    mail.outbox.clear()
    url = f"/admin/personvern/requests/{confirmed.pk}/erase/"
    client.post(url)  # not confirmed by the editor: nothing happens
    assert RightsRequest.objects.get().email == "kari@example.org"
    with django_capture_on_commit_callbacks(execute=True):
        # The address is the account's of ``user``, which the editor agrees
        # to delete with it.
        response = client.post(url, {"confirm": "yes", "account": str(user.pk)})
    assert response.status_code == 302
    assert not type(user).objects.filter(pk=user.pk).exists()
    request = RightsRequest.objects.get()
    assert request.redacted
    assert request.email == "" and request.details == ""
    assert request.status == Status.DONE
    assert list(request.events.values_list("action", flat=True))[:2] == [
        "confirmed",
        "erased",
    ]
    erased = request.events.get(action="erased")
    assert erased.editor == editor
    assert "kari@example.org" not in erased.note
    (message,) = mail.outbox
    assert message.to == ["kari@example.org"]
    html = client.get(f"/admin/personvern/requests/{request.pk}/").content.decode()
    assert "kari@example.org" not in html


def test_an_unconfirmed_request_cannot_be_worked(client, editor, venue):
    ask(client, "erasure")
    request = RightsRequest.objects.get()
    client.force_login(editor)
    client.post(f"/admin/personvern/requests/{request.pk}/erase/", {"confirm": "yes"})
    client.post(f"/admin/personvern/requests/{request.pk}/status/", {"status": "done"})
    request.refresh_from_db()
    assert request.status == Status.UNCONFIRMED
    assert not request.redacted


@pytest.mark.parametrize("path", ["", "status/", "export/", "erase/", "note/"])
def test_unknown_requests_are_404(client, editor, path):
    client.force_login(editor)
    method = client.get if not path else client.post
    assert method(f"/admin/personvern/requests/999/{path}").status_code == 404


def test_notes_are_logged_with_their_editor(client, editor, confirmed):
    client.force_login(editor)
    client.post(f"/admin/personvern/requests/{confirmed.pk}/note/", {"note": "Ringte."})
    assert RightsRequestEvent.objects.filter(
        request=confirmed, action="note", editor=editor, note="Ringte."
    ).exists()
