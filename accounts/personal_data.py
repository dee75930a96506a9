"""The personal data of accounts, and of what the accounts app looks after
for the site: sessions, the sign-in log (axes), contact form submissions
(Wagtail forms) and the links from Wagtail's editing history to a person.

Account data (the user, profile, addresses, sessions, editor history) is
found through ``subject.user`` only: the privacy request form, which knows a
person by an address alone, gives account data only to the logged-in owner.
Data that people leave by typing an address (the sign-in log, form
submissions) is found by the subject's addresses."""

import datetime
import json
from importlib import import_module

from allauth.account.models import EmailAddress, EmailConfirmation
from allauth.usersessions.models import UserSession
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db.models import Q, TextField
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.crypto import get_random_string
from django.utils.translation import gettext_lazy as _
from wagtail.admin.models import EditingSession, FormState
from wagtail.contrib.forms.models import FormSubmission
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import (
    Comment,
    CommentReply,
    ModelLogEntry,
    Page,
    PageLogEntry,
    PageSubscription,
    Revision,
    TaskState,
    UploadedFile,
    WorkflowState,
)
from wagtail.models.api import APIToken
from wagtail.users.models import UserProfile
from wagtail_localize.models import SegmentOverride, StringTranslation

from privacy import retention
from privacy.registry import (
    Erasure,
    PersonalData,
    register,
    register_address_source,
)

from . import conf, services
from .models import KnownAddress, Profile, SecurityEvent, User

ACCOUNT_BASIS = _(
    "Contract (GDPR art. 6(1)(b)): the account you created, and the services "
    "you use with it."
)
SECURITY_BASIS = _(
    "Legitimate interest (GDPR art. 6(1)(f)): protecting your account and the "
    "site against break-ins."
)


def _iso(value):
    return value.isoformat() if value else None


def _none():
    return Q(pk__in=[])


@register
class Accounts(PersonalData):
    """The account itself. Erased last: deleting the row removes what still
    hangs on it, so every other kind must have run first."""

    key = "accounts.user"
    label = _("Your account")
    purpose = _("To let you sign in, and to show you your data, orders and comments.")
    legal_basis = ACCOUNT_BASIS

    @property
    def retention(self):
        return _(
            "Until you delete your account, or %(years)s years after you last "
            "signed in: we email you %(days)s days before and keep it if you "
            "sign in."
        ) % {
            "years": conf.get("INACTIVE_YEARS"),
            "days": conf.get("INACTIVE_NOTICE_DAYS"),
        }

    fields = {
        User: [
            "email",
            "first_name",
            "last_name",
            "password",
            "last_login",
            "date_joined",
            "groups",
            "user_permissions",
        ]
    }
    erase_order = 1000
    export_labels = {
        "email": _("Email address"),
        "first_name": _("First name"),
        "last_name": _("Last name"),
        "date_joined": _("Account created"),
        "last_login": _("Last sign-in"),
        "is_active": _("Active"),
        "is_staff": _("Editor in the admin"),
    }

    def rows(self, subject):
        if subject.user_id is None:
            return User.objects.none()
        return User.objects.filter(pk=subject.user_id)

    def export_row(self, row):
        return {
            "email": row.email,
            "first_name": row.first_name,
            "last_name": row.last_name,
            "date_joined": _iso(row.date_joined),
            "last_login": _iso(row.last_login),
            "is_active": row.is_active,
            "is_staff": row.is_staff,
        }


@register
class Profiles(PersonalData):
    key = "accounts.profile"
    label = _("Your profile")
    purpose = _(
        "To fill in your details when you buy tickets, and to reach you about "
        "them. For a child under 15: to ask a guardian to confirm the account."
    )
    legal_basis = ACCOUNT_BASIS
    retention = _("Until you change it or delete your account.")
    fields = {
        Profile: [
            "user",
            "street_address",
            "postal_code",
            "city",
            "phone",
            "birth_date",
            "guardian_name",
            "guardian_email",
            "guardian_requested_at",
            "guardian_confirmed_at",
        ]
    }
    export_labels = {
        "street_address": _("Street address"),
        "postal_code": _("Postal code"),
        "city": _("City"),
        "phone": _("Phone"),
        "birth_date": _("Birth date"),
        "guardian_name": _("Guardian's name"),
        "guardian_email": _("Guardian's email address"),
        "guardian_confirmed_at": _("Guardian confirmed"),
    }

    def rows(self, subject):
        if subject.user_id is None:
            return Profile.objects.none()
        return Profile.objects.filter(user_id=subject.user_id)

    def export_row(self, row):
        return {
            "street_address": row.street_address,
            "postal_code": row.postal_code,
            "city": row.city,
            "phone": row.phone,
            "birth_date": _iso(row.birth_date),
            "guardian_name": row.guardian_name,
            "guardian_email": row.guardian_email,
            "guardian_requested_at": _iso(row.guardian_requested_at),
            "guardian_confirmed_at": _iso(row.guardian_confirmed_at),
            "updated_at": _iso(row.updated_at),
        }


@register
class EmailAddresses(PersonalData):
    """allauth's record of the account's addresses and which are verified
    (pending confirmations go with them)."""

    key = "accounts.email_addresses"
    label = _("Your email addresses")
    purpose = _("To sign you in, and to know which addresses you have confirmed.")
    legal_basis = ACCOUNT_BASIS
    retention = _("Until you remove the address or delete your account.")
    fields = {
        EmailAddress: ["user", "email"],
        EmailConfirmation: ["email_address"],
    }
    export_labels = {
        "email": _("Email address"),
        "verified": _("Confirmed"),
        "primary": _("Used for sign-in"),
    }

    def rows(self, subject):
        if subject.user_id is None:
            return EmailAddress.objects.none()
        return EmailAddress.objects.filter(user_id=subject.user_id).order_by("pk")

    def export_row(self, row):
        return {"email": row.email, "verified": row.verified, "primary": row.primary}

    def seed_benchmark(self, subject, count):
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


# Addresses the account verified before an email change still find the
# person's data (a subscription, an order, a comment made under them).
register_address_source("accounts.known_addresses", services.past_addresses)


@register
class KnownAddresses(PersonalData):
    """Every address the account has verified, kept after it is replaced so
    that data left under an old address is still found, exported and
    erased with the account."""

    key = "accounts.known_addresses"
    label = _("Email addresses you have used")
    purpose = _(
        "To find what you did under an address you used before (a "
        "subscription, an order, a message), so that you can see it and have "
        "it deleted."
    )
    legal_basis = ACCOUNT_BASIS
    retention = _("Until you delete your account.")
    fields = {KnownAddress: ["user", "email", "verified_at", "removed_at"]}
    export_labels = {
        "email": _("Email address"),
        "verified_at": _("Confirmed"),
        "removed_at": _("No longer used since"),
    }

    def rows(self, subject):
        if subject.user_id is None:
            return KnownAddress.objects.none()
        return KnownAddress.objects.filter(user_id=subject.user_id).order_by("pk")

    def export_row(self, row):
        return {
            "email": row.email,
            "verified_at": _iso(row.verified_at),
            "removed_at": _iso(row.removed_at),
        }

    def seed_benchmark(self, subject, count):
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


@register
class Sessions(PersonalData):
    """Django's sessions that belong to the person or mention them: the
    account's own (found through allauth's list and by the account's id
    inside the data), and any other holding one of their addresses (a
    sign-up left unfinished). Erased before allauth's list (erase_order)."""

    key = "accounts.sessions"
    label = _("Your signed-in sessions")
    purpose = _("To keep you signed in from one page to the next.")
    legal_basis = ACCOUNT_BASIS
    retention = _(
        "Until you sign out, or two days (two weeks with “remember me”) after "
        "your last visit."
    )
    fields = {Session: ["session_key", "session_data", "expire_date"]}
    erase_order = -10
    export_labels = {"expires_at": _("Expires")}

    def rows(self, subject):
        return Session.objects.filter(
            session_key__in=services.session_keys_of(subject)
        ).order_by("expire_date")

    def export_row(self, row):
        # The key is a credential and the data is internal: only when it ends.
        return {"expires_at": _iso(row.expire_date)}

    def erase(self, subject, **options):
        store = import_module(settings.SESSION_ENGINE).SessionStore
        keys = services.session_keys_of(subject)
        deleted = Session.objects.filter(session_key__in=keys).count()
        for key in keys:
            # Through the store, so a cached session goes too.
            store(key).delete(key)
        return Erasure(deleted=deleted)


@register
class UserSessions(PersonalData):
    key = "accounts.user_sessions"
    label = _("Where you are signed in")
    purpose = _(
        "To show you where your account is signed in, so that you can sign out "
        "of a browser you do not recognise."
    )
    legal_basis = SECURITY_BASIS
    retention = _("As long as the session lasts.")
    fields = {
        UserSession: [
            "user",
            "ip",
            "user_agent",
            "data",
            "session_key",
            "created_at",
            "last_seen_at",
        ]
    }
    export_labels = {
        "created_at": _("Signed in"),
        "last_seen_at": _("Last seen"),
        "ip": _("IP address"),
        "user_agent": _("Browser"),
    }

    def rows(self, subject):
        if subject.user_id is None:
            return UserSession.objects.none()
        return UserSession.objects.filter(user_id=subject.user_id).order_by(
            "created_at"
        )

    def export_row(self, row):
        return {
            "created_at": _iso(row.created_at),
            "last_seen_at": _iso(row.last_seen_at),
            "ip": row.ip,
            "user_agent": row.user_agent,
        }

    def seed_benchmark(self, subject, count):
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


class _SecurityLog(PersonalData):
    """Shared by the three parts of axes' sign-in log: found by the address
    typed (the account's, or an address a rights request proved)."""

    model = None
    legal_basis = SECURITY_BASIS
    base_fields = ["username", "ip_address", "user_agent", "http_accept", "path_info"]

    @property
    def retention(self):
        days = conf.get("SECURITY_LOG_DAYS")
        return _("%(days)s days, then deleted; at once if you delete your account.") % {
            "days": days
        }

    def addresses(self, subject):
        # Only the subject's verified addresses: an account's own address
        # may be one it never verified (Subject.for_user leaves it out).
        return set(subject.emails)

    def rows(self, subject):
        query = _none()
        for address in self.addresses(subject):
            query |= Q(username__iexact=address)
        return self.model.objects.filter(query).order_by("attempt_time")

    def export_row(self, row):
        return {
            "time": _iso(row.attempt_time),
            "username": row.username,
            "ip_address": row.ip_address,
            "user_agent": row.user_agent,
            "path": row.path_info,
        }

    def seed_row(self, subject, number):
        raise NotImplementedError

    def seed_benchmark(self, subject, count):
        self.model.objects.bulk_create(
            [self.seed_row(subject, number) for number in range(count)],
            batch_size=1000,
        )


@register
class SecurityEvents(PersonalData):
    """Password and address changes and refused admin requests of the
    account (sign-ins are axes' log, above)."""

    key = "accounts.security_events"
    label = _("Changes to your account and refused requests")
    purpose = _(
        "To show you when your password or address was changed and when "
        "someone signed in as you tried the admin, so that you notice what "
        "you did not do."
    )
    legal_basis = SECURITY_BASIS
    fields = {SecurityEvent: ["user", "ip_address", "user_agent", "detail"]}
    export_labels = {
        "time": _("Time"),
        "what": _("What happened"),
        "detail": _("Detail"),
        "ip_address": _("IP address"),
        "user_agent": _("Browser"),
    }

    @property
    def retention(self):
        return _("%(days)s days, then deleted; at once if you delete your account.") % {
            "days": conf.get("SECURITY_LOG_DAYS")
        }

    def rows(self, subject):
        if subject.user_id is None:
            return SecurityEvent.objects.none()
        return SecurityEvent.objects.filter(user_id=subject.user_id).order_by("at")

    def export_row(self, row):
        return {
            "time": _iso(row.at),
            "what": row.kind,
            "detail": row.detail or None,
            "ip_address": row.ip_address,
            "user_agent": row.user_agent or None,
        }

    def seed_benchmark(self, subject, count):
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


SECURITY_LABELS = {
    "time": _("Time"),
    "username": _("Address typed"),
    "ip_address": _("IP address"),
    "user_agent": _("Browser"),
    "path": _("Page"),
}


def _bench_log_fields(subject, number):
    return {
        "username": min(subject.emails),
        "ip_address": f"192.0.2.{number % 250 + 1}",
        "user_agent": f"Benchmark/{number}",
        "http_accept": "text/html",
        "path_info": "/konto/login/",
    }


@register
class SignIns(_SecurityLog):
    key = "accounts.sign_ins"
    label = _("Your sign-ins")
    purpose = _(
        "To show you when and from where your account was used, and to look "
        "into break-ins."
    )
    model = AccessLog
    fields = {
        AccessLog: [
            *_SecurityLog.base_fields,
            "attempt_time",
            "logout_time",
            "session_hash",
        ]
    }
    export_labels = {**SECURITY_LABELS, "signed_out": _("Signed out")}

    def export_row(self, row):
        return {**super().export_row(row), "signed_out": _iso(row.logout_time)}

    def seed_row(self, subject, number):
        return AccessLog(**_bench_log_fields(subject, number))


@register
class FailedSignIns(_SecurityLog):
    key = "accounts.failed_sign_ins"
    label = _("Failed sign-in attempts with your address")
    purpose = _("To stop people guessing passwords, and to warn you when they try.")
    model = AccessFailureLog
    fields = {
        AccessFailureLog: [*_SecurityLog.base_fields, "attempt_time", "locked_out"]
    }
    export_labels = {**SECURITY_LABELS, "locked_out": _("Led to a pause")}

    def export_row(self, row):
        return {**super().export_row(row), "locked_out": row.locked_out}

    def seed_row(self, subject, number):
        return AccessFailureLog(**_bench_log_fields(subject, number))


@register
class Lockouts(_SecurityLog):
    """axes' counters of recent failures per address and browser (the form
    data it keeps has the password and the address blanked out)."""

    key = "accounts.lockouts"
    label = _("Sign-in pauses")
    purpose = _("To pause sign-in after repeated wrong passwords.")
    model = AccessAttempt
    fields = {
        AccessAttempt: [
            *_SecurityLog.base_fields,
            "get_data",
            "post_data",
            "attempt_time",
            "failures_since_start",
        ]
    }
    export_labels = {**SECURITY_LABELS, "failures": _("Failed attempts")}

    def export_row(self, row):
        return {**super().export_row(row), "failures": row.failures_since_start}

    def seed_row(self, subject, number):
        return AccessAttempt(
            **_bench_log_fields(subject, number),
            get_data="",
            post_data="",
            failures_since_start=1,
        )


def _mentions(value, addresses):
    """Whether ``value`` (a form's stored data) holds one of ``addresses``
    as a whole answer."""
    if isinstance(value, str):
        return value.strip().lower() in addresses
    if isinstance(value, dict):
        return any(_mentions(item, addresses) for item in value.values())
    if isinstance(value, list | tuple):
        return any(_mentions(item, addresses) for item in value)
    return False


@register
class FormSubmissions(PersonalData):
    """What people sent through the site's forms (the contact form). A
    submission is the person's when one of its answers is their address."""

    key = "accounts.form_submissions"
    label = _("Messages you sent through our forms")
    purpose = _("To answer what you asked us through the contact form.")
    legal_basis = _(
        "Legitimate interest (GDPR art. 6(1)(f)): answering people who contact us."
    )

    @property
    def retention(self):
        days = retention.get_days("accounts.form_submissions")
        return _(
            "%(months)s months after you sent it, or sooner if you ask us to delete it."
        ) % {"months": round(days / 30.44)}

    fields = {FormSubmission: ["form_data"]}
    export_labels = {
        "form": _("Form"),
        "submitted_at": _("Sent"),
        "answers": _("Answers"),
    }

    def candidates(self, subject):
        """Submissions whose stored text contains an address: a coarse
        filter the database can do (as stored JSON, which may escape
        non-ASCII), checked answer by answer in ``rows``."""
        query = _none()
        for address in subject.emails:
            query |= Q(as_text__icontains=address)
            escaped = json.dumps(address)[1:-1]
            if escaped != address:
                query |= Q(as_text__icontains=escaped)
        return (
            FormSubmission.objects.annotate(as_text=Cast("form_data", TextField()))
            .filter(query)
            .select_related("page")
            .order_by("submit_time", "pk")
        )

    def rows(self, subject):
        if not subject.emails:
            return
        addresses = set(subject.emails)
        for submission in self.candidates(subject).iterator(chunk_size=500):
            if _mentions(submission.form_data, addresses):
                yield submission

    def export_row(self, row):
        return {
            "form": row.page.title,
            "submitted_at": _iso(row.submit_time),
            "answers": row.form_data,
        }

    def summary(self, subject):
        return sum(1 for _row in self.rows(subject))

    def erase(self, subject, **options):
        ids = [row.pk for row in self.rows(subject)]
        deleted, _per_model = FormSubmission.objects.filter(pk__in=ids).delete()
        return Erasure(deleted=deleted)

    def seed_benchmark(self, subject, count):
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


# Wagtail's links to the person who did something: (model, field). Nullable
# links are set to NULL on erasure, so the history stays and names nobody.
EDITOR_LINKS = [
    (Page, "owner"),
    (Page, "locked_by"),
    (Revision, "user"),
    (PageLogEntry, "user"),
    (ModelLogEntry, "user"),
    (get_image_model(), "uploaded_by_user"),
    (get_document_model(), "uploaded_by_user"),
    (UploadedFile, "uploaded_by_user"),
    (WorkflowState, "requested_by"),
    (TaskState, "finished_by"),
    (Comment, "resolved_by"),
    # wagtail-localize: who last translated a string (issue 15).
    (StringTranslation, "last_translated_by"),
    (SegmentOverride, "last_translated_by"),
]
# Rows that exist only for the person (their settings, their own comments on
# pages in the admin, what they follow, their API keys): deleted.
EDITOR_OWNED = [
    (UserProfile, "user"),
    (Comment, "user"),
    (CommentReply, "user"),
    (PageSubscription, "user"),
    (EditingSession, "user"),
    (FormState, "user"),
    (APIToken, "user"),
]


def _editor_fields():
    fields = {}
    for model, field in EDITOR_LINKS + EDITOR_OWNED:
        fields.setdefault(model, []).append(field)
    # What the person wrote or chose, beyond the link to them.
    fields[Comment].append("text")
    fields[CommentReply].append("text")
    fields[UserProfile].extend(
        ["avatar", "preferred_language", "current_time_zone", "dismissibles"]
    )
    fields[TaskState].append("comment")
    fields[FormState].append("data")
    fields[APIToken].append("name")
    return fields


def _describe(obj):
    """A line naming the item: a page's or object's title, a comment's
    text."""
    if isinstance(obj, Revision):
        return obj.object_str
    if isinstance(obj, PageLogEntry | ModelLogEntry):
        return obj.label
    if isinstance(obj, Comment | CommentReply):
        return obj.text
    if isinstance(obj, PageSubscription):
        return obj.page.title
    return str(obj)


WHEN_FIELDS = (
    "created_at",
    "timestamp",
    "finished_at",
    "last_seen_at",
    "last_updated_at",
    "created",
)


def _when(obj):
    for name in WHEN_FIELDS:
        value = getattr(obj, name, None)
        if isinstance(value, datetime.datetime):
            return value
    return None


@register
class EditorActivity(PersonalData):
    """What an editor did in Wagtail's admin: the pages they own, edited or
    locked, their uploads, workflow steps, admin comments and settings.
    Erasure keeps the editing history and removes the person from it."""

    key = "accounts.editor_activity"
    label = _("Your work in the editing system")
    purpose = _("To keep the history of who changed what on the site.")
    legal_basis = _(
        "Legitimate interest (GDPR art. 6(1)(f)): a traceable history of the "
        "site's content."
    )
    retention = _(
        "While you edit for us. When your account is deleted, the history is "
        "kept without your name; your admin settings and comments are deleted."
    )
    fields = _editor_fields()
    export_labels = {
        "what": _("What"),
        "item": _("Item"),
        "at": _("When"),
    }

    def _querysets(self, subject):
        if subject.user_id is None:
            return []
        return [
            (model, field, model.objects.filter(**{f"{field}_id": subject.user_id}))
            for model, field in EDITOR_LINKS + EDITOR_OWNED
        ]

    def rows(self, subject):
        for model, field, queryset in self._querysets(subject):
            for obj in queryset.order_by("pk").iterator(chunk_size=500):
                yield (model, field, obj)

    def export_row(self, row):
        model, field, obj = row
        return {
            "what": f"{model._meta.verbose_name} "
            f"({model._meta.get_field(field).verbose_name})",
            "item": _describe(obj),
            "at": _iso(_when(obj)),
        }

    def summary(self, subject):
        return sum(
            queryset.count() for _model, _field, queryset in self._querysets(subject)
        )

    def erase(self, subject, **options):
        result = Erasure()
        if subject.user_id is None:
            return result
        for model, field in EDITOR_LINKS:
            result.anonymised += model.objects.filter(
                **{f"{field}_id": subject.user_id}
            ).update(**{field: None})
        for profile in UserProfile.objects.filter(user_id=subject.user_id):
            if profile.avatar:
                profile.avatar.delete(save=False)
        for model, field in EDITOR_OWNED:
            deleted, _per_model = model.objects.filter(
                **{f"{field}_id": subject.user_id}
            ).delete()
            result.deleted += deleted
        return result

    def seed_benchmark(self, subject, count):
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
