"""Waiting-list offers by SMS: a visitor may leave a mobile number (optional,
cleaned to E.164, refused with a message when it is no number), and when
seats come back the offer goes by SMS as well as by mail, with the same
link, through the ground floor's sender (home/sms) to the local Twilio
stand-in over real HTTP. A failed SMS changes nothing else. The number is
in the registry: exported, erased and deleted with the entry."""

import datetime
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from privacy.models import GuardianRequest
from privacy.registry import Subject, get
from tickets import services
from tickets.models import Order, WaitingListEntry

from .test_waiting_list import join, offer_to, sold_out

__all__ = ["sold_out"]  # the fixture, used by name

pytestmark = pytest.mark.django_db


def refund_one(capture):
    order = Order.objects.get()
    with capture(execute=True):
        services.refund_order(order, [order.tickets.first()])


def test_the_form_asks_for_an_optional_mobile_number_for_sms(client, sold_out):
    html = client.get(reverse("tickets:waiting_list", args=[sold_out.pk])).content
    html = html.decode()
    assert "Mobilnummer" in html
    assert 'autocomplete="tel"' in html
    assert "Valgfritt. Bare for en SMS når det blir ledige plasser" in html
    assert "vi bruker ikke nummeret til noe annet" in html


@pytest.mark.parametrize(
    "typed, stored",
    [("912 34 567", "+4791234567"), ("+46 70 123 45 67", "+46701234567"), ("", "")],
)
def test_the_number_is_stored_as_e164(client, sold_out, typed, stored):
    response = join(client, sold_out, "per@example.org", 1, phone=typed)
    assert response.status_code == 200
    assert WaitingListEntry.objects.get().phone == stored
    assert ("Vi sender deg også en SMS." in response.content.decode()) == bool(stored)


@pytest.mark.parametrize(
    "typed, message",
    [
        ("12", "telefonnummer"),
        ("ring meg", "telefonnummer"),
        ("9" * 40, "30 eller færre tegn"),
    ],
)
def test_a_number_that_is_no_number_is_refused_with_a_message(
    client, sold_out, typed, message
):
    response = join(client, sold_out, "per@example.org", 1, phone=typed)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not WaitingListEntry.objects.exists()


def test_signing_up_again_changes_the_number(client, sold_out):
    join(client, sold_out, "per@example.org", 1, phone="912 34 567")
    join(client, sold_out, "per@example.org", 2, phone="")
    entry = WaitingListEntry.objects.get()
    assert (entry.quantity, entry.phone) == (2, "")


def test_an_offer_goes_by_sms_and_mail_with_the_same_link(
    client, sold_out, twilio, django_capture_on_commit_callbacks
):
    join(client, sold_out, "per@example.org", 1, phone="912 34 567")
    join(client, sold_out, "liv@example.org", 1)
    refund_one(django_capture_on_commit_callbacks)

    link = offer_to("per@example.org")
    (sent,) = twilio.requests
    assert sent["To"] == "+4791234567"
    assert sent["From"] == "+4712345678"
    body = sent["Body"]
    assert link in body
    assert sold_out.event.title in body
    assert "Vi holder av 1 plass til deg til kl." in body
    assert twilio.per_number() == {"+4791234567": 1}


def test_an_offer_to_someone_without_a_number_goes_by_mail_only(
    client, sold_out, twilio, django_capture_on_commit_callbacks
):
    join(client, sold_out, "per@example.org", 1)
    join(client, sold_out, "liv@example.org", 1, phone="912 34 567")
    refund_one(django_capture_on_commit_callbacks)
    assert offer_to("per@example.org")
    assert twilio.requests == []


def test_the_sms_is_in_the_language_of_the_sign_up(
    client, sold_out, twilio, django_capture_on_commit_callbacks
):
    join(client, sold_out, "per@example.org", 1, phone="912 34 567")
    # Signed up on the English site.
    WaitingListEntry.objects.update(language="en")
    refund_one(django_capture_on_commit_callbacks)
    (sent,) = twilio.requests
    assert "We hold 1 seat for you until" in sent["Body"]


@pytest.mark.parametrize("behaviour", ["invalid", "error", "hang-up"])
def test_a_failed_sms_leaves_the_offer_and_its_mail_alone(
    client, sold_out, twilio, django_capture_on_commit_callbacks, caplog, behaviour
):
    twilio.behaviour["+4791234567"] = behaviour
    join(client, sold_out, "per@example.org", 1, phone="912 34 567")
    refund_one(django_capture_on_commit_callbacks)
    entry = WaitingListEntry.objects.get()
    assert entry.status == WaitingListEntry.Status.OFFERED
    assert offer_to("per@example.org")
    assert twilio.delivered == []
    assert "was not sent" in caplog.text
    # Never the number in the log.
    assert "91234567" not in caplog.text


def test_the_number_is_exported_and_erased_with_the_entry(
    client, sold_out, twilio, django_capture_on_commit_callbacks
):
    join(client, sold_out, "per@example.org", 1, phone="912 34 567")
    kind = get("tickets.waiting_list")
    subject = Subject.for_email("per@example.org")
    (row,) = kind.export(subject)
    assert row["phone"] == "+4791234567"
    assert "phone" in kind.export_labels

    with django_capture_on_commit_callbacks(execute=True):
        kind.erase(subject)
    assert not WaitingListEntry.objects.filter(phone="+4791234567").exists()


def test_the_number_goes_with_the_list_when_the_performance_is_over(client, sold_out):
    join(client, sold_out, "per@example.org", 1, phone="912 34 567")
    later = sold_out.start + datetime.timedelta(minutes=1)
    assert services.purge_waiting_lists(now=later) == 1
    assert not WaitingListEntry.objects.filter(phone="+4791234567").exists()


def test_an_expired_offer_passing_on_texts_the_next_person(
    client, sold_out, twilio, django_capture_on_commit_callbacks
):
    join(client, sold_out, "per@example.org", 1)
    join(client, sold_out, "liv@example.org", 1, phone="+4790000001")
    refund_one(django_capture_on_commit_callbacks)
    assert twilio.requests == []
    mail.outbox.clear()
    later = WaitingListEntry.objects.get(email="per@example.org").offer_expires_at
    with django_capture_on_commit_callbacks(execute=True):
        services.pass_expired_offers(now=later + datetime.timedelta(seconds=1))
    (sent,) = twilio.requests
    assert sent["To"] == "+4790000001"
    assert offer_to("liv@example.org") in sent["Body"]


def test_a_childs_number_waits_with_the_guardians_answer(
    client, sold_out, django_capture_on_commit_callbacks
):
    year = timezone.localdate().year - 12
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("tickets:waiting_list", args=[sold_out.pk]),
            {
                "email": "nina@example.org",
                "phone": "912 34 567",
                "quantity": 1,
                "birth_year": year,
                "guardian_email": "mor@example.org",
            },
        )
    assert not WaitingListEntry.objects.exists()
    link = re.search(r"https?://\S+(/personvern/\S+/)", mail.outbox[0].body).group(1)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(link)
    entry = WaitingListEntry.objects.get()
    assert (entry.phone, entry.consent_by_guardian) == ("+4791234567", True)
    # The request keeps nothing of it once answered.
    assert GuardianRequest.objects.get().data == {}
