"""While processing of a person's data is restricted (privacy), they are
sent no newsletter and no SMS: left out of a new mailing, skipped in one
already under way, and reached again once the restriction is lifted."""

import pytest

from newsletter import sending, sms
from newsletter.models import Delivery, SmsAnnouncement
from privacy import services as privacy
from privacy.registry import Subject

from ..factories import UserFactory
from .mailing_fixtures import (
    mails_per_address,
    make_issue,
    make_subscriber,
    send_all,
    start,
)

pytestmark = pytest.mark.django_db


def restrict(email):
    return privacy.restrict(Subject.for_email(email), reason="Contests the data.")


def test_a_restricted_subscriber_gets_no_issue(readers):
    restrict("LESER1@example.org")
    issue = start(make_issue())
    send_all(issue)
    assert issue.recipient_count == 5
    assert "leser1@example.org" not in mails_per_address()
    assert len(mails_per_address()) == 5


def test_a_subscriber_restricted_by_their_account_gets_no_issue(readers):
    user = UserFactory(email="konto@example.org")
    make_subscriber("annen@example.org", user=user)
    privacy.restrict(Subject(user=user), reason="Asked by phone.")
    issue = start(make_issue())
    send_all(issue)
    assert "annen@example.org" not in mails_per_address()


def test_a_restriction_placed_while_an_issue_is_sending_skips_the_person(readers):
    issue = start(make_issue())
    restrict("leser2@example.org")
    send_all(issue)
    assert "leser2@example.org" not in mails_per_address()
    skipped = Delivery.objects.get(issue=issue, subscriber__email="leser2@example.org")
    assert skipped.status == Delivery.Status.SKIPPED


def test_a_lifted_restriction_lets_the_next_issue_through(readers, editor):
    restriction = restrict("leser3@example.org")
    privacy.lift_restriction(restriction, reason="Data corrected.", editor=editor)
    send_all(start(make_issue()))
    assert mails_per_address()["leser3@example.org"] == 1


def test_a_restricted_subscriber_gets_no_sms(db):
    for number in range(2):
        make_subscriber(f"mobil{number}@example.org", phone=f"+4790000{number:03d}")
    announcement = SmsAnnouncement.objects.create(text="Ekstrakonsert!", language="nb")
    restrict("mobil0@example.org")
    sending.start_sms(announcement)
    sending.queue("sms", announcement.pk, enqueue=False)
    send_all(announcement, "sms")
    assert [message.to for message in sms.outbox] == ["+4790000001"]
