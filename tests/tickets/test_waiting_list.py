"""The waiting list of a sold-out performance: joining (with the age
question, and a guardian for a child), seats offered in sign-up order when
they come back (a refund, an expired checkout, seats added by an editor),
each offer holding its seats for a while behind its own link, an unused or
declined offer passing on, and the list's personal data in the registry."""

import datetime
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from events.models import Performance
from privacy.models import GuardianRequest
from privacy.registry import Subject, get
from tickets import services
from tickets.models import Order, PerformanceSales, WaitingListEntry

from .conftest import buy, buy_data, pay_and_notify

pytestmark = pytest.mark.django_db


@pytest.fixture
def sold_out(
    client, stripe_stub, performance, venue, django_capture_on_commit_callbacks
):
    """Two seats, both bought and paid by Kari."""
    Performance.objects.filter(pk=performance.pk).update(capacity=2)
    with django_capture_on_commit_callbacks(execute=True):
        buy(client, performance, 2)
        pay_and_notify(client, stripe_stub, Order.objects.get())
    mail.outbox.clear()
    performance.refresh_from_db()
    assert performance.status == Performance.Status.SOLD_OUT
    return performance


def join(client, performance, email, quantity=1, **extra):
    data = {"email": email, "quantity": quantity, "age_confirmed": "on", **extra}
    return client.post(reverse("tickets:waiting_list", args=[performance.pk]), data)


def sales(performance):
    return PerformanceSales.objects.get(pk=performance.pk)


def offer_link(message):
    return re.search(r"https?://\S+(/billetter/venteliste/tilbud/\S+/)", message.body)


def offer_to(email):
    """The path of the last offer mailed to ``email``."""
    (*_earlier, last) = [m for m in mail.outbox if m.to == [email]]
    return offer_link(last).group(1)


def test_a_sold_out_performance_offers_its_waiting_list(client, sold_out):
    event_page = client.get(sold_out.event.url).content.decode()
    url = reverse("tickets:waiting_list", args=[sold_out.pk])
    assert f'href="{url}"' in event_page
    buy_page = client.get(reverse("tickets:buy", args=[sold_out.pk]))
    assert f'href="{url}"' in buy_page.content.decode()
    form = client.get(url).content.decode()
    assert "Meld deg på ventelisten" in form
    assert "15 år eller eldre" in form


def test_joining_stores_the_address_in_sign_up_order(client, sold_out):
    assert join(client, sold_out, "Per@Example.org", 2).status_code == 200
    response = join(client, sold_out, "liv@example.org")
    assert "Du står på ventelisten" in response.content.decode()
    entries = list(WaitingListEntry.objects.values_list("email", "quantity", "status"))
    assert entries == [
        ("per@example.org", 2, "waiting"),
        ("liv@example.org", 1, "waiting"),
    ]
    # Signing up again keeps the place in the queue.
    join(client, sold_out, "per@example.org", 3)
    assert WaitingListEntry.objects.count() == 2
    assert WaitingListEntry.objects.first().quantity == 3


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"email": "nei", "quantity": 1, "age_confirmed": "on"}, "gyldig e-post"),
        ({"email": "a@example.org", "quantity": 0, "age_confirmed": "on"}, "større"),
        ({"email": "a@example.org", "quantity": 11, "age_confirmed": "on"}, "mindre"),
        ({"email": "a@example.org", "quantity": 1}, "15 år eller eldre"),
    ],
)
def test_bad_sign_ups_are_refused_with_a_message(client, sold_out, data, message):
    response = client.post(reverse("tickets:waiting_list", args=[sold_out.pk]), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not WaitingListEntry.objects.exists()


def test_a_performance_on_sale_has_no_waiting_list(client, stripe_stub, performance):
    response = join(client, performance, "per@example.org")
    assert response.status_code == 409
    assert not WaitingListEntry.objects.exists()


def test_a_child_joins_only_when_a_guardian_agrees(
    client, sold_out, django_capture_on_commit_callbacks
):
    year = timezone.localdate().year - 12
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("tickets:waiting_list", args=[sold_out.pk]),
            {
                "email": "nina@example.org",
                "quantity": 1,
                "birth_year": year,
                "guardian_email": "mor@example.org",
            },
        )
    assert response["Location"] == reverse("privacy:guardian_sent")
    assert not WaitingListEntry.objects.exists()
    assert [m.to for m in mail.outbox] == [["mor@example.org"]]
    link = re.search(r"https?://\S+(/personvern/\S+/)", mail.outbox[0].body).group(1)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(link)
    entry = WaitingListEntry.objects.get()
    assert (entry.email, entry.consent_by_guardian) == ("nina@example.org", True)
    assert GuardianRequest.objects.get().data == {}


def test_a_refund_offers_the_seats_to_the_first_in_line(
    client, stripe_stub, sold_out, django_capture_on_commit_callbacks
):
    join(client, sold_out, "per@example.org", 1)
    join(client, sold_out, "liv@example.org", 1)
    join(client, sold_out, "ola@example.org", 1)
    order = Order.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        services.refund_order(order, [order.tickets.first()])

    per, liv, ola = WaitingListEntry.objects.order_by("created_at", "pk")
    per.refresh_from_db()
    assert (per.status, per.offered_quantity) == ("offered", 1)
    assert liv.status == ola.status == "waiting"
    # The seat is held for Per: no one else can buy it.
    assert (sales(sold_out).sold, sales(sold_out).held) == (1, 1)
    assert buy(client, sold_out, 1).status_code == 409
    offers = [m for m in mail.outbox if m.to == ["per@example.org"]]
    (offer,) = offers
    assert "venteliste/tilbud/" in offer.body
    assert "tilbud/" + str(per.pk) + "/" not in offer_link(offer).group(1)


def test_an_unused_offer_passes_to_the_next_and_a_used_one_is_bought(
    client, stripe_stub, sold_out, django_capture_on_commit_callbacks
):
    join(client, sold_out, "per@example.org", 1)
    join(client, sold_out, "liv@example.org", 2)
    order = Order.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        services.refund_order(order, [order.tickets.first()])
    per_link = offer_to("per@example.org")

    later = timezone.now() + datetime.timedelta(minutes=31)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.pass_expired_offers(now=later) == 1
    assert client.get(per_link).status_code == 410
    per, liv = WaitingListEntry.objects.order_by("created_at", "pk")
    assert (per.status, liv.status, liv.offered_quantity) == ("passed", "offered", 1)
    assert sales(sold_out).held == 1
    assert mail.outbox[-1].to == ["liv@example.org"]

    link = offer_to("liv@example.org")
    page = client.get(link)
    assert page.status_code == 200
    assert "Vi holder av 1 plass til deg" in page.content.decode()
    # More than the offer holds is refused.
    data = buy_data(sold_out.event, 2, email="liv@example.org")
    assert client.post(link, data).status_code == 409
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            link, buy_data(sold_out.event, 1, email="liv@example.org")
        )
    assert response.status_code == 303
    bought = Order.objects.get(email="liv@example.org")
    assert bought.quantity == 1 and bought.is_pending
    liv.refresh_from_db()
    assert liv.status == "bought"
    assert (sales(sold_out).sold, sales(sold_out).held) == (1, 1)
    assert client.get(link).status_code == 410


def test_an_expired_checkout_goes_to_the_waiting_list(
    client, stripe_stub, performance, venue, django_capture_on_commit_callbacks
):
    Performance.objects.filter(pk=performance.pk).update(capacity=2)
    buy(client, performance, 2)
    join(client, performance, "per@example.org", 2)
    with django_capture_on_commit_callbacks(execute=True):
        services.release_order(Order.objects.get(), Order.Status.EXPIRED)
    entry = WaitingListEntry.objects.get()
    assert (entry.status, entry.offered_quantity) == ("offered", 2)
    assert sales(performance).held == 2
    assert mail.outbox[-1].to == ["per@example.org"]


def test_declining_passes_the_offer_on(
    client, stripe_stub, sold_out, django_capture_on_commit_callbacks
):
    join(client, sold_out, "per@example.org", 1)
    join(client, sold_out, "liv@example.org", 1)
    order = Order.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        services.refund_order(order, [order.tickets.first()])
    link = offer_to("per@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(link, {"action": "decline"})
    assert "neste" in response.content.decode()
    per, liv = WaitingListEntry.objects.order_by("created_at", "pk")
    assert (per.status, liv.status) == ("passed", "offered")
    assert mail.outbox[-1].to == ["liv@example.org"]


def test_seats_an_editor_adds_go_to_the_waiting_list_first(
    client, sold_out, django_capture_on_commit_callbacks
):
    join(client, sold_out, "per@example.org", 3)
    Performance.objects.filter(pk=sold_out.pk).update(capacity=4)
    with django_capture_on_commit_callbacks(execute=True):
        sold_out.event.save_revision().publish()
    entry = WaitingListEntry.objects.get()
    assert (entry.status, entry.offered_quantity) == ("offered", 2)
    assert sales(sold_out).held == 2


def test_sign_ups_from_one_address_are_limited(client, settings, sold_out):
    settings.TICKETS_WAITING_SIGNUPS_PER_HOUR = 2
    join(client, sold_out, "a@example.org")
    join(client, sold_out, "b@example.org")
    response = join(client, sold_out, "c@example.org")
    assert response.status_code == 429
    assert WaitingListEntry.objects.count() == 2


def test_the_registry_exports_and_erases_an_entry_and_its_offer(
    client, stripe_stub, sold_out, django_capture_on_commit_callbacks
):
    join(client, sold_out, "per@example.org", 1)
    join(client, sold_out, "liv@example.org", 1)
    order = Order.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        services.refund_order(order, [order.tickets.first()])
    kind = get("tickets.waiting_list")
    subject = Subject.for_email("PER@example.org")
    (row,) = kind.export(subject)
    assert row["email"] == "per@example.org"
    assert row["status"] == "offered"

    with django_capture_on_commit_callbacks(execute=True):
        kind.erase(subject)

    assert not WaitingListEntry.objects.filter(email="per@example.org").exists()
    # Per's held seat went to Liv.
    assert WaitingListEntry.objects.get().status == "offered"
    assert sales(sold_out).held == 1


def test_the_lists_of_past_performances_are_deleted(client, sold_out):
    join(client, sold_out, "per@example.org")
    assert services.purge_waiting_lists() == 0
    later = sold_out.start + datetime.timedelta(minutes=1)
    assert services.purge_waiting_lists(now=later) == 1
    assert not WaitingListEntry.objects.exists()


# Wheelchair places ------------------------------------------------------------


@pytest.fixture
def places_sold_out(
    client, stripe_stub, performance, venue, django_capture_on_commit_callbacks
):
    """One seat and one wheelchair place, both bought and paid by Kari."""
    Performance.objects.filter(pk=performance.pk).update(
        capacity=1, wheelchair_places=1
    )
    (ordinary, _student) = performance.event.price_categories.order_by("sort_order")
    data = buy_data(performance.event, 1) | {f"wheelchair_{ordinary.pk}": 1}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("tickets:buy", args=[performance.pk]), data)
        assert response.status_code == 303, response.content.decode()[:2000]
        pay_and_notify(client, stripe_stub, Order.objects.get())
    mail.outbox.clear()
    performance.refresh_from_db()
    assert performance.status == Performance.Status.SOLD_OUT
    return performance


def test_the_waiting_list_asks_for_wheelchair_places_where_there_are_some(
    client, places_sold_out
):
    url = reverse("tickets:waiting_list", args=[places_sold_out.pk])
    assert 'name="wheelchair"' in client.get(url).content.decode()
    # Counted among the tickets wanted.
    response = join(client, places_sold_out, "siv@example.org", 1, wheelchair=2)
    assert response.status_code == 400
    assert not WaitingListEntry.objects.exists()
    assert join(client, places_sold_out, "siv@example.org", 2, wheelchair=1)
    entry = WaitingListEntry.objects.get()
    assert (entry.quantity, entry.wheelchair) == (2, 1)


def test_a_wheelchair_place_given_back_goes_to_the_first_who_needs_one(
    client, stripe_stub, places_sold_out, django_capture_on_commit_callbacks
):
    join(client, places_sold_out, "per@example.org", 1)
    join(client, places_sold_out, "siv@example.org", 1, wheelchair=1)
    order = Order.objects.get()
    place = order.tickets.get(line__kind="wheelchair")
    with django_capture_on_commit_callbacks(execute=True):
        services.refund_order(order, [place])

    per, siv = WaitingListEntry.objects.order_by("created_at", "pk")
    # Per waits for a seat; the wheelchair place is held for Siv.
    assert per.status == "waiting"
    assert (siv.status, siv.offered_quantity, siv.offered_wheelchair) == (
        "offered",
        1,
        1,
    )
    row = sales(places_sold_out)
    assert (row.wheelchair_sold, row.wheelchair_held) == (0, 1)
    recipients = [m.to for m in mail.outbox]
    assert ["siv@example.org"] in recipients
    assert ["per@example.org"] not in recipients

    link = offer_to("siv@example.org")
    page = client.get(link).content.decode()
    (ordinary, _student) = places_sold_out.event.price_categories.order_by("sort_order")
    assert f'name="wheelchair_{ordinary.pk}"' in page
    data = buy_data(places_sold_out.event, 0, email="siv@example.org") | {
        f"wheelchair_{ordinary.pk}": 1
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(link, data)
    assert response.status_code == 303, response.content.decode()[:2000]
    bought = Order.objects.get(email="siv@example.org")
    assert (bought.quantity, bought.wheelchair_quantity) == (1, 1)
    row.refresh_from_db()
    assert (row.wheelchair_sold, row.wheelchair_held) == (0, 1)


def test_an_unused_wheelchair_offer_gives_the_place_back(
    client, stripe_stub, places_sold_out, django_capture_on_commit_callbacks
):
    join(client, places_sold_out, "siv@example.org", 1, wheelchair=1)
    order = Order.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        services.refund_order(order, [order.tickets.get(line__kind="wheelchair")])
    later = timezone.now() + datetime.timedelta(minutes=31)
    assert services.pass_expired_offers(now=later) == 1
    row = sales(places_sold_out)
    assert (row.wheelchair_held, row.held) == (0, 0)
