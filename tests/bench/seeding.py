"""Rows for benchmarks and tests: for each kind of personal data in the
registry that can be seeded, a function that creates ``count`` rows of it
for a subject (``tests/bench/export.py`` times an export of them; tests use
them to give every kind something to export and erase). Kinds whose rows
differ only by their number are a line of the table ``ROWS``.

They live here, not in the apps' ``personal_data.py``, so that the registry
kinds describe only the site's real data. A kind without a seeder here is
exported with its real rows only.

    from tests.bench.seeding import can_seed, seed
    seed(registry.get("accounts.sign_ins"), Subject.for_user(user), 100)
"""

import datetime
from importlib import import_module

from allauth.account.models import EmailAddress
from allauth.usersessions.models import UserSession
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import get_random_string
from wagtail.contrib.forms.models import FormSubmission
from wagtail.models import ModelLogEntry, Page, PageLogEntry

from accounts.models import KnownAddress, SecurityEvent
from comments import services as comment_services
from comments.models import Comment, ReportReason
from events.models import Performance
from newsletter.models import (
    AddressChange,
    Consent,
    Delivery,
    Issue,
    SmsAnnouncement,
    SmsDelivery,
    Subscriber,
)
from privacy.models import (
    ConsentRecord,
    DataExport,
    GuardianRequest,
    LanguagePreference,
    NoticeDelivery,
    PolicyAcknowledgement,
    PolicyVersion,
    Rectification,
    RestrictedAddress,
    Restriction,
    RightsRequest,
    RightsRequestEvent,
)
from tickets.models import (
    Order,
    OrderLine,
    RecommendationChoice,
    Ticket,
    WaitingListEntry,
)
from tickets.shredding import Shredding

SEEDERS = {}


def seeds(key):
    """Register the decorated function as the seeder of the kind ``key``."""

    def decorate(function):
        SEEDERS[key] = function
        return function

    return decorate


def _key(kind):
    return kind if isinstance(kind, str) else kind.key


def can_seed(kind):
    """Whether the kind (or its key) has a seeder."""
    return _key(kind) in SEEDERS


def seed(kind, subject, count):
    """Create ``count`` rows of ``kind`` (a registry kind or its key) for
    ``subject``. KeyError for a kind that cannot be seeded."""
    SEEDERS[_key(kind)](subject, count)


def _rows(model, count, fields):
    """Create ``count`` rows of ``model`` in batches, row ``number`` with
    the fields ``fields(number)``; the rows created."""
    return model.objects.bulk_create(
        [model(**fields(number)) for number in range(count)], batch_size=1000
    )


def _email(subject, default="bench@example.org"):
    """The subject's first address (sorted), or ``default``."""
    return min(subject.emails, default=default)


def _owner(subject):
    """Whose an order or an export is: the account, or else the address."""
    return {"user": subject.user} if subject.user else {"email": min(subject.emails)}


def _page():
    """The first page below the root, or the root on an empty site."""
    return (
        Page.objects.filter(depth__gt=1).order_by("path").first()
        or Page.objects.order_by("path").first()
    )


def _comment(page, **fields):
    """A published comment on ``page`` that Akismet let through."""
    comment = Comment(
        content_type_id=page.content_type_id,
        object_pk=str(page.pk),
        site_id=settings.SITE_ID,
        page=page,
        status=Comment.Status.PUBLISHED,
        is_public=True,
        spam_verdict=Comment.Verdict.HAM,
        **fields,
    )
    comment.save()
    return comment


@seeds("comments.comments")
def seed_comments(subject, count):
    page = _page()
    email = _email(subject, default="")
    start = timezone.now() - datetime.timedelta(minutes=count)
    with transaction.atomic():
        for number in range(count):
            _comment(
                page,
                user=subject.user,
                author_name="Benchmark",
                user_email=email,
                comment=f"Benchmark comment {number}.\nSecond line.",
                submit_date=start + datetime.timedelta(minutes=number),
                ip_address="192.0.2.1",
                user_agent=f"Benchmark/{number}",
            )


@seeds("comments.reports")
def seed_reports(subject, count):
    """``count`` reports by the subject's account, each of a comment
    someone else wrote."""
    if subject.user is None:
        return
    page = _page()
    now = timezone.now()
    with transaction.atomic():
        for number in range(count):
            comment = _comment(
                page,
                author_name="Benchmark reported",
                comment=f"Reported comment {number}.",
                submit_date=now,
            )
            comment_services.report_comment(
                comment,
                subject.user,
                reason=ReportReason.Reason.OTHER,
                details=f"Benchmark report {number}",
            )


@seeds("tickets.orders")
def seed_orders(subject, count):
    owner = _owner(subject)
    start = timezone.now() - datetime.timedelta(days=count)
    with transaction.atomic():
        orders = _rows(
            Order,
            count,
            lambda number: {
                "number": f"B{number:07d}",
                "event_title": f"Forestilling {number % 97}",
                "performance_start": start + datetime.timedelta(days=number),
                "name": "Kari Nordmann",
                "status": Order.Status.PAID,
                "quantity": 2,
                "total_ore": 70000,
                "paid_at": start + datetime.timedelta(days=number),
                **owner,
            },
        )
        lines = _rows(
            OrderLine,
            len(orders),
            lambda number: {
                "order": orders[number],
                "category_name": "Ordinær",
                "unit_price_ore": 35000,
                "quantity": 2,
            },
        )
        seats = [(line, seat) for line in lines for seat in "AB"]
        _rows(
            Ticket,
            len(seats),
            lambda number: {
                "order": seats[number][0].order,
                "line": seats[number][0],
                "code": f"BENCH{seats[number][0].pk}{seats[number][1]}",
            },
        )


@seeds("tickets.recommendations")
def seed_recommendations(subject, count):
    """One row at most: an account has one choice."""
    if subject.user is not None:
        RecommendationChoice.objects.update_or_create(
            user=subject.user, defaults={"enabled": False}
        )


@seeds("tickets.waiting_list")
def seed_waiting_list(subject, count):
    """One entry per performance, on the first ``count`` performances
    there are (none when the site has no performance)."""
    performances = list(Performance.objects.order_by("pk")[:count])
    email = _email(subject)
    _rows(
        WaitingListEntry,
        len(performances),
        lambda number: {
            "performance": performances[number],
            "email": email,
            "phone": "+4791234567",
            "quantity": 1,
        },
    )


def _benchmark_version(index):
    """A version for seeded rows to point at (benchmarks and tests only)."""
    number = 900_000 + index
    version, _created = PolicyVersion.objects.get_or_create(
        number=number,
        defaults={
            "title": "Benchmark",
            "effective_at": timezone.now(),
            "text": "",
        },
    )
    return version


@seeds("privacy.request_handling")
def seed_request_handling(subject, count):
    request = RightsRequest.objects.create(
        email="requester@example.net", action="erasure"
    )
    _rows(
        RightsRequestEvent,
        count,
        lambda _number: {"request": request, "editor": subject.user, "action": "note"},
    )


@seeds("privacy.restrictions")
def seed_restrictions(subject, count):
    for _number in range(count):
        restriction = Restriction.objects.create(
            user=subject.user,
            reason="Contests the accuracy of the data.",
            lifted_at=timezone.now(),
            lift_reason="Checked.",
        )
        RestrictedAddress.objects.bulk_create(
            [
                RestrictedAddress(restriction=restriction, email=email)
                for email in sorted(subject.emails)
            ]
        )


@seeds("privacy.language")
def seed_language(subject, count):
    LanguagePreference.objects.update_or_create(
        user=subject.user, defaults={"language": "en"}
    )


def _subscriber(subject, **defaults):
    """The subscriber of the subject's address, created with ``defaults``
    (and the account) when there is none."""
    subscriber, _created = Subscriber.objects.get_or_create(
        email=_email(subject), defaults={"user": subject.user, **defaults}
    )
    return subscriber


@seeds("newsletter.deliveries")
def seed_deliveries(subject, count):
    subscriber = _subscriber(subject, confirmed_at=timezone.now())
    issues = _rows(
        Issue,
        count,
        lambda number: {"subject": f"Bench {number}", "body": [("heading", "Bench")]},
    )
    _rows(
        Delivery,
        len(issues),
        lambda number: {
            "issue": issues[number],
            "subscriber": subscriber,
            "status": "sent",
        },
    )


@seeds("newsletter.sms_deliveries")
def seed_sms_deliveries(subject, count):
    subscriber = _subscriber(subject, confirmed_at=timezone.now())
    announcements = _rows(
        SmsAnnouncement, count, lambda number: {"text": f"Bench {number}"}
    )
    _rows(
        SmsDelivery,
        len(announcements),
        lambda number: {
            "announcement": announcements[number],
            "subscriber": subscriber,
            "status": "sent",
        },
    )


@seeds("newsletter.subscriptions")
def seed_subscriptions(subject, count):
    Subscriber.objects.update_or_create(
        email=_email(subject), defaults={"user": subject.user, "name": "Bench"}
    )


def _subscriber_rows(model, subject, count, **fields):
    """``count`` rows of ``model``, all alike, for the subscriber of the
    subject's address (made with the account when there is none)."""
    subscriber = _subscriber(subject)
    _rows(model, count, lambda _number: {"subscriber": subscriber, **fields})


@seeds("newsletter.address_changes")
def seed_address_changes(subject, count):
    _subscriber_rows(AddressChange, subject, count, new_email=_email(subject))


@seeds("newsletter.consents")
def seed_newsletter_consents(subject, count):
    _subscriber_rows(Consent, subject, count, text="Bench", source="form")


@seeds("accounts.user_sessions")
def seed_user_sessions(subject, count):
    encoded = (
        import_module(settings.SESSION_ENGINE)
        .SessionStore()
        .encode({"_auth_user_id": str(subject.user_id)})
    )
    expire = timezone.now() + datetime.timedelta(days=2)
    keys = [get_random_string(32).lower() for _number in range(count)]
    _rows(
        Session,
        count,
        lambda number: {
            "session_key": keys[number],
            "session_data": encoded,
            "expire_date": expire,
        },
    )
    _rows(
        UserSession,
        count,
        lambda number: {
            "user": subject.user,
            "session_key": keys[number],
            "ip": f"192.0.2.{number % 250 + 1}",
            "user_agent": f"Benchmark/{number}",
        },
    )


def _seed_log(model, subject, count, **extra):
    """Rows of one part of axes' sign-in log, all under the subject's
    address."""
    _rows(
        model,
        count,
        lambda number: {
            "username": min(subject.emails),
            "ip_address": f"192.0.2.{number % 250 + 1}",
            "user_agent": f"Benchmark/{number}",
            "http_accept": "text/html",
            "path_info": "/konto/login/",
            **extra,
        },
    )


@seeds("accounts.sign_ins")
def seed_sign_ins(subject, count):
    _seed_log(AccessLog, subject, count)


@seeds("accounts.failed_sign_ins")
def seed_failed_sign_ins(subject, count):
    _seed_log(AccessFailureLog, subject, count)


@seeds("accounts.lockouts")
def seed_lockouts(subject, count):
    _seed_log(
        AccessAttempt, subject, count, get_data="", post_data="", failures_since_start=1
    )


@seeds("accounts.form_submissions")
def seed_form_submissions(subject, count):
    page = _page()
    address = min(subject.emails)
    _rows(
        FormSubmission,
        count,
        lambda number: {
            "page": page,
            "form_data": {
                "name": "Benchmark",
                "email": address,
                "message": f"Benchmark message {number}",
            },
        },
    )


@seeds("accounts.editor_activity")
def seed_editor_activity(subject, count):
    page = _page()
    _rows(
        PageLogEntry,
        count,
        lambda _number: {
            "page": page,
            "content_type_id": page.content_type_id,
            "label": page.title,
            "action": "wagtail.edit",
            "user": subject.user,
            "timestamp": timezone.now(),
        },
    )


# The kinds whose rows are all alike but for their number: the kind's key,
# the model, and the fields of row ``number`` for ``subject`` (``now`` is
# the one time of the whole seeding).
ROWS = [
    (
        "tickets.shredding_handling",
        Shredding,
        lambda subject, number, now: {
            "editor": subject.user,
            "event_title": "Bench",
            "orders": 0,
        },
    ),
    (
        "privacy.exports",
        DataExport,
        lambda subject, number, now: {
            "status": DataExport.Status.EXPIRED,
            **_owner(subject),
        },
    ),
    (
        "privacy.consents",
        ConsentRecord,
        lambda subject, number, now: {
            "user": subject.user,
            "statistics": True,
            "banner_version": "bench",
            "cookie_list_version": "bench",
        },
    ),
    (
        "privacy.rights_requests",
        RightsRequest,
        lambda subject, number, now: {
            "email": min(subject.emails),
            "action": "rectification",
            "details": "Please correct my name.",
        },
    ),
    (
        "privacy.guardian_consents",
        GuardianRequest,
        lambda subject, number, now: {
            "purpose": "newsletter.subscribe",
            "child_email": min(subject.emails),
            "child_name": "Benchmark",
            "guardian_email": "guardian-of-benchmark@example.org",
            "data": {"name": "Benchmark"},
        },
    ),
    (
        "privacy.restriction_handling",
        Restriction,
        lambda subject, number, now: {
            "reason": "Asked by phone.",
            "placed_by": subject.user,
        },
    ),
    (
        "privacy.rectifications",
        Rectification,
        lambda subject, number, now: {
            "user": subject.user,
            "email": _email(subject, default=""),
            "kind": "accounts.profile",
            "record_id": 1,
            "fields": "city",
            "reason": "Moved.",
        },
    ),
    (
        "privacy.rectification_handling",
        Rectification,
        lambda subject, number, now: {
            "editor": subject.user,
            "kind": "accounts.profile",
            "record_id": 1,
            "fields": "city",
            "reason": "Asked by phone.",
        },
    ),
    (
        "privacy.policy_notices",
        NoticeDelivery,
        lambda subject, number, now: {
            "version": _benchmark_version(number),
            "email": min(subject.emails),
            "user": subject.user,
            "source": "bench",
        },
    ),
    (
        "privacy.acknowledgements",
        PolicyAcknowledgement,
        lambda subject, number, now: {
            "user": subject.user,
            "version": _benchmark_version(number),
        },
    ),
    (
        # Entries as the admin wrote them before labels stopped naming
        # people: "<address>" deleted, about the person's account.
        "privacy.admin_log",
        ModelLogEntry,
        lambda subject, number, now: {
            "content_type": ContentType.objects.get_for_model(get_user_model()),
            "object_id": str(subject.user_id or 0),
            "label": min(subject.emails),
            "action": "wagtail.edit",
            "timestamp": now,
        },
    ),
    (
        "accounts.email_addresses",
        EmailAddress,
        lambda subject, number, now: {
            "user": subject.user,
            "email": f"bench-{number}-{get_random_string(6).lower()}@example.invalid",
            "verified": False,
            "primary": False,
        },
    ),
    (
        "accounts.known_addresses",
        KnownAddress,
        lambda subject, number, now: {
            "user": subject.user,
            "email": f"old-{number}-{get_random_string(6).lower()}@example.invalid",
            "verified_at": now,
            "removed_at": now,
        },
    ),
    (
        "accounts.security_events",
        SecurityEvent,
        lambda subject, number, now: {
            "user": subject.user,
            "kind": SecurityEvent.Kind.PASSWORD_CHANGED,
            "ip_address": f"192.0.2.{number % 250 + 1}",
            "user_agent": f"Benchmark/{number}",
        },
    ),
]


def _register_rows(key, model, fields):
    @seeds(key)
    def seed_rows(subject, count):
        now = timezone.now()
        _rows(model, count, lambda number: fields(subject, number, now))


for _kind_key, _model, _fields in ROWS:
    _register_rows(_kind_key, _model, _fields)
