"""The demo content has a few subscribers in every state, at example.org,
each with a consent; a second run changes nothing. The sign-up page reads
a fixed number of queries."""

import io

import pytest
from django.core.management import call_command

from newsletter.models import Consent, Subscriber

pytestmark = pytest.mark.django_db


def test_demo_subscribers_in_every_state(home_page):
    call_command("seed_demo", events=2, stdout=io.StringIO())
    subscribers = Subscriber.objects.all()
    assert all(s.email.endswith("@example.org") for s in subscribers)
    assert Subscriber.objects.confirmed().count() >= 3
    assert Subscriber.objects.unconfirmed().exists()
    assert Subscriber.objects.awaiting_reconsent().exists()
    assert Subscriber.objects.confirmed().with_phone().exists()
    assert Consent.objects.count() == subscribers.count()
    count = subscribers.count()
    call_command("seed_demo", events=2, stdout=io.StringIO())
    assert Subscriber.objects.count() == count


def test_the_sign_up_page_reads_a_fixed_number_of_queries(
    english, policy, venue, django_assert_max_num_queries
):
    english.get("/nyhetsbrev/")  # the site and settings, once per generation
    # A new address each time, so the page cache does not answer.
    with django_assert_max_num_queries(1) as captured:
        response = english.get("/nyhetsbrev/?fresh=1")
    assert response.status_code == 200
    assert "privacy_policyversion" in captured.captured_queries[0]["sql"]
