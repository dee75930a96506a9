"""Buying from the event page: the offer in the dates table, the buy form
with its checks, the hold, and the redirect to Stripe Checkout."""

import datetime
import re
import socket
import threading
import time
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from accounts.models import Profile
from events.models import Performance
from home.cache import GENERATION_KEY
from tickets import services
from tickets import stripe_gateway as gateway
from tickets.models import Order, PerformanceSales

from ..factories import EventPageFactory, PerformanceFactory, UserFactory
from .conftest import buy, buy_data, session_id_of

pytestmark = pytest.mark.django_db


def sales(performance):
    return services.sales_row(performance.pk)


def test_event_page_links_to_the_buy_page_and_stays_cacheable(
    client, stripe_stub, performance, venue
):
    response = client.get(performance.event.url)
    html = response.content.decode()
    assert reverse("tickets:buy", args=[performance.pk]) in html
    # The buy form (and its CSRF token) is on a page of its own.
    assert not re.search(r'name="csrfmiddlewaretoken" value="[^"]+"', html)
    assert response["X-Page-Cache"] == "miss"
    assert client.get(performance.event.url)["X-Page-Cache"] == "hit"


def test_the_summary_says_when_some_dates_have_few_tickets_left(
    client, stripe_stub, performance, hall, venue
):
    event = performance.event
    later = PerformanceFactory(
        event=event,
        hall=hall,
        capacity=20,
        start=performance.start + datetime.timedelta(days=1),
    )

    def sell(performance, sold):
        services.sales_row(performance.pk)
        PerformanceSales.objects.filter(pk=performance.pk).update(sold=sold)
        event.save_revision().publish()  # puts back the status the sales decide

    def summary():
        html = client.get(event.url).content.decode()
        state = html.split('class="event-sales__state">')[1].split("</p>")[0]
        return " ".join(state.split())

    assert summary() == "I salg"
    # The next date (the one the programme's card shows) has few left, the
    # later one plenty: on sale, and the few said with it.
    sell(performance, 19)
    assert summary() == "I salg · få igjen til noen av datoene"
    sell(later, 19)
    assert summary() == "Få billetter igjen"


def test_without_stripe_keys_events_say_sales_open_soon(client, performance, venue):
    html = client.get(performance.event.url).content.decode()
    assert "Salget åpner snart" in html or "Sales open soon" in html
    assert reverse("tickets:buy", args=[performance.pk]) not in html
    response = buy(client, performance, 1)
    assert response.status_code == 409
    assert not Order.objects.exists()


def test_an_external_seller_gets_the_buy_button(
    client, stripe_stub, performance, venue
):
    services.sales_row(performance.pk)
    PerformanceSales.objects.filter(pk=performance.pk).update(
        external_url="https://billett.example.no/vaarkonsert"
    )
    html = client.get(performance.event.url).content.decode()
    assert 'href="https://billett.example.no/vaarkonsert"' in html
    assert reverse("tickets:buy", args=[performance.pk]) not in html


def test_an_event_without_prices_shows_only_its_status(
    client, stripe_stub, event_index, hall, venue
):
    performance = PerformanceFactory(
        event=EventPageFactory(parent=event_index), hall=hall
    )
    html = client.get(performance.event.url).content.decode()
    assert "/billetter/kjop/" not in html
    assert client.get(reverse("tickets:buy", args=[performance.pk])).status_code == 200


def test_the_buy_form_is_filled_in_for_a_signed_in_buyer(
    client, stripe_stub, performance
):
    user = UserFactory(first_name="Ola", last_name="Hansen", email="ola@example.org")
    client.force_login(user)
    html = client.get(reverse("tickets:buy", args=[performance.pk])).content.decode()
    assert 'value="Ola Hansen"' in html
    assert 'value="ola@example.org"' in html


def test_buying_holds_the_seats_and_sends_the_buyer_to_checkout(
    client, stripe_stub, performance
):
    response = buy(client, performance, 2, 1)

    assert response.status_code == 303
    assert response["Location"].startswith(stripe_stub.url + "/pay/cs_test_")
    order = Order.objects.get()
    assert order.status == Order.Status.PENDING
    assert order.quantity == 3
    assert order.total_ore == 2 * 35000 + 25000
    assert order.stripe_session_id == session_id_of(response)
    assert sales(performance).held == 3
    ((_method, _path, params, headers),) = stripe_stub.calls(
        "POST", "/v1/checkout/sessions"
    )
    assert params["line_items[0][price_data][unit_amount]"] == "35000"
    assert params["line_items[0][quantity]"] == "2"
    assert params["line_items[1][price_data][unit_amount]"] == "25000"
    assert params["line_items[0][price_data][currency]"] == "nok"
    assert params["customer_email"] == "kari@example.org"
    assert headers["Idempotency-Key"] == f"checkout-{order.number}"
    lifetime = datetime.datetime.fromtimestamp(
        int(params["expires_at"]), tz=datetime.UTC
    )
    assert (
        datetime.timedelta(minutes=30)
        < lifetime - timezone.now()
        < datetime.timedelta(minutes=32)
    )
    assert order.hold_expires_at == lifetime


@pytest.mark.parametrize(
    "counts",
    [
        ("0", "0"),
        ("11", "0"),
        ("-1", "2"),
        ("abc", "1"),
        ("1.5", "0"),
        ("6", "5"),
        ("", ""),
    ],
)
def test_bad_quantities_are_form_errors_and_hold_nothing(
    client, stripe_stub, performance, counts
):
    response = buy(client, performance, *counts)
    assert response.status_code == 400
    assert not Order.objects.exists()
    assert sales(performance).held == 0
    assert not stripe_stub.requests


@pytest.mark.parametrize(
    ("field", "value"), [("email", "not an address"), ("name", ""), ("email", "")]
)
def test_name_and_email_are_required(client, stripe_stub, performance, field, value):
    data = buy_data(performance.event, 1)
    data[field] = value
    response = client.post(reverse("tickets:buy", args=[performance.pk]), data)
    assert response.status_code == 400
    assert not Order.objects.exists()


@pytest.mark.parametrize(
    ("status", "message"),
    [
        (Performance.Status.SOLD_OUT, "Utsolgt"),
        (Performance.Status.CANCELLED, "avlyst"),
        (Performance.Status.POSTPONED, "utsatt"),
    ],
)
def test_sold_out_cancelled_and_postponed_performances_refuse(
    client, stripe_stub, performance, status, message
):
    Performance.objects.filter(pk=performance.pk).update(status=status)
    page = client.get(reverse("tickets:buy", args=[performance.pk]))
    assert message in page.content.decode()
    response = buy(client, performance, 1)
    assert response.status_code == 409
    assert message in response.content.decode()
    assert not Order.objects.exists()


def test_more_tickets_than_are_left_is_refused(client, stripe_stub, performance):
    services.sales_row(performance.pk)
    PerformanceSales.objects.filter(pk=performance.pk).update(sold=18)
    response = buy(client, performance, 3)
    assert response.status_code == 409
    assert "2" in response.content.decode()
    assert not Order.objects.exists()


def test_a_past_performance_or_unknown_one_is_not_sold(
    client, stripe_stub, performance
):
    Performance.objects.filter(pk=performance.pk).update(
        start=timezone.now() - datetime.timedelta(hours=1)
    )
    assert buy(client, performance, 1).status_code == 409
    assert client.get("/billetter/kjop/999999/").status_code == 404
    assert client.get("/billetter/kjop/abc/").status_code == 404


def test_a_child_without_guardian_consent_cannot_buy(client, stripe_stub, performance):
    child = UserFactory()
    Profile.objects.create(
        user=child, birth_date=timezone.localdate() - datetime.timedelta(days=365 * 12)
    )
    client.force_login(child)
    response = buy(client, performance, 1)
    assert response.status_code == 403
    assert not Order.objects.exists()


def test_when_stripe_fails_the_seats_go_back_and_the_buyer_is_told(
    client, stripe_stub, performance, settings
):
    settings.STRIPE_SECRET_KEY = "rk_rejected_by_the_stand_in"
    response = buy(client, performance, 2)
    assert response.status_code == 503
    order = Order.objects.get()
    assert order.status == Order.Status.CANCELLED
    assert sales(performance).held == 0


def test_the_label_follows_the_sales_and_pages_are_renewed_only_when_it_changes(
    stripe_stub, performance, django_capture_on_commit_callbacks
):
    Performance.objects.filter(pk=performance.pk).update(capacity=40)
    performance.refresh_from_db()
    category = performance.event.price_categories.first()

    def reserve(count):
        with django_capture_on_commit_callbacks(execute=True):
            return services.reserve_seats(
                performance, {category: count}, name="A", email="a@example.org"
            )

    def release(order, status):
        with django_capture_on_commit_callbacks(execute=True):
            services.release_order(order, status)

    def generation():
        return cache.get(GENERATION_KEY)

    def status():
        return Performance.objects.get(pk=performance.pk).status

    before = generation()
    first = reserve(10)
    assert status() == Performance.Status.ON_SALE
    assert generation() == before
    reserve(10)
    reserve(10)
    fourth = reserve(6)  # 4 of 40 left: 10 %
    assert status() == Performance.Status.FEW_LEFT
    assert generation() != before
    few_left = generation()
    reserve(4)
    assert status() == Performance.Status.SOLD_OUT
    with pytest.raises(services.SaleRefused):
        reserve(1)
    release(fourth, Order.Status.EXPIRED)
    assert status() == Performance.Status.ON_SALE
    back_on_sale = generation()
    assert back_on_sale not in (before, few_left)
    release(first, Order.Status.CANCELLED)
    assert status() == Performance.Status.ON_SALE
    assert generation() == back_on_sale


def test_publishing_the_event_puts_back_the_status_the_sales_decide(
    stripe_stub, performance
):
    services.sales_row(performance.pk)
    PerformanceSales.objects.filter(pk=performance.pk).update(sold=20)
    page = performance.event
    page.save_revision().publish()
    assert (
        Performance.objects.get(pk=performance.pk).status == Performance.Status.SOLD_OUT
    )


@pytest.fixture
def silent_stripe(settings, stripe_stub):
    """A "Stripe" on 127.0.0.1 that takes connections and never answers,
    as an overloaded payment service does."""
    listener = socket.create_server(("127.0.0.1", 0), backlog=64)
    accepted = []
    stop = threading.Event()

    def accept():
        listener.settimeout(0.1)
        while not stop.is_set():
            try:
                accepted.append(listener.accept()[0])
            except TimeoutError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    settings.STRIPE_API_BASE = f"http://127.0.0.1:{listener.getsockname()[1]}"
    yield accepted
    stop.set()
    thread.join(5)
    for connection in accepted:
        connection.close()
    listener.close()


def test_a_silent_stripe_gives_the_seats_back_and_tells_the_buyer_in_time(
    client, performance, silent_stripe, settings
):
    settings.STRIPE_TIMEOUT_SECONDS = 0.3
    started = time.monotonic()
    response = buy(client, performance, 2)
    took = time.monotonic() - started
    assert response.status_code == 503
    assert "Vi fikk ikke kontakt med betalingstjenesten" in response.content.decode()
    # Three tries (the first and two retries), then the seats go back.
    assert len(silent_stripe) == 3
    assert took < gateway.longest_call_seconds() + 2
    assert Order.objects.get().status == Order.Status.CANCELLED
    assert sales(performance).held == 0


def test_every_try_at_stripe_ends_before_gunicorn_kills_the_worker():
    """A worker killed while it waits for Stripe answers nothing and leaves
    the seats held: the longest failing call must end well within the
    worker's timeout (site/gunicorn.conf.py)."""
    config = (Path(django_settings.BASE_DIR) / "site" / "gunicorn.conf.py").read_text()
    worker_timeout = int(re.search(r"^timeout = (\d+)", config, re.M).group(1))
    assert gateway.longest_call_seconds() <= worker_timeout - 5
