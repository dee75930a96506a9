"""Demo content of the sending side: an issue sent a month ago to the demo
subscribers (recorded as sent; no mail leaves), a draft issue with the
upcoming events, and a draft SMS announcement. Found by name, left alone
when they exist.

Imported from ``NewsletterConfig.ready()`` (demo discovery imports
``demo_content.py`` only, which holds the subscribers); it imports that
module first so the subscribers are seeded before the issues."""

import datetime

from django.utils import timezone

from events.models import EventIndexPage
from home.demo import register

from . import (
    demo_content,  # noqa: F401 (the subscribers' seeder runs first)
    rendering,
    sending,
)
from .models import Delivery, Issue, SmsAnnouncement

SENT_SUBJECT = "Høsten i kulturhuset"
DRAFT_SUBJECT = "Desember: julekonserter og familieforestillinger"
SMS_TEXT = "Ekstrakonsert fredag kl. 20 i Store sal. Billetter i kassa og på nett."


def _paragraph(text):
    return ("text", f"<p>{text}</p>")


@register
def seed(stdout, style, **options):
    created = {"newsletter issues": 0, "SMS announcements": 0}
    if not Issue.objects.filter(subject=SENT_SUBJECT).exists():
        _sent_issue()
        created["newsletter issues"] += 1
    if not Issue.objects.filter(subject=DRAFT_SUBJECT).exists():
        body = [
            ("heading", "Velkommen til desember"),
            _paragraph(
                "Julen nærmer seg, og huset fylles av musikk. Her er det som "
                "skjer de neste ukene."
            ),
            ("upcoming_events", {"heading": "Snart i huset", "count": 4}),
        ]
        programme = EventIndexPage.objects.live().first()
        if programme is not None:
            body.append(
                ("button", {"text": "Se hele programmet", "page": programme, "url": ""})
            )
        Issue.objects.create(
            subject=DRAFT_SUBJECT,
            preheader="Alt som skjer i desember, og gaveideer til jul",
            language="nb",
            body=body,
        )
        created["newsletter issues"] += 1
    if not SmsAnnouncement.objects.filter(text=SMS_TEXT).exists():
        SmsAnnouncement.objects.create(text=SMS_TEXT, language="nb")
        created["SMS announcements"] += 1
    return created


def _sent_issue():
    """Recorded as sent a month ago to the confirmed Norwegian demo
    subscribers, without mailing anyone."""
    then = timezone.now() - datetime.timedelta(days=30)
    issue = Issue.objects.create(
        subject=SENT_SUBJECT,
        preheader="Jazz, teater og en ny familiedag",
        language="nb",
        body=[
            ("heading", "Et nytt program"),
            _paragraph(
                "Høstprogrammet er klart, med konserter, teater og foredrag hver uke."
            ),
            ("upcoming_events", {"heading": "Dette skjer", "count": 3}),
        ],
        created_at=then,
    )
    body_html, body_text = rendering.render_body(issue)
    Issue.objects.filter(pk=issue.pk).update(
        status=Issue.Status.SENDING,
        started_at=then,
        body_html=body_html,
        body_text=body_text,
    )
    sending.queue("mail", issue.pk, enqueue=False)
    Delivery.objects.filter(issue=issue).update(
        status=Delivery.Status.SENT, attempts=1, claimed_at=then, sent_at=then
    )
    sending.finish_if_done("mail", issue.pk, now=then)
