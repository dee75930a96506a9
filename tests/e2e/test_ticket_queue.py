"""The queue in front of a buy page (tickets/queue.py) in a real browser,
against a redis-server of the test's own: a buyer who is not let in yet
sees their place on "Mange kjøper akkurat nå", the page updates itself by
script (announced politely, without moving focus) and takes them on to the
buy form when their turn comes; a form sent before the turn (here: the queue
lost its numbers while the buyer filled it in) gets the 429 with a clear
message and the buyer waits again. The waiting page passes axe.

The queue's clock is the test's: it moves one buyer's turn at a time, so
the test does not depend on how fast a loaded machine answers."""

import pytest
import redis
from django.test import Client
from django.urls import reverse
from playwright.sync_api import expect

from tickets import queue
from tickets.models import Order

from .test_ticket_shop import no_violations
from .test_tickets import open_buy_page, sold_here, stripe_stub

__all__ = ["stripe_stub"]  # the fixture, used by name

RATE = 0.5  # one buyer let in every two seconds of the queue's clock
TURN = 1 / RATE


@pytest.fixture
def queue_clock(settings, redis_url, monkeypatch):
    """The queue in Redis, one buyer let in at once and then one every two
    seconds of a clock the test moves (a list of one float)."""
    settings.TICKETS_QUEUE_BACKEND = "redis"
    settings.TICKETS_QUEUE_REDIS_URL = redis_url
    settings.TICKETS_QUEUE_RATE = RATE
    settings.TICKETS_QUEUE_BURST = 1
    now = [1_900_000_000.0]
    monkeypatch.setattr(queue, "clock", lambda: now[0])
    queue._store.cache_clear()
    yield now
    queue._store.cache_clear()


def other_buyers_arrive(performance, count):
    """``count`` buyers open the buy page before ours (each takes a number);
    whether each got the form."""
    url = reverse("tickets:buy", args=[performance.pk])
    return [
        "csrfmiddlewaretoken" in Client().get(url).content.decode()
        for _ in range(count)
    ]


def fill_in(page):
    page.locator("#id_name").fill("Kim Kø")
    page.locator("#id_email").fill("ko@example.org")
    page.locator("input[name^='quantity_']").first.fill("1")


@pytest.mark.submits("tickets:buy")
def test_a_buyer_waits_their_turn_on_a_page_that_updates_itself(
    demo_site, page, axe_source, stripe_stub, redis_url, queue_clock
):
    performance = sold_here()
    assert other_buyers_arrive(performance, 2) == [True, False]

    # Ours is the third number: two places from the shop.
    open_buy_page(page, demo_site, performance)
    expect(page.locator("h1")).to_have_text("Mange kjøper akkurat nå")
    expect(page.locator("main")).to_have_attribute("data-queue-number", "3")
    place = page.locator("[data-queue-position]")
    expect(place).to_have_text("2")
    expect(page.locator("#id_name")).to_have_count(0)
    # The place is in a polite live region read as a whole, so a screen
    # reader says "Din plass i køen: 1" when it changes, after what it is
    # reading, and nothing takes the focus.
    region = page.get_by_role("status")
    expect(region).to_have_attribute("aria-live", "polite")
    expect(region).to_have_attribute("aria-atomic", "true")
    expect(region).to_contain_text("Din plass i køen: 2")
    expect(page.locator("[role=alert], [aria-live=assertive]")).to_have_count(0)
    no_violations(page, axe_source)

    # A keyboard user rests on "Er det min tur?" while the page updates.
    check_turn = page.get_by_role("link", name="Er det min tur?")
    check_turn.focus()
    queue_clock[0] += TURN
    expect(place).to_have_text("1", timeout=15_000)
    expect(region).to_contain_text("Din plass i køen: 1")
    expect(check_turn).to_be_focused()
    expect(page.locator("#id_name")).to_have_count(0)

    # The turn comes: the page goes on to the buy form by itself.
    queue_clock[0] += TURN
    expect(page.locator("#id_name")).to_be_visible(timeout=15_000)
    no_violations(page, axe_source)
    fill_in(page)

    # Redis restarts and loses the queue while the buyer fills in the form;
    # two buyers take the new queue's first numbers. The form is sent with
    # a number of the old queue: not taken, the buyer is third again.
    redis.Redis.from_url(redis_url).flushall()
    assert other_buyers_arrive(performance, 2) == [True, False]
    with page.expect_response(
        lambda response: response.request.method == "POST"
    ) as sent:
        page.locator("main button[type=submit]").click()
    refused = sent.value
    assert refused.status == 429
    assert int(refused.headers["retry-after"]) >= 1
    expect(page.locator(".tickets__refusal")).to_contain_text(
        "Billettene ble ikke reservert: det var ikke din tur ennå."
    )
    expect(place).to_have_text("2")
    assert not Order.objects.filter(email="ko@example.org").exists()
    no_violations(page, axe_source)

    # Two turns later the page takes the buyer back to the form, and the
    # order goes through to payment.
    queue_clock[0] += 2 * TURN
    expect(page.locator("#id_name")).to_be_visible(timeout=15_000)
    fill_in(page)
    page.locator("main button[type=submit]").click()
    page.wait_for_url(stripe_stub.url + "/pay/*")
    order = Order.objects.get(email="ko@example.org")
    assert (order.quantity, order.is_pending) == (1, True)


def test_a_waiting_buyer_learns_of_the_sell_out_in_place(
    demo_site, page, axe_source, stripe_stub, redis_url, queue_clock
):
    """When the last seats go, the waiting page says so itself, with the
    waiting list, from the shared status: a queue of thousands does not
    open the buy page again all at once for the same answer."""
    performance = sold_here()
    other_buyers_arrive(performance, 1)
    open_buy_page(page, demo_site, performance)
    expect(page.locator("h1")).to_have_text("Mange kjøper akkurat nå")
    page.get_by_role("link", name="Er det min tur?").focus()
    buy_url = reverse("tickets:buy", args=[performance.pk])
    asked_again = []
    page.on("request", lambda request: buy_url in request.url and asked_again.append(1))

    type(performance).objects.filter(pk=performance.pk).update(
        status=type(performance).Status.SOLD_OUT
    )
    heading = page.locator("h1")
    expect(heading).to_have_text("Utsolgt", timeout=15_000)
    expect(heading).to_be_focused()
    expect(page).to_have_title("Utsolgt")
    expect(page.get_by_role("alert")).to_contain_text(
        "Det er ingen billetter igjen til denne forestillingen."
    )
    expect(page.get_by_role("link", name="Meld deg på ventelisten")).to_have_attribute(
        "href", reverse("tickets:waiting_list", args=[performance.pk])
    )
    assert page.url.endswith(buy_url) and asked_again == []
    no_violations(page, axe_source)
