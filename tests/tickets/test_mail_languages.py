"""Receipts (the mail and the order page) and waiting-list offers speak the
buyer's language: English dates as the rest of the English site writes
them ("Monday 7 December 2099, 19:30"), Norwegian as today, and the event's
English title where it has one."""

import datetime
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from events.models import Performance
from home.services import translate
from tickets import services
from tickets.models import Order, WaitingListEntry

from ..factories import PerformanceFactory
from .conftest import buy, pay_and_notify

pytestmark = pytest.mark.django_db

START = datetime.datetime(2099, 12, 7, 19, 30)
DATES = {
    "en": "Monday 7 December 2099, 19:30",
    "nb": "mandag 7. desember 2099, 19:30",
}
TITLES = {"en": "Spring concert", "nb": "Vårkonsert"}
# Words that give a mail's language away when they are in the other one.
FOREIGN = {"en": ["desember", "mandag", "Vårkonsert"], "nb": ["December", "Monday"]}


@pytest.fixture
def monday_performance(event, hall, english_event_index):
    translate(event, "en", {"Vårkonsert": "Spring concert"})
    return PerformanceFactory(
        event=event, hall=hall, capacity=20, start=timezone.make_aware(START)
    )


def paid_order(client, stripe_stub, performance, language, capture):
    client.cookies["sprak"] = language
    with capture(execute=True):
        assert buy(client, performance, 1).status_code == 303
        pay_and_notify(client, stripe_stub, Order.objects.get())
    return Order.objects.get()


@pytest.mark.parametrize("language", ["en", "nb"])
def test_the_receipt_mail_writes_dates_and_title_in_the_buyer_s_language(
    client,
    stripe_stub,
    monday_performance,
    venue,
    language,
    django_capture_on_commit_callbacks,
):
    order = paid_order(
        client,
        stripe_stub,
        monday_performance,
        language,
        django_capture_on_commit_callbacks,
    )
    assert order.language == language
    (receipt,) = mail.outbox
    assert DATES[language] in receipt.body
    assert TITLES[language] in receipt.body
    for word in FOREIGN[language]:
        assert word not in receipt.body


@pytest.mark.parametrize("language", ["en", "nb"])
def test_the_receipt_page_writes_the_date_in_the_visitor_s_language(
    client,
    stripe_stub,
    monday_performance,
    venue,
    language,
    django_capture_on_commit_callbacks,
):
    order = paid_order(
        client,
        stripe_stub,
        monday_performance,
        language,
        django_capture_on_commit_callbacks,
    )
    html = client.get(reverse("tickets:order", args=[order.access_key])).content
    html = html.decode()
    assert f'<html lang="{language}">' in html
    assert DATES[language][0].upper() + DATES[language][1:] in html
    assert TITLES[language] in html


@pytest.mark.parametrize("language", ["en", "nb"])
def test_the_waiting_list_offer_writes_dates_and_title_in_the_entry_s_language(
    client,
    stripe_stub,
    monday_performance,
    venue,
    language,
    django_capture_on_commit_callbacks,
):
    Performance.objects.filter(pk=monday_performance.pk).update(capacity=1)
    # Kari buys the one seat in Norwegian; the person waiting chose the
    # language under test.
    order = paid_order(
        client,
        stripe_stub,
        monday_performance,
        "nb",
        django_capture_on_commit_callbacks,
    )
    client.cookies["sprak"] = language
    response = client.post(
        reverse("tickets:waiting_list", args=[monday_performance.pk]),
        {"email": "per@example.org", "quantity": 1, "age_confirmed": "on"},
    )
    assert response.status_code in (200, 302, 303)
    assert WaitingListEntry.objects.get().language == language
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.refund_order(order, [order.tickets.get()])

    (offer,) = [m for m in mail.outbox if m.to == ["per@example.org"]]
    text = offer.subject + "\n" + offer.body
    assert DATES[language][0].upper() + DATES[language][1:] in text
    assert TITLES[language] in text
    for word in FOREIGN[language]:
        assert word not in text
    # The hold runs out at a time of day written the same in both languages.
    assert re.search(r"\b\d{2}:\d{2}\b", offer.body)


@pytest.mark.parametrize("language", ["en", "nb"])
def test_free_tickets_carry_the_title_in_the_visitor_s_language(
    monday_performance, language, django_capture_on_commit_callbacks
):
    event = monday_performance.event
    type(event).objects.filter(pk=event.pk).update(
        free_entry=type(event).FREE_TICKET_HERE
    )
    monday_performance.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        order = services.register_free_tickets(
            monday_performance,
            1,
            name="Kari Nordmann",
            email="kari@example.org",
            language=language,
        )
    assert order.event_title == TITLES[language]
    (receipt,) = mail.outbox
    assert TITLES[language] in receipt.body
    assert DATES[language] in receipt.body
