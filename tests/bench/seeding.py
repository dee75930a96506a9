"""Rows for benchmarks and tests: for each kind of personal data in the
registry that can be seeded, a function that creates ``count`` rows of it
for a subject (``tests/bench/export.py`` times an export of them; tests use
them to give every kind something to export and erase).

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


@seeds("comments.comments")
def seed_comments(subject, count):
    page = Page.objects.filter(depth__gt=1).order_by("path").first()
    if page is None:
        page = Page.objects.order_by("path").first()
    email = min(subject.emails) if subject.emails else ""
    start = timezone.now() - datetime.timedelta(minutes=count)
    with transaction.atomic():
        for number in range(count):
            _seed_comment(page, subject, email, start, number)


def _seed_comment(page, subject, email, start, number):
    Comment(
        content_type_id=page.content_type_id,
        object_pk=str(page.pk),
        site_id=settings.SITE_ID,
        page=page,
        user=subject.user,
        author_name="Benchmark",
        user_email=email,
        comment=f"Benchmark comment {number}.\nSecond line.",
        submit_date=start + datetime.timedelta(minutes=number),
        ip_address="192.0.2.1",
        user_agent=f"Benchmark/{number}",
        status=Comment.Status.PUBLISHED,
        is_public=True,
        spam_verdict=Comment.Verdict.HAM,
    ).save()


@seeds("comments.reports")
def seed_reports(subject, count):
    """``count`` reports by the subject's account, each of a comment
    someone else wrote."""
    if subject.user is None:
        return
    page = Page.objects.filter(depth__gt=1).order_by("path").first()
    if page is None:
        page = Page.objects.order_by("path").first()
    now = timezone.now()
    with transaction.atomic():
        for number in range(count):
            comment = Comment(
                content_type_id=page.content_type_id,
                object_pk=str(page.pk),
                site_id=settings.SITE_ID,
                page=page,
                author_name="Benchmark reported",
                comment=f"Reported comment {number}.",
                submit_date=now,
                status=Comment.Status.PUBLISHED,
                is_public=True,
                spam_verdict=Comment.Verdict.HAM,
            )
            comment.save()
            comment_services.report_comment(
                comment,
                subject.user,
                reason=ReportReason.Reason.OTHER,
                details=f"Benchmark report {number}",
            )


@seeds("tickets.orders")
def seed_orders(subject, count):
    owner = {"user": subject.user} if subject.user else {"email": min(subject.emails)}
    start = timezone.now() - datetime.timedelta(days=count)
    with transaction.atomic():
        orders = Order.objects.bulk_create(
            [
                Order(
                    number=f"B{number:07d}",
                    event_title=f"Forestilling {number % 97}",
                    performance_start=start + datetime.timedelta(days=number),
                    name="Kari Nordmann",
                    status=Order.Status.PAID,
                    quantity=2,
                    total_ore=70000,
                    paid_at=start + datetime.timedelta(days=number),
                    **owner,
                )
                for number in range(count)
            ],
            batch_size=1000,
        )
        lines = OrderLine.objects.bulk_create(
            [
                OrderLine(
                    order=order,
                    category_name="Ordinær",
                    unit_price_ore=35000,
                    quantity=2,
                )
                for order in orders
            ],
            batch_size=1000,
        )
        Ticket.objects.bulk_create(
            [
                Ticket(order=line.order, line=line, code=f"BENCH{line.pk}{seat}")
                for line in lines
                for seat in "AB"
            ],
            batch_size=1000,
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
    email = min(subject.emails) if subject.emails else "bench@example.org"
    WaitingListEntry.objects.bulk_create(
        WaitingListEntry(
            performance=performance, email=email, phone="+4791234567", quantity=1
        )
        for performance in Performance.objects.order_by("pk")[:count]
    )


@seeds("tickets.shredding_handling")
def seed_shredding_handling(subject, count):
    Shredding.objects.bulk_create(
        [
            Shredding(editor=subject.user, event_title="Bench", orders=0)
            for _number in range(count)
        ],
        batch_size=1000,
    )


@seeds("privacy.exports")
def seed_exports(subject, count):
    owner = {"user": subject.user} if subject.user else {"email": min(subject.emails)}
    DataExport.objects.bulk_create(
        [
            DataExport(status=DataExport.Status.EXPIRED, **owner)
            for _number in range(count)
        ],
        batch_size=1000,
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


@seeds("privacy.consents")
def seed_consent_records(subject, count):
    ConsentRecord.objects.bulk_create(
        [
            ConsentRecord(
                user=subject.user,
                statistics=True,
                banner_version="bench",
                cookie_list_version="bench",
            )
            for _number in range(count)
        ],
        batch_size=1000,
    )


@seeds("privacy.rights_requests")
def seed_rights_requests(subject, count):
    RightsRequest.objects.bulk_create(
        [
            RightsRequest(
                email=min(subject.emails),
                action="rectification",
                details="Please correct my name.",
            )
            for _number in range(count)
        ],
        batch_size=1000,
    )


@seeds("privacy.guardian_consents")
def seed_guardian_consents(subject, count):
    GuardianRequest.objects.bulk_create(
        [
            GuardianRequest(
                purpose="newsletter.subscribe",
                child_email=min(subject.emails),
                child_name="Benchmark",
                guardian_email="guardian-of-benchmark@example.org",
                data={"name": "Benchmark"},
            )
            for _number in range(count)
        ],
        batch_size=1000,
    )


@seeds("privacy.request_handling")
def seed_request_handling(subject, count):
    request = RightsRequest.objects.create(
        email="requester@example.net", action="erasure"
    )
    RightsRequestEvent.objects.bulk_create(
        [
            RightsRequestEvent(request=request, editor=subject.user, action="note")
            for _number in range(count)
        ],
        batch_size=1000,
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


@seeds("privacy.restriction_handling")
def seed_restriction_handling(subject, count):
    Restriction.objects.bulk_create(
        [
            Restriction(reason="Asked by phone.", placed_by=subject.user)
            for _number in range(count)
        ],
        batch_size=1000,
    )


@seeds("privacy.rectifications")
def seed_rectifications(subject, count):
    Rectification.objects.bulk_create(
        [
            Rectification(
                user=subject.user,
                email=min(subject.emails, default=""),
                kind="accounts.profile",
                record_id=1,
                fields="city",
                reason="Moved.",
            )
            for _number in range(count)
        ],
        batch_size=1000,
    )


@seeds("privacy.rectification_handling")
def seed_rectification_handling(subject, count):
    Rectification.objects.bulk_create(
        [
            Rectification(
                editor=subject.user,
                kind="accounts.profile",
                record_id=1,
                fields="city",
                reason="Asked by phone.",
            )
            for _number in range(count)
        ],
        batch_size=1000,
    )


@seeds("privacy.policy_notices")
def seed_policy_notices(subject, count):
    email = min(subject.emails)
    NoticeDelivery.objects.bulk_create(
        [
            NoticeDelivery(
                version=_benchmark_version(number),
                email=email,
                user=subject.user,
                source="bench",
            )
            for number in range(count)
        ],
        batch_size=1000,
    )


@seeds("privacy.acknowledgements")
def seed_acknowledgements(subject, count):
    PolicyAcknowledgement.objects.bulk_create(
        [
            PolicyAcknowledgement(user=subject.user, version=_benchmark_version(number))
            for number in range(count)
        ],
        batch_size=1000,
    )


@seeds("privacy.language")
def seed_language(subject, count):
    LanguagePreference.objects.update_or_create(
        user=subject.user, defaults={"language": "en"}
    )


@seeds("privacy.admin_log")
def seed_admin_log(subject, count):
    """Entries as the admin wrote them before labels stopped naming
    people: "<address>" deleted, about the person's account."""
    user_model = get_user_model()
    ModelLogEntry.objects.bulk_create(
        [
            ModelLogEntry(
                content_type=ContentType.objects.get_for_model(user_model),
                object_id=str(subject.user_id or 0),
                label=min(subject.emails),
                action="wagtail.edit",
                timestamp=timezone.now(),
            )
            for _number in range(count)
        ],
        batch_size=1000,
    )


def _bench_subscriber(subject):
    email = min(subject.emails) if subject.emails else "bench@example.org"
    subscriber, _created = Subscriber.objects.get_or_create(
        email=email,
        defaults={"user": subject.user, "confirmed_at": timezone.now()},
    )
    return subscriber


@seeds("newsletter.deliveries")
def seed_deliveries(subject, count):
    subscriber = _bench_subscriber(subject)
    issues = Issue.objects.bulk_create(
        [
            Issue(subject=f"Bench {number}", body=[("heading", "Bench")])
            for number in range(count)
        ],
        batch_size=1000,
    )
    Delivery.objects.bulk_create(
        [
            Delivery(issue=issue, subscriber=subscriber, status="sent")
            for issue in issues
        ],
        batch_size=1000,
    )


@seeds("newsletter.sms_deliveries")
def seed_sms_deliveries(subject, count):
    subscriber = _bench_subscriber(subject)
    announcements = SmsAnnouncement.objects.bulk_create(
        [SmsAnnouncement(text=f"Bench {number}") for number in range(count)],
        batch_size=1000,
    )
    SmsDelivery.objects.bulk_create(
        [
            SmsDelivery(announcement=item, subscriber=subscriber, status="sent")
            for item in announcements
        ],
        batch_size=1000,
    )


@seeds("newsletter.subscriptions")
def seed_subscriptions(subject, count):
    email = min(subject.emails) if subject.emails else "bench@example.org"
    Subscriber.objects.update_or_create(
        email=email, defaults={"user": subject.user, "name": "Bench"}
    )


@seeds("newsletter.address_changes")
def seed_address_changes(subject, count):
    email = min(subject.emails) if subject.emails else "bench@example.org"
    subscriber, _created = Subscriber.objects.get_or_create(
        email=email, defaults={"user": subject.user}
    )
    AddressChange.objects.bulk_create(
        [
            AddressChange(subscriber=subscriber, new_email=email)
            for _number in range(count)
        ],
        batch_size=1000,
    )


@seeds("newsletter.consents")
def seed_newsletter_consents(subject, count):
    email = min(subject.emails) if subject.emails else "bench@example.org"
    subscriber, _created = Subscriber.objects.get_or_create(
        email=email, defaults={"user": subject.user}
    )
    Consent.objects.bulk_create(
        [
            Consent(subscriber=subscriber, text="Bench", source="form")
            for _number in range(count)
        ],
        batch_size=1000,
    )


@seeds("accounts.email_addresses")
def seed_email_addresses(subject, count):
    EmailAddress.objects.bulk_create(
        [
            EmailAddress(
                user=subject.user,
                email=f"bench-{number}-{get_random_string(6).lower()}@example.invalid",
                verified=False,
                primary=False,
            )
            for number in range(count)
        ],
        batch_size=1000,
    )


@seeds("accounts.known_addresses")
def seed_known_addresses(subject, count):
    now = timezone.now()
    KnownAddress.objects.bulk_create(
        [
            KnownAddress(
                user=subject.user,
                email=f"old-{number}-{get_random_string(6).lower()}@example.invalid",
                verified_at=now,
                removed_at=now,
            )
            for number in range(count)
        ],
        batch_size=1000,
    )


@seeds("accounts.user_sessions")
def seed_user_sessions(subject, count):
    encoded = (
        import_module(settings.SESSION_ENGINE)
        .SessionStore()
        .encode({"_auth_user_id": str(subject.user_id)})
    )
    expire = timezone.now() + datetime.timedelta(days=2)
    keys = [get_random_string(32).lower() for _number in range(count)]
    Session.objects.bulk_create(
        [
            Session(session_key=key, session_data=encoded, expire_date=expire)
            for key in keys
        ],
        batch_size=1000,
    )
    UserSession.objects.bulk_create(
        [
            UserSession(
                user=subject.user,
                session_key=key,
                ip=f"192.0.2.{number % 250 + 1}",
                user_agent=f"Benchmark/{number}",
            )
            for number, key in enumerate(keys)
        ],
        batch_size=1000,
    )


@seeds("accounts.security_events")
def seed_security_events(subject, count):
    SecurityEvent.objects.bulk_create(
        [
            SecurityEvent(
                user=subject.user,
                kind=SecurityEvent.Kind.PASSWORD_CHANGED,
                ip_address=f"192.0.2.{number % 250 + 1}",
                user_agent=f"Benchmark/{number}",
            )
            for number in range(count)
        ],
        batch_size=1000,
    )


def _bench_log_fields(subject, number):
    return {
        "username": min(subject.emails),
        "ip_address": f"192.0.2.{number % 250 + 1}",
        "user_agent": f"Benchmark/{number}",
        "http_accept": "text/html",
        "path_info": "/konto/login/",
    }


def _seed_log(model, subject, count, **extra):
    """Rows of one part of axes' sign-in log, all under the subject's
    address."""
    model.objects.bulk_create(
        [
            model(**_bench_log_fields(subject, number), **extra)
            for number in range(count)
        ],
        batch_size=1000,
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
    page = Page.objects.filter(depth__gt=1).order_by("path").first()
    address = min(subject.emails)
    FormSubmission.objects.bulk_create(
        [
            FormSubmission(
                page=page,
                form_data={
                    "name": "Benchmark",
                    "email": address,
                    "message": f"Benchmark message {number}",
                },
            )
            for number in range(count)
        ],
        batch_size=1000,
    )


@seeds("accounts.editor_activity")
def seed_editor_activity(subject, count):
    page = (
        Page.objects.filter(depth__gt=1).order_by("path").first()
        or Page.objects.first()
    )
    PageLogEntry.objects.bulk_create(
        [
            PageLogEntry(
                page=page,
                content_type_id=page.content_type_id,
                label=page.title,
                action="wagtail.edit",
                user=subject.user,
                timestamp=timezone.now(),
            )
            for _number in range(count)
        ],
        batch_size=1000,
    )
