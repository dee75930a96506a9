"""My page: my orders with their tickets, and suggestions from the genres
of past purchases with the switch that turns this profiling off (and none
while processing of the person's data is restricted)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from privacy import services as privacy
from privacy.registry import Subject
from tickets import services
from tickets.models import Order, RecommendationChoice

from ..factories import EventPageFactory, GenreFactory, PerformanceFactory, UserFactory
from .conftest import buy, pay_and_notify

pytestmark = pytest.mark.django_db


@pytest.fixture
def kari(client):
    user = UserFactory(email="kari@example.org")
    client.force_login(user)
    return user


@pytest.fixture
def purchase(client, stripe_stub, performance, kari):
    buy(client, performance, 1, 1)
    pay_and_notify(client, stripe_stub, Order.objects.get())
    return Order.objects.get()


@pytest.fixture
def coming(event_index, hall, genre):
    """Another concert (same genre) and a play (another genre)."""
    concert = EventPageFactory(parent=event_index, title="Høstkonsert", genre=genre)
    PerformanceFactory(event=concert, hall=hall)
    play = EventPageFactory(
        parent=event_index, title="Et dukkehjem", genre=GenreFactory(name="Teater")
    )
    PerformanceFactory(event=play, hall=hall)
    return concert, play


def test_my_orders_show_the_tickets(client, purchase):
    html = client.get(reverse("accounts:my_page")).content.decode()
    assert 'id="my-page-tickets"' in html
    assert purchase.number in html
    for code in purchase.tickets.values_list("code", flat=True):
        assert code in html
    assert reverse("tickets:order", args=[purchase.access_key]) in html


def test_orders_bought_signed_out_with_a_verified_address_show_too(
    client, stripe_stub, performance
):
    from allauth.account.models import EmailAddress

    buy(client, performance, 1, email="ola@example.org")
    pay_and_notify(client, stripe_stub, Order.objects.get())
    ola = UserFactory(email="ola@example.org")
    EmailAddress.objects.create(user=ola, email="ola@example.org", verified=True)
    client.force_login(ola)
    assert (
        Order.objects.get().number
        in client.get(reverse("accounts:my_page")).content.decode()
    )


def test_suggestions_come_from_the_genres_of_past_purchases(client, purchase, coming):
    concert, play = coming
    html = client.get(reverse("accounts:my_page")).content.decode()
    assert 'id="my-page-recommendations"' in html
    assert "Høstkonsert" in html
    assert "Et dukkehjem" not in html
    assert "Vårkonsert" not in html.split('id="my-page-recommendations"')[1]


def test_turning_suggestions_off_derives_nothing(client, kari, purchase, coming):
    response = client.post(reverse("tickets:recommendations"), {})
    assert response.status_code == 302
    assert RecommendationChoice.objects.get(user=kari).enabled is False

    with CaptureQueriesContext(connection) as queries:
        assert services.recommended_events(kari) == []
    assert not any("tickets_order" in query["sql"] for query in queries)
    html = client.get(reverse("accounts:my_page")).content.decode()
    assert "Høstkonsert" not in html

    client.post(reverse("tickets:recommendations"), {"enabled": "on"})
    assert services.recommended_events(kari)[0].event.title == "Høstkonsert"


def test_the_switch_needs_a_signed_in_post(client, db):
    assert client.get(reverse("tickets:recommendations")).status_code in (302, 405)
    assert client.post(reverse("tickets:recommendations"), {}).status_code == 302
    assert not RecommendationChoice.objects.exists()


def test_a_restricted_account_gets_no_suggestions(client, kari, purchase, coming):
    privacy.restrict(Subject.for_user(kari), reason="Contests the data.")
    with CaptureQueriesContext(connection) as queries:
        assert services.recommended_events(kari) == []
    assert not any("tickets_order" in query["sql"] for query in queries)
    html = client.get(reverse("accounts:my_page")).content.decode()
    assert "Høstkonsert" not in html


def test_suggestions_return_when_the_restriction_is_lifted(kari, purchase, coming):
    restriction = privacy.restrict(Subject.for_user(kari), reason="Checking.")
    privacy.lift_restriction(restriction, reason="Checked.", editor=kari)
    assert services.recommended_events(kari)[0].event.title == "Høstkonsert"
