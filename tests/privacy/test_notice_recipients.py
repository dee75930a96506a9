"""A material change reaches the people it concerns: account holders always,
and people known only by an order or a comment when the change touches what
orders or comments hold (the kinds whose row in "what we store" changed),
once per address, in their language."""

import pytest
from django.conf import settings as django_settings
from django.utils import timezone

from comments.models import Comment
from privacy import policy, registry
from privacy.models import NoticeDelivery, PolicyVersion
from tickets.models import Order

from ..factories import UserFactory
from .conftest import publish, verified

pytestmark = pytest.mark.django_db


@pytest.fixture
def known_people(policy_page):
    """An account holder, a buyer without an account (English), a buyer
    whose order was erased, a commenter without an account, and a commenter
    who also bought a ticket."""
    verified(UserFactory(email="konto@example.org"))
    for email, language in [
        ("kjoper@example.org", "en"),
        ("", "nb"),  # erased: the address is gone
        ("begge@example.org", "nb"),
    ]:
        Order.objects.create(
            event_title="Vårkonsert",
            performance_start=timezone.now(),
            email=email,
            language=language,
            quantity=1,
            total_ore=25000,
        )
    for email in ["skribent@example.org", "Begge@example.org"]:
        Comment.objects.create(
            content_type_id=policy_page.content_type_id,
            object_pk=str(policy_page.pk),
            site_id=django_settings.SITE_ID,
            page=policy_page,
            author_name="Ola",
            user_email=email,
            comment="Fint.",
            submit_date=timezone.now(),
            language="nn",
            parent_id=0,
        )


def deliveries(version):
    return dict(
        NoticeDelivery.objects.filter(version=version).values_list("email", "language")
    )


def test_a_change_to_the_text_alone_reaches_account_holders_only(
    policy_page, known_people
):
    publish(policy_page, summary="Ny formulering.", material=True)
    version = PolicyVersion.objects.get(number=2)
    assert version.touched_kinds == []
    policy.queue_notices(version, enqueue=False)
    assert deliveries(version) == {"konto@example.org": ""}


def test_a_change_to_comments_reaches_commenters_without_an_account(
    policy_page, known_people, settings
):
    settings.PRIVACY_RETENTION = {
        **settings.PRIVACY_RETENTION,
        "comments.ip_address": 97,
    }
    publish(policy_page, summary="IP-adresser lagres lenger.", material=True)
    version = PolicyVersion.objects.get(number=2)
    assert version.touched_kinds == ["comments.comments"]
    policy.queue_notices(version, enqueue=False)
    assert deliveries(version) == {
        "konto@example.org": "",
        "skribent@example.org": "nn",
        "begge@example.org": "nn",
    }


def test_a_change_to_orders_reaches_buyers_once_each_in_their_language(
    policy_page, known_people, monkeypatch
):
    orders = type(registry.get("tickets.orders"))
    monkeypatch.setattr(orders, "retention", "Ti år.")
    publish(policy_page, summary="Ordre lagres lenger.", material=True)
    version = PolicyVersion.objects.get(number=2)
    assert version.touched_kinds == ["tickets.orders"]
    policy.queue_notices(version, enqueue=False)
    policy.queue_notices(version, enqueue=False)  # twice: still once each
    assert deliveries(version) == {
        "konto@example.org": "",
        "kjoper@example.org": "en",
        "begge@example.org": "nb",
    }
