"""Ticket sales in Wagtail's admin: the orders list with its filters,
search and CSV export, an order's page, the performances with their figures,
the door list, and what editors are told when Stripe is not set up."""

import pytest
from django.core import mail
from django.urls import reverse

from tickets.models import Order

from ..factories import PerformanceFactory, UserFactory
from .conftest import buy, pay_and_notify

pytestmark = pytest.mark.django_db

ORDERS = "/admin/tickets/order/"
PERFORMANCES = "/admin/tickets/performancesales/"


@pytest.fixture
def editor(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


@pytest.fixture
def sales(client, stripe_stub, performance, event, hall, venue):
    """Two paid orders for the performance, one pending for another."""
    other = PerformanceFactory(event=event, hall=hall, capacity=50)
    for email in ("kari@example.org", "ola@example.org"):
        buy(client, performance, 1, 1, email=email)
        pay_and_notify(client, stripe_stub, Order.objects.order_by("-pk").first())
    buy(client, other, 2, email="per@example.org")
    mail.outbox.clear()
    return Order.objects.order_by("pk")


def test_orders_are_listed_with_their_state(editor, sales):
    response = editor.get(ORDERS)
    assert response.status_code == 200
    html = response.content.decode()
    for order in sales:
        assert order.number in html
    assert "Paid" in html or "Betalt" in html


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("status=paid", 2),
        ("status=pending", 1),
        ("q=ola%40example.org", 1),
        ("q=PER@example.org", 1),
    ],
)
def test_orders_filter_and_search(editor, sales, query, expected):
    html = editor.get(f"{ORDERS}?{query}").content.decode()
    assert sum(order.number in html for order in sales) == expected


def test_orders_filter_by_event_performance_and_number(editor, sales, performance):
    html = editor.get(f"{ORDERS}?performance={performance.pk}").content.decode()
    assert sum(order.number in html for order in sales) == 2
    html = editor.get(f"{ORDERS}?event={performance.event_id}").content.decode()
    assert sum(order.number in html for order in sales) == 3
    first = sales.first()
    html = editor.get(f"{ORDERS}?q={first.number}").content.decode()
    assert sum(order.number in html for order in sales) == 1
    assert editor.get(f"{ORDERS}?event=abc&performance=x").status_code == 200


def test_sales_export_as_csv_without_names_or_addresses(editor, sales):
    response = editor.get(f"{ORDERS}?export=csv&status=paid")
    assert response.status_code == 200
    text = (
        b"".join(response.streaming_content).decode()
        if response.streaming
        else (response.content.decode())
    )
    lines = text.strip().splitlines()
    assert len(lines) == 3
    assert "600,00" in text
    assert "@example.org" not in text
    assert "Kari" not in text


def test_an_order_page_shows_lines_tickets_and_the_refund_button(editor, sales):
    order = sales.first()
    html = editor.get(f"{ORDERS}inspect/{order.pk}/").content.decode()
    for code in order.tickets.values_list("code", flat=True):
        assert code in html
    assert reverse("tickets_admin:refund", args=[order.pk]) in html


def test_performances_show_sold_held_left_and_takings(editor, sales, performance):
    html = editor.get(PERFORMANCES).content.decode()
    assert "1\u00a0200,00" in html  # 2 × (350 + 250)
    assert "Vårkonsert" in html
    assert editor.get(f"{PERFORMANCES}?when=upcoming").status_code == 200


def test_the_door_list_names_the_buyers_and_their_codes(editor, sales, performance):
    response = editor.get(reverse("tickets_admin:door_list", args=[performance.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    for order in sales.filter(performance=performance):
        assert order.name in html
        for code in order.tickets.values_list("code", flat=True):
            assert code in html
    assert "per@example.org" not in html


def test_the_admin_names_the_missing_stripe_setting(editor, settings, db):
    settings.STRIPE_SECRET_KEY = ""
    settings.STRIPE_WEBHOOK_SECRET = "whsec_x"
    for url in ("/admin/", ORDERS):
        html = editor.get(url).content.decode()
        assert "STRIPE_SECRET_KEY" in html
        assert "STRIPE_WEBHOOK_SECRET" not in html


def test_the_dashboard_counts_todays_sales(editor, sales):
    html = editor.get("/admin/").content.decode()
    assert "STRIPE_SECRET_KEY" not in html
    assert "1\u00a0200,00" in html


def test_people_who_are_not_editors_see_nothing(client, sales, performance):
    client.force_login(UserFactory())
    assert client.get(ORDERS).status_code in (302, 403)
    assert client.get(
        reverse("tickets_admin:door_list", args=[performance.pk])
    ).status_code in (302, 403)
    assert client.post(
        reverse("tickets_admin:refund", args=[sales.first().pk]), {}
    ).status_code in (302, 403)


def test_orders_cannot_be_added_edited_or_deleted(editor, sales):
    order = sales.first()
    assert editor.get(f"{ORDERS}create/").status_code in (302, 403)
    assert editor.get(f"{ORDERS}edit/{order.pk}/").status_code in (302, 403)
    assert editor.get(f"{ORDERS}delete/{order.pk}/").status_code in (302, 403)


def test_an_editor_sets_an_external_seller_and_the_page_follows(
    editor, stripe_stub, performance, venue, django_capture_on_commit_callbacks
):
    from tickets import services

    services.sales_row(performance.pk)
    anonymous = editor.__class__()
    assert "/billetter/kjop/" in anonymous.get(performance.event.url).content.decode()
    url = f"{PERFORMANCES}edit/{performance.pk}/"
    assert editor.get(url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = editor.post(url, {"external_url": "https://billett.example.no/x"})
    assert response.status_code == 302
    html = anonymous.get(performance.event.url).content.decode()
    assert "https://billett.example.no/x" in html
    assert "/billetter/kjop/" not in html


def test_editors_set_prices_on_the_event(editor, event, performance):
    response = editor.get(f"/admin/pages/{event.pk}/edit/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "price_categories-TOTAL_FORMS" in html
    assert 'value="Student"' in html


def test_performance_rows_cannot_be_added_or_deleted_even_by_a_superuser(
    editor, sales, performance
):
    """Rows follow the performances: the admin offers no form to add or
    delete one, and a post made anyway changes nothing."""
    row = performance.sales
    assert editor.post(f"{PERFORMANCES}create/", {}).status_code in (302, 403)
    assert editor.post(f"{PERFORMANCES}delete/{row.pk}/").status_code in (302, 403)
    assert type(row).objects.filter(pk=row.pk).exists()
