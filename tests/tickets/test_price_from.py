"""An event's "price from" follows its ticket prices: what an editor types
in the field gives way to the lowest price the shop sells at, so the
programme's card, the event page and the search engines' data agree with
the shop."""

import json

import pytest
from wagtail.test.utils.form_data import inline_formset

from events.models import EventPage

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
