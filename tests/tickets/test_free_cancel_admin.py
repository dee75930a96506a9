"""An editor cancels a free order for its buyer (who phoned to say they
cannot come): the admin asks first, then cancels through the buyer's own
service, so the seats go to the waiting list first, the buyer gets the same
mail in their language, and the admin's history says who did it without
naming the buyer. Paid, cancelled and started orders are refused with a 409
that says why."""

import datetime

import pytest
from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry

from events.models import Performance
from tickets import services
from tickets.models import Order, WaitingListEntry

from ..events.test_query_counts import count_queries
from ..factories import UserFactory
from .conftest import pay_and_notify
from .test_free_tickets import free_event, free_performance, register, sales

__all__ = ["free_event", "free_performance"]  # fixtures, used by name

pytestmark = pytest.mark.django_db


def cancel_url(order):
    return reverse("tickets_admin:cancel_free", args=[order.pk])


@pytest.fixture
def boss():
    return UserFactory(
        is_staff=True,
        is_superuser=True,
        email="rita@example.org",
        first_name="Rita",
        last_name="Redaktør",
    )


@pytest.fixture
def editor(client, boss):
    client.force_login(boss)
    return client


@pytest.fixture
def order(free_performance, venue):
    order = register(free_performance, 2, wheelchair=1)
    mail.outbox.clear()
    return order


# The service ---------------------------------------------------------------


def test_an_editor_cancels_through_the_buyers_service_and_it_is_logged(
    order, boss, free_performance, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        cancelled = services.cancel_free_order(order, by=boss)

    assert cancelled.status == Order.Status.CANCELLED
    assert not order.tickets.filter(refunded_at=None).exists()
    row = sales(free_performance)
    assert (row.sold, row.wheelchair_sold) == (0, 0)
    (entry,) = ModelLogEntry.objects.filter(action="tickets.cancel_free")
    assert entry.user_id == boss.pk
    assert entry.object_id == str(order.pk)
    assert order.number in entry.label
    assert "Kari" not in entry.label and "kari@" not in entry.label
    assert not entry.data
    (message,) = mail.outbox
    assert message.to == ["kari@example.org"]
    assert f"Gratisbillettene dine til {order.event_title} er avbestilt" in (
        message.subject
    )
    assert "2 billetter er ikke lenger gyldige." in message.body


def test_the_buyers_own_cancel_mails_the_same_and_logs_nothing(
    order, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_free_order(order)
    (message,) = mail.outbox
    assert "er avbestilt" in message.subject
    assert not ModelLogEntry.objects.filter(action="tickets.cancel_free").exists()


def test_the_cancellation_mail_is_in_the_buyers_language(
    free_performance, venue, boss, django_capture_on_commit_callbacks
):
    english = register(free_performance, 1, language="en", email="ann@example.org")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_free_order(english, by=boss)
    (message,) = mail.outbox
    assert message.subject.startswith("Your free tickets for")
    assert "1 ticket is no longer valid." in message.body


def test_a_refused_cancel_changes_nothing_and_mails_nothing(
    order, boss, free_performance, django_capture_on_commit_callbacks
):
    later = timezone.now() + datetime.timedelta(days=30)
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(services.CancelRefused, match="allerede startet"),
    ):
        services.cancel_free_order(order, now=later, by=boss)
    assert Order.objects.get(pk=order.pk).is_free
    assert sales(free_performance).sold == 1
    assert not mail.outbox
    assert not ModelLogEntry.objects.filter(action="tickets.cancel_free").exists()


# The admin pages -------------------------------------------------------------


def test_the_confirm_page_asks_first_and_changes_nothing(editor, order):
    response = editor.get(cancel_url(order))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Ja, avbestill gratisbillettene" in page
    assert 'name="csrfmiddlewaretoken"' in page
    assert order.event_title in page
    assert Order.objects.get(pk=order.pk).is_free


def test_posting_cancels_frees_the_seats_and_says_so(
    editor, order, free_performance, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = editor.post(cancel_url(order), follow=True)
    assert response.redirect_chain[-1][0] == reverse(
        "tickets_order_modeladmin_inspect", args=[order.pk]
    )
    assert f"Bestilling {order.number} er avbestilt" in response.content.decode()
    order.refresh_from_db()
    assert order.status == Order.Status.CANCELLED
    row = sales(free_performance)
    assert (row.sold, row.wheelchair_sold) == (0, 0)
    assert [m.to for m in mail.outbox] == [["kari@example.org"]]
    assert ModelLogEntry.objects.filter(action="tickets.cancel_free").count() == 1
    # Wagtail's site history names the action and the order, not the buyer.
    history = editor.get(reverse("wagtailadmin_reports:site_history"))
    assert history.status_code == 200
    text = history.content.decode()
    assert "Gratisbillettene ble avbestilt" in text
    assert f"Bestilling {order.number}" in text
    assert "kari@example.org" not in text and "Kari Nordmann" not in text


def test_the_seats_go_to_the_waiting_list_first(
    editor, free_performance, venue, django_capture_on_commit_callbacks
):
    register(free_performance, 5, wheelchair=1, email="a@example.org")
    last = register(free_performance, 1, email="b@example.org")
    entry = services.join_waiting_list(
        Performance.objects.get(pk=free_performance.pk),
        email="c@example.org",
        quantity=1,
    )
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        assert editor.post(cancel_url(last)).status_code == 302

    entry.refresh_from_db()
    assert entry.status == WaitingListEntry.Status.OFFERED
    assert sales(free_performance).held == 1
    assert sorted(m.to[0] for m in mail.outbox) == ["b@example.org", "c@example.org"]


def test_an_already_cancelled_order_is_refused_with_a_409(editor, order):
    services.cancel_free_order(order)
    for response in (editor.get(cancel_url(order)), editor.post(cancel_url(order))):
        assert response.status_code == 409
        page = response.content.decode()
        assert "Bare bekreftede gratisbilletter" in page
        assert "Ja, avbestill" not in page
    assert not ModelLogEntry.objects.filter(action="tickets.cancel_free").exists()


def test_a_started_performance_is_refused_with_a_409(editor, order, free_performance):
    Order.objects.filter(pk=order.pk).update(
        performance_start=timezone.now() - datetime.timedelta(minutes=5)
    )
    response = editor.post(cancel_url(order))
    assert response.status_code == 409
    assert "Forestillingen har allerede startet" in response.content.decode()
    assert Order.objects.get(pk=order.pk).is_free
    assert sales(free_performance).sold == 1


def test_a_paid_order_is_refused_with_a_409(editor, bought, stripe_stub):
    pay_and_notify(editor, stripe_stub, bought)
    bought.refresh_from_db()
    assert bought.status == Order.Status.PAID
    response = editor.post(cancel_url(bought))
    assert response.status_code == 409
    assert "Bare bekreftede gratisbilletter" in response.content.decode()
    bought.refresh_from_db()
    assert bought.status == Order.Status.PAID


def test_an_unknown_order_is_a_404_and_a_put_a_405(editor, order):
    assert (
        editor.get(reverse("tickets_admin:cancel_free", args=[999999])).status_code
        == 404
    )
    assert editor.put(cancel_url(order)).status_code == 405


def test_who_may_see_orders_but_not_change_them_is_refused(client, order):
    viewer = UserFactory(is_staff=True)
    group = Group.objects.create(name="Billettkontoret, les")
    group.permissions.add(
        Permission.objects.get(
            content_type__app_label="wagtailadmin", codename="access_admin"
        ),
        Permission.objects.get(
            content_type__app_label="tickets", codename="view_order"
        ),
    )
    viewer.groups.add(group)
    client.force_login(viewer)
    # Wagtail's admin answers a missing permission by sending the editor to
    # the dashboard with its "no permission" message.
    for response in (client.get(cancel_url(order)), client.post(cancel_url(order))):
        assert (response.status_code, response["Location"]) == (302, "/admin/")
    assert Order.objects.get(pk=order.pk).is_free
    client.logout()
    response = client.post(cancel_url(order))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    assert Order.objects.get(pk=order.pk).is_free


def test_the_cancel_post_needs_the_csrf_token(order, boss):
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(boss)
    assert strict.post(cancel_url(order)).status_code == 403
    assert Order.objects.get(pk=order.pk).is_free


def test_the_button_shows_only_for_a_free_order_not_started(editor, bought, order):
    url = cancel_url(order)
    listing = editor.get("/admin/tickets/order/").content.decode()
    assert url in listing
    assert cancel_url(bought) not in listing
    inspect = editor.get(f"/admin/tickets/order/inspect/{order.pk}/").content.decode()
    assert url in inspect and "Avbestill" in inspect
    Order.objects.filter(pk=order.pk).update(
        performance_start=timezone.now() - datetime.timedelta(minutes=1)
    )
    assert url not in editor.get("/admin/tickets/order/").content.decode()


def test_the_order_list_costs_the_same_with_cancel_buttons_on_every_row(
    editor, free_performance, venue
):
    register(free_performance, 1, email="one@example.org")
    few = count_queries(editor, "/admin/tickets/order/")
    for number in range(3):
        register(free_performance, 1, email=f"more{number}@example.org")
    assert (
        editor.get("/admin/tickets/order/")
        .content.decode()
        .count("/admin/billetter/avbestill/")
        == 4
    )
    assert count_queries(editor, "/admin/tickets/order/") == few
