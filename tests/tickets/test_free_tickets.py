"""Free tickets of a free event: the same buy page and seat counters as a
sale, confirmed at once without Stripe; the buyer cancels them from the
order page and the seats come back. An event needing no ticket says so and
offers nothing to buy; the badge and the sale state never contradict."""

import datetime
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from events.models import EventPage, Performance
from privacy import registry
from privacy.registry import Subject
from tickets import services, shredder
from tickets.models import Order, PerformanceSales, Ticket, WaitingListEntry

from ..events.test_query_counts import BUDGET, count_queries
from ..factories import EventPageFactory, PerformanceFactory, UserFactory
from ..privacy.lifetime import Needles, scan_database

pytestmark = pytest.mark.django_db

FREE = EventPage.FREE_TICKET_HERE


@pytest.fixture
def free_event(event_index):
    return EventPageFactory(
        parent=event_index,
        title="Dansens dag",
        free_entry=FREE,
        price_from=0,
        price_info="Gratis, men hent billett her på nettsiden.",
    )


@pytest.fixture
def free_performance(free_event, hall):
    return PerformanceFactory(
        event=free_event, hall=hall, capacity=5, wheelchair_places=1
    )


def register(performance, count=2, **kwargs):
    kwargs.setdefault("name", "Kari Nordmann")
    kwargs.setdefault("email", "kari@example.org")
    return services.register_free_tickets(performance, count, **kwargs)


def sales(performance):
    return services.sales_row(performance.pk)


def post(client, performance, **data):
    data.setdefault("name", "Kari Nordmann")
    data.setdefault("email", "kari@example.org")
    return client.post(reverse("tickets:buy", args=[performance.pk]), data)


# The service ---------------------------------------------------------------


def test_free_tickets_are_confirmed_at_once_with_codes_and_a_receipt(
    free_performance, venue, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        order = register(free_performance, 2, wheelchair=1)

    assert order.status == Order.Status.FREE
    assert order.is_paid and order.is_free
    assert (order.total_ore, order.quantity, order.wheelchair_quantity) == (0, 2, 1)
    assert order.paid_at is not None and not order.stripe_session_id
    tickets = list(order.tickets.all())
    assert len(tickets) == 2
    assert all(re.fullmatch(r"[A-Z2-9]{10}", t.code) for t in tickets)
    assert [line.label for line in order.lines.all()] == [
        "Gratisbillett",
        "Gratisbillett, rullestolplass",
    ]
    row = sales(free_performance)
    assert (row.sold, row.held, row.wheelchair_sold) == (1, 0, 1)
    (receipt,) = mail.outbox
    assert receipt.to == ["kari@example.org"]
    assert "NOK 0,00" in receipt.body
    assert "Gratisbilletter: ingen betaling." in receipt.body
    assert "Betalt:" not in receipt.body
    assert f"/billetter/ordre/{order.access_key}/" in receipt.body


def test_free_tickets_need_no_stripe_keys_and_never_call_stripe(
    free_performance, settings, stripe_stub
):
    register(free_performance, 1)
    assert not stripe_stub.requests
    settings.STRIPE_SECRET_KEY = ""
    assert services.sale_refusal(free_performance) == ""
    assert register(free_performance, 1).status == Order.Status.FREE


def test_free_tickets_are_never_more_than_the_seats(free_performance):
    register(free_performance, 4)
    with pytest.raises(services.SaleRefused, match="bare 1 billetter"):
        register(free_performance, 2)
    register(free_performance, 1)
    assert sales(free_performance).sold == 5
    # The wheelchair place is its own quota: sold out once it is gone too.
    assert Performance.objects.get(pk=free_performance.pk).status != "sold_out"
    register(free_performance, 1, wheelchair=1)
    assert Performance.objects.get(pk=free_performance.pk).status == "sold_out"
    with pytest.raises(services.SaleRefused, match="Utsolgt"):
        register(free_performance, 1)
    assert Ticket.objects.count() == 6


def test_free_tickets_keep_the_limit_per_order_and_the_wheelchair_places(
    free_performance, settings
):
    settings.TICKETS_MAX_PER_ORDER = 3
    with pytest.raises(services.SaleRefused):
        register(free_performance, 4)
    with pytest.raises(services.SaleRefused):
        register(free_performance, 0)
    with pytest.raises(services.SaleRefused):
        register(free_performance, 1, wheelchair=2)
    register(free_performance, 1, wheelchair=1)
    with pytest.raises(services.SaleRefused, match="rullestolplasser"):
        register(free_performance, 1, wheelchair=1)
    assert Order.objects.count() == 1


def test_a_paid_event_gives_no_free_tickets_and_a_free_event_takes_no_payment(
    free_performance, performance, stripe_stub
):
    with pytest.raises(services.SaleRefused):
        register(performance, 1)
    # A price left on a free event (the admin form refuses it) sells nothing.
    category = performance.event.price_categories.first()
    with pytest.raises(services.SaleRefused):
        services.reserve_seats(
            free_performance, {category: 1}, name="Kari", email="kari@example.org"
        )
    assert not Order.objects.exists()


def test_cancelling_gives_the_seats_back_and_voids_the_tickets(free_performance):
    order = register(free_performance, 2, wheelchair=1)
    cancelled = services.cancel_free_order(order)

    assert cancelled.status == Order.Status.CANCELLED
    assert cancelled.closed_at is not None
    assert not order.tickets.filter(refunded_at=None).exists()
    row = sales(free_performance)
    assert (row.sold, row.wheelchair_sold) == (0, 0)
    with pytest.raises(services.CancelRefused):
        services.cancel_free_order(order)


def test_a_paid_order_or_a_started_performance_cannot_be_cancelled_here(
    free_performance, bought
):
    with pytest.raises(services.CancelRefused):
        services.cancel_free_order(bought)
    order = register(free_performance, 1)
    later = timezone.now() + datetime.timedelta(days=30)
    with pytest.raises(services.CancelRefused):
        services.cancel_free_order(order, now=later)
    assert Order.objects.get(pk=order.pk).is_free


def test_a_cancelled_seat_goes_to_the_waiting_list_which_gets_it_free(
    free_performance, django_capture_on_commit_callbacks
):
    register(free_performance, 5, wheelchair=1, email="a@example.org")
    last = register(free_performance, 1, email="b@example.org")
    sold_out = Performance.objects.get(pk=free_performance.pk)
    assert sold_out.status == Performance.Status.SOLD_OUT
    row = PerformanceSales.objects.get(pk=free_performance.pk)
    assert services.waiting_list_open(sold_out, row)
    entry = services.join_waiting_list(sold_out, email="c@example.org", quantity=1)

    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_free_order(last)

    entry.refresh_from_db()
    assert entry.status == WaitingListEntry.Status.OFFERED
    assert sales(free_performance).held == 1
    assert any("c@example.org" in message.to for message in mail.outbox)
    order = services.claim_free_offer(entry, 1, name="Cecilie", email="c@example.org")
    assert order.status == Order.Status.FREE
    entry.refresh_from_db()
    assert entry.status == WaitingListEntry.Status.BOUGHT
    row = sales(free_performance)
    assert (row.sold, row.held) == (5, 0)


# Pages ---------------------------------------------------------------------


def test_a_free_event_offers_free_tickets_without_stripe_keys(
    client, free_performance, venue
):
    html = client.get(free_performance.event.url).content.decode()
    buy_url = reverse("tickets:buy", args=[free_performance.pk])
    assert buy_url in html
    assert "Hent gratisbillett" in html
    assert "Gratis: hent gratisbillett her før du kommer" in html
    # No "on sale" badge and no "sales open soon" for what is not sold.
    assert "status--on-sale" not in html
    assert "Salget åpner snart" not in html
    page = client.get(buy_url).content.decode()
    assert "Gratisbilletter til Dansens dag" in page
    assert "Hent gratisbilletter" in page
    assert "Gå til betaling" not in page


def test_a_paid_event_without_stripe_keys_never_says_on_sale(
    client, performance, venue
):
    html = client.get(performance.event.url).content.decode()
    assert "status--on-sale" not in html
    assert "Billetter i salg" not in html
    assert "Salget åpner snart" in html


def test_an_event_needing_no_ticket_says_so_and_offers_nothing(
    client, event_index, hall, venue
):
    event = EventPageFactory(
        parent=event_index, title="Lunsjkonsert", free_entry="no_ticket", price_from=0
    )
    performance = PerformanceFactory(event=event, hall=hall)
    html = client.get(event.url).content.decode()
    assert "Gratis, ingen billett nødvendig" in html
    assert "Ingen billett nødvendig" in html
    assert "/billetter/kjop/" not in html
    assert "button--buy" not in html
    programme = client.get(event_index.url).content.decode()
    assert "Gratis, uten billett" in programme
    assert client.post(
        reverse("tickets:buy", args=[performance.pk]),
        {"name": "Kari", "email": "kari@example.org"},
    ).status_code in (400, 409)
    assert not Order.objects.exists()


def test_the_programme_card_of_a_free_ticket_event_says_how_to_get_in(
    client, free_performance, event_index, venue
):
    html = client.get(event_index.url).content.decode()
    assert "Gratis, hent billett" in html
    assert (
        "Gratis, hent billett"
        in client.get(event_index.url + "?for=gratis").content.decode()
    )


def test_registering_in_the_browser_form_confirms_and_shows_the_tickets(
    client, free_performance, venue, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, free_performance, quantity="2", wheelchair="1")
    assert response.status_code == 303
    order = Order.objects.get()
    assert response["Location"] == reverse("tickets:order", args=[order.access_key])
    page = client.get(response["Location"]).content.decode()
    assert "Gratisbillettene dine er bekreftet" in page
    for ticket in order.tickets.all():
        assert ticket.code in page
    assert reverse("tickets:cancel_free", args=[order.access_key]) in page
    assert len(mail.outbox) == 1


@pytest.mark.parametrize(
    "data",
    [
        {"quantity": "0"},
        {"quantity": "-1"},
        {"quantity": "abc"},
        {"quantity": "1.5"},
        {"quantity": ""},
        {"quantity": "11"},
        {"quantity": "1", "wheelchair": "2"},
        {"quantity": "2", "wheelchair": "5"},
        {"quantity": "1", "email": "not an address"},
        {"quantity": "1", "name": ""},
    ],
)
def test_bad_input_is_a_400_and_takes_no_seat(client, free_performance, data):
    response = post(client, free_performance, **data)
    assert response.status_code == 400
    assert not Order.objects.exists()
    assert sales(free_performance).sold == 0


def test_more_than_are_left_or_a_sold_out_performance_is_a_409(
    client, free_performance
):
    register(free_performance, 4)
    response = post(client, free_performance, quantity="2")
    assert response.status_code == 409
    assert "bare 1 billetter" in response.content.decode()
    register(free_performance, 1)
    assert post(client, free_performance, quantity="1").status_code == 409
    assert Order.objects.count() == 2


def test_the_buyer_cancels_from_the_order_page(client, free_performance):
    order = register(free_performance, 2)
    url = reverse("tickets:cancel_free", args=[order.access_key])
    assert client.get(url).status_code == 405
    response = client.post(url)
    assert response.status_code == 303
    page = client.get(response["Location"]).content.decode()
    assert "Gratisbillettene dine er avbestilt" in page
    assert sales(free_performance).sold == 0
    again = client.post(url)
    assert again.status_code == 409
    assert "Bare bekreftede gratisbilletter" in again.content.decode()


def test_cancelling_an_unknown_or_paid_order_is_refused(client, bought):
    assert client.post(reverse("tickets:cancel_free", args=["nope"])).status_code == (
        404
    )
    response = client.post(reverse("tickets:cancel_free", args=[bought.access_key]))
    assert response.status_code == 409
    assert Order.objects.get(pk=bought.pk).is_pending


def test_a_waiting_list_offer_of_a_free_event_is_claimed_as_free_tickets(
    client, free_performance
):
    register(free_performance, 5, wheelchair=1, email="a@example.org")
    last = register(free_performance, 1, email="b@example.org")
    entry = services.join_waiting_list(
        Performance.objects.get(pk=free_performance.pk),
        email="c@example.org",
        quantity=2,
    )
    services.cancel_free_order(last)
    entry.refresh_from_db()
    url = reverse("tickets:waiting_offer", args=[entry.offer_key])
    page = client.get(url).content.decode()
    assert "Hent gratisbilletter" in page
    assert (
        client.post(
            url, {"name": "C", "email": "c@example.org", "quantity": "2"}
        ).status_code
        == 400
    )
    response = client.post(
        url, {"name": "Cecilie", "email": "c@example.org", "quantity": "1"}
    )
    assert response.status_code == 303
    assert Order.objects.get(email="c@example.org").is_free


def test_free_orders_are_in_the_admin_with_counts(client, free_performance):
    register(free_performance, 3)
    boss = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(boss)
    listing = client.get("/admin/tickets/order/?status=free")
    assert listing.status_code == 200
    assert "Gratisbilletter" in listing.content.decode()
    dashboard = client.get("/admin/").content.decode()
    assert "<strong>3</strong> gratisbilletter til kommende forestillinger" in (
        dashboard
    )
    order = Order.objects.get()
    inspect = client.get(f"/admin/tickets/order/inspect/{order.pk}/").content.decode()
    assert "/refunder/" not in inspect


# Personal data ---------------------------------------------------------------


def test_free_orders_are_exported_and_erased_like_paid_ones(free_performance):
    kari = UserFactory(email="konto@example.org")
    register(free_performance, 1, user=kari)
    kind = registry.get("tickets.orders")
    (row,) = kind.export(Subject.for_user(kari))
    assert (row["status"], row["total_nok"]) == ("free", "0,00")
    result = kind.erase(Subject.for_user(kari))
    assert result.anonymised == 1
    order = Order.objects.get()
    assert (order.name, order.email, order.user) == ("", "", None)
    # The seats stay taken: the order and its tickets are kept.
    assert order.tickets.count() == 1 and sales(free_performance).sold == 1
    needles = Needles({"name": "Kari Nordmann", "email": "kari@example.org"})
    assert scan_database(needles).findings == []


def test_erasing_free_tickets_gives_their_own_reason_not_the_books(free_performance):
    kari = UserFactory(email="konto@example.org")
    register(free_performance, 1, user=kari)
    result = registry.get("tickets.orders").erase(Subject.for_user(kari))
    assert result.kept == 1
    reason = str(result.kept_reason)
    assert "30 dager etter forestillingen" in reason
    assert "bokføringsloven" not in reason


def test_free_orders_are_deleted_thirty_days_after_their_performance(
    free_performance,
):
    register(free_performance, 1, email="old@example.org")
    register(free_performance, 1, email="recent@example.org")
    now = timezone.now()
    Order.objects.filter(email="old@example.org").update(
        performance_start=now - datetime.timedelta(days=31)
    )
    Order.objects.filter(email="recent@example.org").update(
        performance_start=now - datetime.timedelta(days=29)
    )

    counts = services.purge_expired_orders(now=now)

    assert counts["free orders"] == 1
    assert list(Order.objects.values_list("email", flat=True)) == ["recent@example.org"]
    needles = Needles({"email": "old@example.org"})
    assert scan_database(needles).findings == []


def test_the_shredder_erases_free_orders_after_the_event(free_performance):
    register(free_performance, 1)
    Performance.objects.filter(pk=free_performance.pk).update(
        start=timezone.now() - datetime.timedelta(hours=48)
    )
    needles = Needles({"name": "Kari Nordmann", "email": "kari@example.org"})
    assert scan_database(needles).findings
    counts = {
        part.key: count for part, count in shredder.preview(free_performance.event)
    }
    assert counts["names"] == 1 and counts["emails"] == 1
    shredder.shred(free_performance.event, editor=UserFactory(is_staff=True))
    assert scan_database(needles).findings == []


# The editor's form -------------------------------------------------------


def event_form(event_index, hall, editor, **changes):
    start = timezone.localtime() + datetime.timedelta(days=10)
    data = {
        "title": "Dansens dag",
        "slug": "dansens-dag",
        "lead": "Byens dansegrupper.",
        "free_entry": FREE,
        "body": streamfield([]),
        "performance_notes": "{}",
        "performances": inline_formset(
            [
                {
                    "start": start.strftime("%Y-%m-%d %H:%M"),
                    "hall": hall.pk,
                    "status": "on_sale",
                    "wheelchair_places": 0,
                }
            ]
        ),
        "price_categories": inline_formset([]),
        **changes,
    }
    form_class = EventPage.get_edit_handler().get_form_class()
    return form_class(
        nested_form_data(data),
        instance=EventPage(),
        parent_page=event_index,
        for_user=editor,
    )


def test_an_editor_cannot_leave_prices_on_a_free_ticket_event(event_index, hall):
    editor = UserFactory(is_staff=True, is_superuser=True)
    priced = event_form(
        event_index,
        hall,
        editor,
        price_categories=inline_formset([{"name": "Ordinær", "price": "100"}]),
    )
    assert not priced.is_valid()
    assert "ingen billettpriser" in str(priced.errors["free_entry"])
    deleted = event_form(
        event_index,
        hall,
        editor,
        price_categories=inline_formset(
            [{"name": "Ordinær", "price": "100", "DELETE": "1"}]
        ),
    )
    deleted.is_valid()
    assert "free_entry" not in deleted.errors
    plain = event_form(event_index, hall, editor)
    assert plain.is_valid(), plain.errors
    assert plain.formsets["performances"].is_valid()


# Query counts ------------------------------------------------------------


def test_a_free_event_page_costs_what_a_paid_one_costs_however_many_dates(
    client, settings, free_event, performance, hall, venue
):
    settings.PAGE_CACHE_SECONDS = 0
    PerformanceFactory(event=free_event, hall=hall)
    paid = count_queries(client, performance.event.url)
    one = count_queries(client, free_event.url)
    for _ in range(19):
        PerformanceFactory(event=free_event, hall=hall)
    twenty = count_queries(client, free_event.url)
    assert one == twenty <= max(paid, BUDGET)


def test_the_free_buy_page_costs_no_more_than_the_paid_one(
    client, stripe_stub, free_performance, performance
):
    paid = count_queries(client, reverse("tickets:buy", args=[performance.pk]))
    free = count_queries(client, reverse("tickets:buy", args=[free_performance.pk]))
    assert free <= paid
