"""The demo content of the sending side: a sent issue with its counts, a
draft with the upcoming events, a draft SMS; no mail leaves, and a second
run adds nothing."""

import pytest
from django.core import mail

from newsletter import rendering, sms
from newsletter.models import Delivery, Issue, SmsAnnouncement, Subscriber

pytestmark = pytest.mark.django_db


def test_the_demo_has_a_sent_issue_a_draft_and_an_sms(demo_site_data):
    sent = Issue.objects.get(status=Issue.Status.SENT)
    readers = Subscriber.objects.confirmed().filter(language="nb").count()
    assert readers > 0
    assert sent.sent_count == sent.recipient_count == readers
    assert Delivery.objects.filter(issue=sent, status="sent").count() == readers
    assert "Et nytt program" in sent.body_html
    draft = Issue.objects.get(status=Issue.Status.DRAFT)
    html = rendering.render_issue(draft).html
    assert "Snart i huset" in html and "Se hele programmet" in html
    assert SmsAnnouncement.objects.get().status == SmsAnnouncement.Status.DRAFT
    assert not mail.outbox and not sms.outbox

    # The demo was seeded twice: the second run added nothing.
    assert Issue.objects.count() == 2
    assert SmsAnnouncement.objects.count() == 1
