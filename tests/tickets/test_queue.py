"""The queue in front of a buy page in a release rush (tickets/queue.py):
numbers taken in arrival order are let in at the configured rate after a
first burst, the same in Redis (the Lua script, against a real
redis-server) as in the in-process store; a buyer whose turn has not come
gets a small waiting page and cannot send the form; a sold-out performance
answers at once with its waiting list; a Redis outage opens the gate."""

import itertools
import time

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from events.models import Performance
from tickets import queue
from tickets.models import Order

from .conftest import buy

pytestmark = pytest.mark.django_db


@pytest.fixture(params=["local", "redis"])
def gates(request):
    if request.param == "local":
        return queue.LocalStore()
    return queue.RedisStore(request.getfixturevalue("redis_url"))


def take(gates, now, *, rate=2.0, burst=3, key="gate-test"):
    _id, _last, admitted, number = gates.step(
        key, now=now, rate=rate, burst=burst, take=True, ttl=3600
    )
    return number, admitted


def look(gates, now, *, rate=2.0, burst=3, key="gate-test"):
    return gates.step(key, now=now, rate=rate, burst=burst, take=False, ttl=3600)[2]


def test_numbers_are_let_in_in_order_at_the_rate_after_a_burst(gates):
    now = 1_000_000.0
    taken = [take(gates, now) for _ in range(10)]
    assert [number for number, _admitted in taken] == list(range(1, 11))
    # The first three at once, the fourth waits.
    assert all(number <= admitted for number, admitted in taken[:3])
    assert not any(number <= admitted for number, admitted in taken[3:])
    # Two a second: after 1.5 s numbers up to 6 are in, after 3.5 s all ten.
    assert int(look(gates, now + 1.5)) == 6
    assert int(look(gates, now + 3.5)) == 10
    # Never more than the numbers taken plus a burst.
    assert look(gates, now + 100) == pytest.approx(13)


def test_a_quiet_queue_banks_at_most_a_burst(gates):
    now = 2_000_000.0
    take(gates, now)
    numbers = [take(gates, now + 600) for _ in range(5)]
    # After ten quiet minutes, three come in at once, not 1200.
    assert [n <= a for n, a in numbers] == [True, True, True, False, False]


def test_a_buyer_alone_never_waits(gates):
    now = 3_000_000.0
    for second in range(20):
        number, admitted = take(gates, now + second, rate=1.0, burst=1)
        assert number <= admitted


def test_the_redis_gate_is_one_queue_for_every_process(redis_url):
    first, second = queue.RedisStore(redis_url), queue.RedisStore(redis_url)
    now = 4_000_000.0
    numbers = [
        take(store, now)[0]
        for store in itertools.islice(itertools.cycle([first, second]), 6)
    ]
    assert numbers == [1, 2, 3, 4, 5, 6]


# The buy page behind the gate ------------------------------------------------


@pytest.fixture
def gated(settings):
    """The in-process queue: one buyer in at once, then one every 100 s
    (a test moves the clock instead of waiting)."""
    settings.TICKETS_QUEUE_BACKEND = "local"
    settings.TICKETS_QUEUE_RATE = 0.01
    settings.TICKETS_QUEUE_BURST = 1
    queue._store.cache_clear()
    yield
    queue._store.cache_clear()


def buy_url(performance):
    return reverse("tickets:buy", args=[performance.pk])


def test_the_second_buyer_waits_and_comes_in_when_their_turn_comes(
    client, stripe_stub, performance, gated, monkeypatch
):
    first = client.get(buy_url(performance))
    assert first.status_code == 200
    assert 'name="csrfmiddlewaretoken"' in first.content.decode()
    assert queue.cookie_name(performance.pk) in first.cookies

    other = Client()
    waiting = other.get(buy_url(performance))
    html = waiting.content.decode()
    assert waiting.status_code == 200
    assert "csrfmiddlewaretoken" not in html
    assert "Mange kjøper akkurat nå" in html
    assert 'data-queue-number="2"' in html
    assert "<strong data-queue-position>1</strong>" in html
    assert waiting["Cache-Control"].startswith("max-age=0")
    assert "no-store" in waiting["Cache-Control"]

    # Sending the form before the turn comes is not taken.
    refused = buy(other, performance, 1)
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) >= 1
    assert "Billettene ble ikke reservert" in refused.content.decode()
    assert not Order.objects.exists()

    # A returning buyer keeps their number.
    assert 'data-queue-number="2"' in other.get(buy_url(performance)).content.decode()

    later = time.time() + 101
    monkeypatch.setattr(queue, "clock", lambda: later)
    status = other.get(reverse("tickets:queue_status", args=[performance.pk]))
    assert status.json() == {"admitted": 2, "sold_out": False, "on_sale": True}
    form = other.get(buy_url(performance))
    assert 'name="csrfmiddlewaretoken"' in form.content.decode()
    bought = buy(other, performance, 1)
    assert bought.status_code == 303
    # The turn is used: the number is forgotten.
    assert bought.cookies[queue.cookie_name(performance.pk)].value == ""


def test_a_sold_out_performance_answers_at_once_with_its_waiting_list(
    client, stripe_stub, performance, gated, django_assert_max_num_queries
):
    Performance.objects.filter(pk=performance.pk).update(
        status=Performance.Status.SOLD_OUT
    )
    Client().get(buy_url(performance))  # the site and its settings, once
    with django_assert_max_num_queries(1):
        response = client.get(buy_url(performance))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Utsolgt" in html
    assert reverse("tickets:waiting_list", args=[performance.pk]) in html
    # No number is taken for it.
    assert queue.cookie_name(performance.pk) not in response.cookies


def test_the_waiting_page_costs_one_query(
    client,
    stripe_stub,
    performance,
    gated,
    django_assert_max_num_queries,
):
    client.get(buy_url(performance))
    Client().get(buy_url(performance))  # the site and its settings, once
    with django_assert_max_num_queries(1):
        response = Client().get(buy_url(performance))
    assert "data-queue-number" in response.content.decode()


def test_the_status_is_shared_for_a_second_only(
    client, stripe_stub, performance, gated, settings
):
    settings.PAGE_CACHE_SECONDS = 300
    settings.PROXY_CACHE_SECONDS = 10
    cache.clear()
    url = reverse("tickets:queue_status", args=[performance.pk])
    response = client.get(url)
    assert "s-maxage=1" in response["Cache-Control"]
    assert "public" in response["Cache-Control"]
    assert response.json()["admitted"] == 1


def test_without_a_queue_the_buy_page_is_as_before(client, stripe_stub, performance):
    response = client.get(buy_url(performance))
    assert 'name="csrfmiddlewaretoken"' in response.content.decode()
    assert not any(name.startswith("billettko") for name in response.cookies)
    status = client.get(reverse("tickets:queue_status", args=[performance.pk]))
    assert status.json()["admitted"] is None


def test_an_unreachable_redis_opens_the_gate(
    client, stripe_stub, performance, settings, caplog
):
    settings.TICKETS_QUEUE_BACKEND = "redis"
    # A port nothing listens on: connections are refused at once.
    settings.TICKETS_QUEUE_REDIS_URL = "redis://127.0.0.1:9/0"
    queue._store.cache_clear()
    try:
        response = client.get(buy_url(performance))
        assert 'name="csrfmiddlewaretoken"' in response.content.decode()
        assert buy(client, performance, 1).status_code == 303
    finally:
        queue._store.cache_clear()
    assert "unreachable" in caplog.text
