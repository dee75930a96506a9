"""Fixtures and helpers for the sending side of the newsletter: issues,
subscribers in both languages, editors with and without the right to
send, and mail backends that fail the way real ones do. Test modules
import the fixtures they use from here."""

import datetime
import smtplib

import pytest
from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.utils import timezone

from newsletter import sending, sms
from newsletter.models import SmsAnnouncement

from ..factories import (
    EventPageFactory,
    IssueFactory,
    PerformanceFactory,
    SubscriberFactory,
    UserFactory,
)

# Fixtures, offered to the whole folder by conftest.py; the helpers below
# are imported by name.
__all__ = [
    "_empty_sms_outbox",
    "announcement",
    "editor",
    "issue",
    "moderator",
    "readers",
    "sending_issue",
    "upcoming",
]

ISSUES_URL = "/admin/snippets/newsletter/issue/"
SMS_URL = "/admin/snippets/newsletter/smsannouncement/"


class FlakyBackend(EmailBackend):
    """The test mail server whose connection drops at the given messages
    (smtplib raises SMTPServerDisconnected), or that refuses some
    addresses with a code."""

    def __init__(self, *args, drop_at=(), refuse=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.drop_at = set(drop_at)
        self.refuse = refuse or {}
        self.count = 0
        self.reconnects = 0

    def open(self):
        self.reconnects += 1
        return super().open()

    def send_messages(self, messages):
        self.count += 1
        if self.count in self.drop_at:
            raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
        for message in messages:
            for address in message.to:
                if address in self.refuse:
                    code = self.refuse[address]
                    raise smtplib.SMTPRecipientsRefused(
                        {address: (code, b"Mailbox unavailable")}
                    )
        return super().send_messages(messages)


def make_subscriber(email, *, language="nb", confirmed=True, **fields):
    if not confirmed:
        fields.setdefault("confirmed_at", None)
    return SubscriberFactory(email=email, language=language, **fields)


def text_block(html):
    return ("text", html)


def make_issue(**fields):
    return IssueFactory(**fields)


def start(issue, *, enqueue=False):
    """Start sending as the editor's button does, listing the recipients
    (and, with ``enqueue``, sending through the immediate task backend)."""
    sending.start_issue(issue)
    sending.queue("mail", issue.pk, enqueue=enqueue)
    issue.refresh_from_db()
    return issue


def send_all(campaign, channel="mail", **kwargs):
    for first, last in list(sending.batch_ranges(channel, campaign.pk)):
        sending.send_batch(channel, campaign.pk, first, last, **kwargs)


def mails_per_address():
    counts = {}
    for message in mail.outbox:
        for address in message.to:
            counts[address] = counts.get(address, 0) + 1
    return counts


def later(**delta):
    return timezone.now() + datetime.timedelta(**delta)


def grant(user, *codenames):
    user.user_permissions.add(
        Permission.objects.get(codename="access_admin"),
        *Permission.objects.filter(
            content_type__app_label="newsletter", codename__in=codenames
        ),
    )
    return user


@pytest.fixture(autouse=True)
def _empty_sms_outbox():
    sms.outbox.clear()
    yield
    sms.outbox.clear()


@pytest.fixture
def readers(db):
    """Six confirmed subscribers who read Norwegian, two who read English,
    and one who never confirmed."""
    norwegian = [make_subscriber(f"leser{i}@example.org") for i in range(6)]
    english = [
        make_subscriber(f"reader{i}@example.net", language="en") for i in range(2)
    ]
    make_subscriber("ubekreftet@example.org", confirmed=False)
    return norwegian + english


@pytest.fixture
def issue(db):
    return make_issue()


@pytest.fixture
def sending_issue(issue, readers):
    """The issue, started: its deliveries listed, nothing sent yet."""
    return start(issue)


@pytest.fixture
def moderator(db):
    """An editor in Wagtail's Moderators group: may write and send."""
    user = UserFactory(email="redaktor@kulturhus.example")
    user.groups.add(Group.objects.get(name="Moderators"))
    return user


@pytest.fixture
def editor(db):
    """An editor in Wagtail's Editors group: may write and test, not send."""
    user = UserFactory(email="skribent@kulturhus.example")
    user.groups.add(Group.objects.get(name="Editors"))
    return user


@pytest.fixture
def upcoming(event_index, hall):
    """Three published events with performances next week."""
    events = []
    for number, title in enumerate(["Jazzkveld", "Hamlet", "Familiedag"]):
        event = EventPageFactory(parent=event_index, title=title)
        PerformanceFactory(
            event=event,
            hall=hall,
            start=timezone.now() + datetime.timedelta(days=3 + number),
        )
        events.append(event)
    return events


@pytest.fixture
def announcement(db):
    return SmsAnnouncement.objects.create(
        text="Ekstrakonsert fredag kl. 20 i Store sal. Billetter i kassa.",
        language="nb",
    )
