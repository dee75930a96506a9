"""The demo content has a few subscribers in every state, at example.org,
each with a consent; a second run changes nothing. The sign-up page reads
a fixed number of queries."""

import pytest

from newsletter.models import Consent, Subscriber

pytestmark = pytest.mark.django_db


def test_demo_subscribers_in_every_state(demo_site_data):
    subscribers = Subscriber.objects.all()
    assert all(s.email.endswith("@example.org") for s in subscribers)
    assert Subscriber.objects.confirmed().count() >= 3
    assert Subscriber.objects.unconfirmed().exists()
    assert Subscriber.objects.awaiting_reconsent().exists()
    assert Subscriber.objects.confirmed().with_phone().exists()
    assert Consent.objects.count() == subscribers.count()
    label = "newsletter.Subscriber"
    assert demo_site_data.counts_after_first[label] == subscribers.count()
    assert demo_site_data.counts_after_second[label] == subscribers.count()


def test_the_sign_up_page_reads_a_fixed_number_of_queries(
    english, policy, venue, django_assert_max_num_queries
):
    english.get("/nyhetsbrev/")  # the site and settings, once per generation
    # A new address each time, so the page cache does not answer.
    with django_assert_max_num_queries(1) as captured:
        response = english.get("/nyhetsbrev/?fresh=1")
    assert response.status_code == 200
    assert "privacy_policyversion" in captured.captured_queries[0]["sql"]
