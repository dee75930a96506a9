"""Fixtures for the ticket tests: the Stripe stand-in with the settings that
point the real client at it, an event with prices and a performance, and
helpers that buy as a browser would and post signed webhooks."""

import re

import pytest
from django.urls import reverse

from tickets.models import Order, PriceCategory

from ..factories import EventPageFactory, GenreFactory, PerformanceFactory
from .stripe_stub import SECRET_KEY, WEBHOOK_SECRET, signed_event


@pytest.fixture
def stripe_stub(settings, stripe_standin):
    """The stand-in on 127.0.0.1 (one for the session, emptied for each
    test), with sales switched on against it."""
    stub = stripe_standin.reset()
    settings.STRIPE_SECRET_KEY = SECRET_KEY
    settings.STRIPE_PUBLISHABLE_KEY = "pk_test_stand_in"
    settings.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET
    settings.STRIPE_API_BASE = stub.url
    return stub


@pytest.fixture
def genre(db):
    return GenreFactory(name="Konsert", slug="konsert")


@pytest.fixture
def event(event_index, hall, genre):
    page = EventPageFactory(parent=event_index, title="Vårkonsert", genre=genre)
    PriceCategory.objects.create(
        event=page, name="Ordinær", price="350.00", sort_order=0
    )
    PriceCategory.objects.create(
        event=page, name="Student", price="250.00", sort_order=1
    )
    return page


@pytest.fixture
def performance(event, hall):
    return PerformanceFactory(event=event, hall=hall, capacity=20)


def categories(event):
    return list(event.price_categories.order_by("sort_order"))


def buy_data(event, *counts, name="Kari Nordmann", email="kari@example.org"):
    data = {"name": name, "email": email}
    for category, count in zip(categories(event), counts, strict=False):
        data[f"quantity_{category.pk}"] = count
    return data


def buy(client, performance, *counts, **buyer):
    """Post the buy form; the response is Stripe's redirect (303) or the form."""
    return client.post(
        reverse("tickets:buy", args=[performance.pk]),
        buy_data(performance.event, *counts, **buyer),
    )


def session_id_of(response):
    return re.search(r"/pay/(\w+)$", response["Location"]).group(1)


def post_event(client, event_type, obj, **kwargs):
    payload, signature = signed_event(event_type, obj, **kwargs)
    return client.post(
        reverse("tickets:stripe_webhook"),
        payload,
        content_type="application/json",
        HTTP_STRIPE_SIGNATURE=signature,
    )


def pay_and_notify(client, stub, order, **kwargs):
    """The buyer pays at Stripe, and Stripe sends checkout.session.completed."""
    session = stub.pay(order.stripe_session_id)
    return post_event(client, "checkout.session.completed", session, **kwargs)


@pytest.fixture
def bought(client, stripe_stub, performance, venue, django_capture_on_commit_callbacks):
    """A pending order of 2 ordinary and 1 student ticket, sent to Checkout."""
    with django_capture_on_commit_callbacks(execute=True):
        response = buy(client, performance, 2, 1)
    assert response.status_code == 303, response.content.decode()[:2000]
    return Order.objects.get()
