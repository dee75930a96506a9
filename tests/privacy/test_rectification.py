"""Corrections by editors (GDPR art. 16): Privacy → Corrections finds what
each app holds for a person; an account's name and profile, a subscriber
(a new address waits for its owner's confirmation) and an order's buyer are
corrected there, each recorded with who, when, why and which fields, never
the old values. Only privacy editors may; the record is the person's, in
their export and erased with them."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import Profile
from newsletter.models import AddressChange, Subscriber
from privacy import rectification, services
from privacy.models import Rectification
from privacy.registry import Subject, get
from tickets.models import Order

from ..factories import UserFactory
from .conftest import verified

pytestmark = pytest.mark.django_db

LIST = "/admin/personvern/corrections/"
State = Rectification.State


def profile_url(user):
    return f"/admin/konto/rett-profil/{user.pk}/"


def subscriber_url(subscriber):
    return f"/admin/nyhetsbrev/rett-abonnent/{subscriber.pk}/"


def order_url(order):
    return f"/admin/billetter/rett-kjoper/{order.pk}/"


@pytest.fixture
def kari(db):
    user = verified(
        UserFactory(email="kari@example.org", first_name="Kari", last_name="Nordman")
    )
    Profile.objects.create(user=user, city="Oslo", postal_code="0150")
    return user


@pytest.fixture
def subscriber(kari):
    return Subscriber.objects.create(
        email="kari@example.org",
        name="Kari Nordman",
        user=kari,
        confirmed_at=timezone.now(),
        language="nb",
    )


@pytest.fixture
def order(kari):
    return Order.objects.create(
        number="A-1001",
        event_title="Vårkonsert",
        performance_start=timezone.now(),
        user=kari,
        name="Kari Nordman",
        email="kari@example.org",
        quantity=2,
        total_ore=50000,
    )


@pytest.fixture
def privacy_editor(client, editor):
    client.force_login(editor)
    return editor


@pytest.fixture
def other_editor(client):
    """An editor who may use the admin, but not the privacy screens."""
    user = UserFactory(email="redaksjon@example.org", is_staff=True)
    group = Group.objects.create(name="Redaksjon")
    group.permissions.add(
        Permission.objects.get(
            content_type__app_label="wagtailadmin", codename="access_admin"
        )
    )
    user.groups.add(group)
    client.force_login(user)
    return user


def test_the_screen_finds_what_can_be_corrected_for_a_person(
    client, privacy_editor, kari, subscriber, order
):
    response = client.get(LIST, {"email": "KARI@example.org"})
    assert response.status_code == 200
    html = response.content.decode()
    for url in (profile_url(kari), subscriber_url(subscriber), order_url(order)):
        assert url in html
    assert "data-rectification-counts" in html


def test_the_screen_takes_the_same_queries_however_much_is_found_or_recorded(
    client, privacy_editor, kari, order, django_assert_max_num_queries
):
    rectification.record(
        kind="accounts.profile", record_id=1, fields=["city"], reason="Flyttet."
    )
    client.get(LIST, {"email": "kari@example.org"})  # warm caches
    with CaptureQueriesContext(connection) as few:
        client.get(LIST, {"email": "kari@example.org"})
    for number in range(30):
        Order.objects.create(
            number=f"B-{number}",
            event_title="Høstkonsert",
            performance_start=timezone.now(),
            email="kari@example.org",
            quantity=1,
            total_ore=100,
        )
        rectification.record(
            kind="accounts.profile",
            record_id=kari.pk,
            fields=["city"],
            reason=f"Flyttet {number}",
            editor=privacy_editor,
            user=kari,
        )
    with django_assert_max_num_queries(len(few)):
        response = client.get(LIST, {"email": "kari@example.org"})
    assert response.content.decode().count("/admin/billetter/rett-kjoper/") == 31


def test_an_editor_corrects_a_profile_and_the_change_is_recorded(
    client, privacy_editor, kari
):
    response = client.post(
        profile_url(kari),
        {
            "first_name": "Kari",
            "last_name": "Nordmann",
            "street_address": "",
            "postal_code": "0150",
            "city": "Bergen",
            "phone": "912 34 567",
            "birth_date": "",
            "reason": "Ringte og sa at etternavnet var feilstavet.",
        },
    )
    assert response.status_code == 302
    kari.refresh_from_db()
    assert (kari.last_name, kari.profile.city, kari.profile.phone) == (
        "Nordmann",
        "Bergen",
        "+4791234567",
    )
    (record,) = Rectification.objects.all()
    assert (record.kind, record.record_id, record.user) == (
        "accounts.profile",
        kari.profile.pk,
        kari,
    )
    assert record.fields == "city, last_name, phone"
    assert record.editor == privacy_editor and record.state == State.DONE
    assert record.reason == "Ringte og sa at etternavnet var feilstavet."
    # Never the old values.
    assert "Nordman," not in str(Rectification.objects.values().get())
    html = client.get(LIST).content.decode()
    assert "Ringte og sa at etternavnet var feilstavet." in html


def test_a_correction_needs_a_reason_and_a_change(client, privacy_editor, order):
    no_reason = client.post(
        order_url(order), {"name": "Kari Nordmann", "email": order.email}
    )
    assert no_reason.status_code == 400
    assert "error-message" in no_reason.content.decode()
    nothing = client.post(
        order_url(order),
        {"name": order.name, "email": order.email, "reason": "Sjekket."},
    )
    assert nothing.status_code == 400
    assert "error-message" in nothing.content.decode()
    order.refresh_from_db()
    assert order.name == "Kari Nordman"
    assert not Rectification.objects.exists()


def test_an_editor_corrects_the_buyer_of_an_order(client, privacy_editor, order):
    response = client.post(
        order_url(order),
        {
            "name": "Kari Nordmann",
            "email": "kari.nordmann@example.org",
            "reason": "Kjøperen skrev feil adresse.",
        },
    )
    assert response.status_code == 302
    order.refresh_from_db()
    assert (order.name, order.email) == ("Kari Nordmann", "kari.nordmann@example.org")
    (record,) = Rectification.objects.all()
    assert (record.kind, record.fields, record.email) == (
        "tickets.orders",
        "email, name",
        "kari.nordmann@example.org",
    )


def test_a_subscribers_new_address_waits_for_its_owner(
    client, privacy_editor, subscriber, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            subscriber_url(subscriber),
            {
                "email": "Kari.Ny@example.org",
                "name": "Kari Nordmann",
                "phone": "",
                "language": "nb",
                "reason": "Ny adresse oppgitt på telefon.",
            },
        )
    assert response.status_code == 302
    subscriber.refresh_from_db()
    # The name at once; the address only once confirmed.
    assert (subscriber.name, subscriber.email) == ("Kari Nordmann", "kari@example.org")
    change = AddressChange.objects.get()
    assert change.new_email == "kari.ny@example.org"
    record = Rectification.objects.get()
    assert record.state == State.WAITING and record.fields == "email, name"
    assert record.email == "kari@example.org"
    (message,) = mail.outbox
    assert message.to == ["kari.ny@example.org"]
    link = next(
        word for word in message.body.split() if "/nyhetsbrev/ny-adresse/" in word
    )
    path = link.split("://", 1)[1].split("/", 1)[1]
    client.logout()
    assert client.get("/" + path).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post("/" + path).status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.email == "kari.ny@example.org"
    record.refresh_from_db()
    assert (record.state, record.email) == (State.DONE, "kari.ny@example.org")
    assert mail.outbox[-1].to == ["kari@example.org"]
    assert "k***@example.org" in mail.outbox[-1].body


def test_an_address_another_subscriber_has_is_refused_for_the_editor(
    client, privacy_editor, subscriber
):
    Subscriber.objects.create(email="ola@example.org")
    response = client.post(
        subscriber_url(subscriber),
        {
            "email": "ola@example.org",
            "name": subscriber.name,
            "phone": "",
            "language": "nb",
            "reason": "x",
        },
    )
    assert response.status_code == 400
    assert not AddressChange.objects.exists()
    assert not Rectification.objects.exists()


@pytest.mark.parametrize(
    "field, value",
    [
        ("name", "K" * 5000),
        ("email", "a" * 300 + "@example.org"),
        ("reason", "r" * 5000),
        ("phone", "9" * 500),
    ],
)
def test_huge_fields_are_refused_with_a_message(
    client, privacy_editor, subscriber, field, value
):
    data = {
        "email": subscriber.email,
        "name": "Kari",
        "phone": "",
        "language": "nb",
        "reason": "Feil navn.",
        field: value,
    }
    response = client.post(subscriber_url(subscriber), data)
    assert response.status_code == 400
    assert "error-message" in response.content.decode()
    assert not Rectification.objects.exists()


def test_other_editors_get_403_and_change_nothing(
    client, other_editor, kari, subscriber, order
):
    assert client.get(LIST).status_code == 403
    for url, data in [
        (profile_url(kari), {"first_name": "X", "reason": "x"}),
        (subscriber_url(subscriber), {"email": "x@example.org", "reason": "x"}),
        (order_url(order), {"name": "X", "email": "x@example.org", "reason": "x"}),
    ]:
        assert client.get(url).status_code == 403
        assert client.post(url, data).status_code == 403
    assert not Rectification.objects.exists()
    assert not AddressChange.objects.exists()
    order.refresh_from_db()
    assert order.name == "Kari Nordman"


def test_the_record_is_the_persons_exported_and_erased_with_them(
    client, privacy_editor, kari, order
):
    client.post(
        order_url(order),
        {"name": "Kari Nordmann", "email": order.email, "reason": "Feilstavet."},
    )
    kind = get("privacy.rectifications")
    subject = Subject.for_user(kari)
    (exported,) = list(kind.export(subject))
    assert exported["what"] == "tickets.orders"
    assert exported["reason"] == "Feilstavet."
    assert exported["by"] == "editor"
    # The editor's side: they made a correction.
    assert list(
        get("privacy.rectification_handling").export(Subject.for_user(privacy_editor))
    )
    services.erase_subject(subject)
    assert not Rectification.objects.exists()
