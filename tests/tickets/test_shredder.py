"""Erasure per event after it has taken place: an editor sees what of the
buyers an event's orders hold, downloads it, and erases it; the orders stay
for the books without it, and no trace of the buyers is left anywhere in
the database. Refused before the event is over, and for editors who do not
handle both orders and privacy requests."""

import csv
import datetime
import io
import zipfile

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from events.models import Performance
from privacy import rectification
from privacy.models import Rectification
from tickets import shredder
from tickets.models import Order, Shredding

from ..factories import EventPageFactory, PerformanceFactory, UserFactory
from ..privacy.lifetime import Needles, scan_database, scan_sessions
from .conftest import pay_and_notify

pytestmark = pytest.mark.django_db

LIST = "/admin/billetter/sletting/"


def page_url(event):
    return f"{LIST}{event.pk}/"


def move_into_the_past(performance, hours):
    Performance.objects.filter(pk=performance.pk).update(
        start=timezone.now() - datetime.timedelta(hours=hours)
    )


@pytest.fixture
def paid(client, stripe_stub, bought, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        assert pay_and_notify(client, stripe_stub, bought).status_code == 200
    bought.refresh_from_db()
    assert bought.is_paid
    return bought


@pytest.fixture
def other_buyer(event_index, hall):
    """Ola bought for another event, over too: his data is not touched."""
    other = EventPageFactory(parent=event_index, title="Høstkonsert")
    performance = PerformanceFactory(event=other, hall=hall, capacity=10)
    move_into_the_past(performance, 48)
    return Order.objects.create(
        number="O-1",
        performance=performance,
        event_title="Høstkonsert",
        performance_start=timezone.now(),
        name="Ola Nordmann",
        email="ola@example.org",
        quantity=1,
        total_ore=100,
        status=Order.Status.PAID,
    )


@pytest.fixture
def boss(client):
    user = UserFactory(email="sjef@example.org", is_staff=True, is_superuser=True)
    client.force_login(user)
    return user


def test_after_the_event_the_buyers_are_erased_and_nothing_of_theirs_is_left(
    client, paid, performance, other_buyer, boss
):
    rectification.record(
        kind="tickets.orders",
        record_id=paid.pk,
        fields=["name"],
        reason="Kari Nordmann ringte om stavingen.",
        editor=boss,
        email=paid.email,
    )
    move_into_the_past(performance, 48)
    event = performance.event
    kept = {
        field: getattr(paid, field)
        for field in (
            "number",
            "total_ore",
            "quantity",
            "status",
            "paid_at",
            "stripe_payment_intent_id",
            "stripe_session_id",
        )
    }
    codes = sorted(paid.tickets.values_list("code", flat=True))
    needles = Needles({"name": "Kari Nordmann", "email": "kari@example.org"})
    assert scan_database(needles).findings  # there is something to erase

    listing = client.get(LIST).content.decode()
    assert page_url(event) in listing
    preview = client.get(page_url(event))
    assert preview.status_code == 200
    html = preview.content.decode()
    assert 'data-part="names"><td>' in html
    counts = {part.key: count for part, count in shredder.preview(event)}
    assert counts == {
        "names": 1,
        "emails": 1,
        "accounts": 0,
        "door_list": 3,
        "corrections": 1,
    }

    download = client.get(page_url(event) + "data.zip")
    assert download.status_code == 200
    assert download["Content-Type"] == "application/zip"
    with zipfile.ZipFile(io.BytesIO(download.content)) as archive:
        emails = archive.read("emails.csv").decode("utf-8-sig")
        door = archive.read("door_list.csv").decode("utf-8-sig")
    assert list(csv.reader(io.StringIO(emails)))[1] == [paid.number, "kari@example.org"]
    assert len(list(csv.reader(io.StringIO(door)))) == 4

    # Not without ticking the box.
    assert client.post(page_url(event), {}).status_code == 400
    assert Order.objects.get(pk=paid.pk).email == "kari@example.org"

    response = client.post(page_url(event), {"confirm": "on"})
    assert response.status_code == 302
    paid.refresh_from_db()
    assert (paid.name, paid.email, paid.user_id) == ("", "", None)
    assert paid.erased_at is not None
    assert {field: getattr(paid, field) for field in kept} == kept
    assert sorted(paid.tickets.values_list("code", flat=True)) == codes
    assert not Rectification.objects.filter(record_id=paid.pk).exists()
    done = Shredding.objects.get()
    assert (done.event_id, done.editor, done.orders) == (event.pk, boss, 1)
    assert done.counts["emails"] == 1

    # Nothing of Kari's is left in any table or session; Ola keeps his.
    assert scan_database(needles).findings == []
    assert scan_sessions(needles) == []
    other_buyer.refresh_from_db()
    assert other_buyer.email == "ola@example.org"

    # The list and the event's edit view say it was done.
    assert "Buyers erased" in client.get(LIST).content.decode() or (
        "Kjøpere slettet" in client.get(LIST).content.decode()
    )
    edit = client.get(f"/admin/pages/{event.pk}/edit/", follow=True)
    assert edit.status_code == 200
    assert "data-shredded" in client.get(page_url(event)).content.decode()
    messages = [str(message) for message in edit.context["messages"]]
    day = timezone.localtime(done.shredded_at).strftime("%Y-%m-%d")
    assert any(day in message for message in messages), messages


@pytest.mark.parametrize("hours_ago", [-24, 0, 2])
def test_an_event_not_over_is_refused_with_a_clear_message(
    client, paid, performance, boss, hours_ago
):
    move_into_the_past(performance, hours_ago)
    event = performance.event
    page = client.get(page_url(event))
    assert page.status_code == 200
    assert "data-refusal" in page.content.decode()
    assert 'name="confirm"' not in page.content.decode()
    response = client.post(page_url(event), {"confirm": "on"})
    assert response.status_code == 409
    assert "data-refusal" in response.content.decode()
    with pytest.raises(ValidationError):
        shredder.shred(event, editor=boss)
    paid.refresh_from_db()
    assert paid.email == "kari@example.org"
    assert not Shredding.objects.exists()


def test_an_event_with_a_later_performance_still_to_come_is_not_over(
    paid, performance, hall
):
    move_into_the_past(performance, 72)
    PerformanceFactory(
        event=performance.event,
        hall=hall,
        start=timezone.now() + datetime.timedelta(days=3),
    )
    assert not shredder.is_over(performance.event)


def test_editors_without_privacy_rights_get_403(client, paid, performance):
    move_into_the_past(performance, 48)
    user = UserFactory(email="billett@example.org", is_staff=True)
    group = Group.objects.create(name="Billettkontor")
    group.permissions.add(
        Permission.objects.get(
            content_type__app_label="wagtailadmin", codename="access_admin"
        ),
        Permission.objects.get(
            content_type__app_label="tickets", codename="change_order"
        ),
    )
    user.groups.add(group)
    client.force_login(user)
    event = performance.event
    assert client.get(LIST).status_code == 403
    assert client.get(page_url(event)).status_code == 403
    assert client.get(page_url(event) + "data.zip").status_code == 403
    assert client.post(page_url(event), {"confirm": "on"}).status_code == 403
    paid.refresh_from_db()
    assert paid.email == "kari@example.org"


def test_an_unknown_event_is_a_404(client, boss):
    assert client.get(f"{LIST}999999/").status_code == 404
    assert client.post(f"{LIST}999999/", {"confirm": "on"}).status_code == 404


def test_the_list_takes_the_same_queries_for_any_number_of_events(
    client, boss, event_index, hall, django_assert_max_num_queries
):
    def add(number):
        event = EventPageFactory(parent=event_index, title=f"Konsert {number}")
        performance = PerformanceFactory(event=event, hall=hall, capacity=5)
        move_into_the_past(performance, 48)

    add(0)
    client.get(LIST)
    with CaptureQueriesContext(connection) as few:
        client.get(LIST)
    for number in range(1, 15):
        add(number)
    with django_assert_max_num_queries(len(few)):
        assert client.get(LIST).status_code == 200
