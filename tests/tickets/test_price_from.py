"""An event's "price from" follows its ticket prices: what an editor types
in the field gives way to the lowest price the shop sells at, so the
programme's card, the event page and the search engines' data agree with
the shop."""

import json

import pytest
from wagtail.test.utils.form_data import inline_formset

from events.models import EventPage, Performance
from tickets import services
from tickets.models import PerformanceSales, PriceCategory
from tickets.templatetags.tickets_tags import with_ticket_offers

from ..factories import EventPageFactory, PerformanceFactory, UserFactory
from .test_free_tickets import event_form

pytestmark = pytest.mark.django_db


def published_from_form(event_index, hall, prices, price_from="500"):
    """An event made in the editor's form, with ``prices`` [(name, price,
    deleted)], saved and published as the admin does."""
    editor = UserFactory(is_staff=True, is_superuser=True)
    form = event_form(
        event_index,
        hall,
        editor,
        free_entry="",
        price_from=price_from,
        price_categories=inline_formset(
            [
                {"name": name, "price": price, **({"DELETE": "1"} if gone else {})}
                for name, price, gone in prices
            ]
        ),
    )
    assert form.is_valid(), form.errors
    page = form.save(commit=False)
    event_index.add_child(instance=page)
    page.save_revision(user=editor).publish()
    return EventPage.objects.get(pk=page.pk)


def test_the_lowest_ticket_price_wins_over_what_was_typed(client, event_index, hall):
    event = published_from_form(
        event_index,
        hall,
        [("Ordinær", "400", False), ("Student", "300", False), ("Honnør", "150", True)],
    )
    # The deleted 150 counts for nothing; the typed 500 gives way.
    assert event.price_from == 300
    assert event.get_latest_revision().as_object().price_from == 300

    html = client.get(event_index.url).content.decode()
    assert "Fra kr 300" in html
    assert "Fra kr 500" not in html
    page = client.get(event.url).content.decode()
    items = json.loads(
        page.split('<script type="application/ld+json">')[1].split("</script>")[0]
    )
    # One item per performance, each offering from the lowest price.
    assert [item["offers"]["price"] for item in items] == ["300.00"]


def test_without_ticket_prices_the_typed_price_stays(event_index, hall):
    event = published_from_form(event_index, hall, [], price_from="250")
    assert event.price_from == 250


def test_a_card_shows_the_price_and_a_free_event_only_its_badge(
    client, event_index, hall
):
    paid = EventPageFactory(parent=event_index, title="Jazzkveld", price_from="180")
    free = EventPageFactory(
        parent=event_index, title="Lunsjkonsert", free_entry="no_ticket", price_from=0
    )
    unknown = EventPageFactory(parent=event_index, title="Ukjent pris")
    for event in (paid, free, unknown):
        PerformanceFactory(event=event, hall=hall)
    html = client.get(event_index.url).content.decode()
    cards = {
        title: card
        for card in html.split('<article class="card card--event">')[1:]
        for title in ("Jazzkveld", "Lunsjkonsert", "Ukjent pris")
        if f">{title}</a>" in card
    }
    assert 'class="card__price">Fra kr 180<' in cards["Jazzkveld"]
    assert "card__price" not in cards["Lunsjkonsert"]
    assert "Gratis, uten billett" in cards["Lunsjkonsert"]
    assert "card__price" not in cards["Ukjent pris"]


# The card's buy button ---------------------------------------------------


def card_of(html, title):
    return next(
        card
        for card in html.split('<article class="card card--event">')[1:]
        if f">{title}</a>" in card
    )


def test_a_card_offers_to_buy_only_what_can_be_bought(
    client, settings, event_index, event, performance, hall
):
    """'Kjøp billett' on a card says what the event page says: not before
    sales are set up, to the buy page for one date, to the dates for
    several, to the other seller, and never for a sold-out date."""
    settings.STRIPE_SECRET_KEY = ""
    html = client.get(event_index.url).content.decode()
    assert "card__buy" not in card_of(html, "Vårkonsert")  # "sales open soon"

    settings.STRIPE_SECRET_KEY = "sk_test_card"
    settings.STRIPE_PUBLISHABLE_KEY = "pk_test_card"
    settings.STRIPE_WEBHOOK_SECRET = "whsec_card"
    event.save_revision().publish()  # a new cache generation
    card = card_of(client.get(event_index.url).content.decode(), "Vårkonsert")
    buy = f'href="/billetter/kjop/{performance.pk}/"'
    assert buy in card
    assert 'Kjøp billett<span class="visually-hidden">: Vårkonsert</span>' in card

    PerformanceFactory(event=event, hall=hall)
    event.save_revision().publish()
    card = card_of(client.get(event_index.url).content.decode(), "Vårkonsert")
    assert f'href="{event.url}#datoer"' in card and buy not in card

    free = EventPageFactory(
        parent=event_index, title="Åpen dag", free_entry="ticket_here", price_from=0
    )
    PerformanceFactory(event=free, hall=hall)
    gone = EventPageFactory(parent=event_index, title="Utsolgt konsert")
    PerformanceFactory(event=gone, hall=hall, status="sold_out")
    gone.save_revision().publish()
    html = client.get(event_index.url).content.decode()
    assert "Hent gratisbillett" in card_of(html, "Åpen dag")
    assert "card__buy" not in card_of(html, "Utsolgt konsert")


def test_a_card_sends_a_one_date_buyer_to_the_other_seller(
    client, stripe_stub, event_index, event, performance
):
    services.sales_row(performance.pk)
    PerformanceSales.objects.filter(pk=performance.pk).update(
        external_url="https://billett.example.no/x"
    )
    event.save_revision().publish()
    card = card_of(client.get(event_index.url).content.decode(), "Vårkonsert")
    assert 'href="https://billett.example.no/x" rel="external noopener"' in card
    assert "/billetter/kjop/" not in card


def test_the_programme_reads_the_offers_of_all_cards_in_one_query(
    client, stripe_stub, event_index, hall, django_assert_num_queries
):
    for number in range(5):
        PerformanceFactory(
            event=EventPageFactory(parent=event_index, title=f"Konsert {number}"),
            hall=hall,
        )
    first, second, *_rest = Performance.objects.order_by("pk")
    for performance in (first, second):
        PriceCategory.objects.create(event=performance.event, name="Ordinær", price=200)
    services.sales_row(second.pk)
    PerformanceSales.objects.filter(pk=second.pk).update(
        external_url="https://billett.example.no/y"
    )
    cards = [{"next": p} for p in Performance.objects.order_by("pk")]
    with django_assert_num_queries(1):
        offered = with_ticket_offers(cards)
    assert [card["offer"].kind for card in offered] == [
        "buy",
        "external",
        "none",  # no prices: nothing to sell
        "none",
        "none",
    ]
    assert offered[1]["offer"].url == "https://billett.example.no/y"
