"""Every purchase step and every mail about an order (the receipt, a refund,
a cancellation) link the terms of sale at the address of the buyer's
language (English under /en/), so an English buyer reads the English terms
page, and a Norwegian one the page at its old address."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from events.models import EventPage, Performance
from tickets import services
from tickets.models import Order

from ..factories import EventPageFactory, PerformanceFactory
from .conftest import buy, pay_and_notify

pytestmark = pytest.mark.django_db

TERMS = {"nb": "/billetter/kjopsvilkar/", "en": "/en/tickets/terms-of-sale/"}
OTHER = {"nb": "en", "en": "nb"}
LANGUAGES = pytest.mark.parametrize("language", ["nb", "en"])


def terms_links(html):
    """The addresses of the terms linked in the page's main part."""
    main = html.split('<main id="main"', 1)[1].split("</main>", 1)[0]
    return set(re.findall(r'href="([^"]*(?:kjopsvilkar|terms-of-sale)/)"', main))


def visitor(client, language):
    client.cookies["sprak"] = language
    return client


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    """Runs what waits for the commit (the mails) at the block's end."""
    return django_capture_on_commit_callbacks


def paid_order(client, stripe_stub, performance, quantity, on_commit):
    """An order of ``quantity`` tickets bought and paid through the
    shop, its mails sent."""
    with on_commit(execute=True):
        assert buy(client, performance, quantity).status_code == 303
        pay_and_notify(client, stripe_stub, Order.objects.get())
    return Order.objects.get()


@LANGUAGES
def test_the_buy_page_links_the_terms_in_the_buyer_s_language(
    client, stripe_stub, performance, venue, language
):
    html = visitor(client, language).get(reverse("tickets:buy", args=[performance.pk]))
    assert terms_links(html.content.decode()) == {TERMS[language]}


@LANGUAGES
def test_the_receipt_page_and_mail_link_the_terms_in_the_buyer_s_language(
    client,
    stripe_stub,
    performance,
    venue,
    language,
    on_commit,
):
    visitor(client, language)
    order = paid_order(client, stripe_stub, performance, 1, on_commit)
    html = client.get(reverse("tickets:order", args=[order.access_key]))
    assert terms_links(html.content.decode()) == {TERMS[language]}

    (receipt,) = mail.outbox
    (link,) = linked_terms(receipt)
    assert link == TERMS[language]
    assert TERMS[OTHER[language]] not in receipt.body
    # The link leads to the terms in the receipt's language.
    terms = client.get(link).content.decode()
    assert f'<html lang="{language}">' in terms


@LANGUAGES
def test_a_waiting_list_offer_links_the_terms_in_the_language_of_the_entry(
    client,
    stripe_stub,
    performance,
    venue,
    language,
    on_commit,
):
    Performance.objects.filter(pk=performance.pk).update(capacity=1)
    order = paid_order(client, stripe_stub, performance, 1, on_commit)
    visitor(client, language).post(
        reverse("tickets:waiting_list", args=[performance.pk]),
        {"email": "per@example.org", "quantity": 1, "age_confirmed": "on"},
    )
    with on_commit(execute=True):
        services.refund_order(order, [order.tickets.get()])
    (offer,) = [m for m in mail.outbox if m.to == ["per@example.org"]]
    path = re.search(r"https?://\S+(/billetter/venteliste/tilbud/\S+/)", offer.body)
    html = client.get(path.group(1)).content.decode()
    # The offer's own buy form, in the entry's language.
    assert {"nb": "Gå til betaling", "en": "Go to payment"}[language] in html
    assert terms_links(html) == {TERMS[language]}


def linked_terms(message):
    """The terms' path in the mail's text (every link to them), checked to
    be absolute on the site's host."""
    links = re.findall(
        r"(https?://[^/\s]+)(/\S*(?:kjopsvilkar|terms-of-sale)/)", message.body
    )
    assert {host for host, _path in links} == {"http://testserver"}
    return [path for _host, path in links]


@LANGUAGES
def test_a_refund_mail_links_the_terms_in_the_order_s_language(
    client,
    stripe_stub,
    performance,
    venue,
    language,
    on_commit,
):
    visitor(client, language)
    order = paid_order(client, stripe_stub, performance, 2, on_commit)
    assert order.language == language
    mail.outbox.clear()
    with on_commit(execute=True):
        services.refund_order(order, [order.tickets.first()])

    (refund,) = mail.outbox
    assert linked_terms(refund) == [TERMS[language]]
    assert {"nb": "Kjøpsvilkår: ", "en": "Terms of sale: "}[language] in refund.body


@LANGUAGES
def test_a_cancellation_mail_links_the_terms_in_the_order_s_language(
    event_index, hall, venue, language, on_commit
):
    free_event = EventPageFactory(
        parent=event_index, free_entry=EventPage.FREE_TICKET_HERE, price_from=0
    )
    free_performance = PerformanceFactory(event=free_event, hall=hall, capacity=5)
    order = services.register_free_tickets(
        free_performance,
        1,
        name="Kari Nordmann",
        email="kari@example.org",
        language=language,
    )
    mail.outbox.clear()
    with on_commit(execute=True):
        services.cancel_free_order(order)

    (cancelled,) = mail.outbox
    assert linked_terms(cancelled) == [TERMS[language]]
    assert {"nb": "Kjøpsvilkår: ", "en": "Terms of sale: "}[language] in (
        cancelled.body
    )
