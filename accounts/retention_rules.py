"""How long the accounts app keeps its records, as retention rules the
privacy app's purge applies (privacy/retention.py): the sign-in log
(ACCOUNTS_SECURITY_LOG_DAYS, or the retention table's
``accounts.security_log``) and the address and browser of ended sessions."""

from allauth.usersessions.models import UserSession
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.sessions.models import Session
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.forms.models import FormSubmission

from privacy.retention import RetentionRule, register

from . import services
from .conf import conf
from .models import SecurityEvent


@register
class SecurityLog(RetentionRule):
    key = "accounts.security_log"
    label = _(
        "Security log: sign-ins, failures, lockouts, password and address "
        "changes, refused admin requests"
    )
    # The name signed in with is the address (allauth signs in by email).
    person_lookups = {
        "axes.accesslog": ((), ("username",)),
        "axes.accessfailurelog": ((), ("username",)),
        "axes.accessattempt": ((), ("username",)),
    }

    @property
    def default_days(self):
        return conf.SECURITY_LOG_DAYS

    def querysets(self, cutoff, now):
        return [
            *(
                model.objects.filter(attempt_time__lt=cutoff)
                for model in (AccessLog, AccessFailureLog, AccessAttempt)
            ),
            SecurityEvent.objects.filter(at__lt=cutoff),
        ]


@register
class EndedSessions(RetentionRule):
    """Kept only while the session lasts (accounts.services.
    forget_ended_sessions, applied in chunks)."""

    key = "accounts.ended_sessions"
    label = _("Address and browser of sessions that have ended")
    default_days = 0

    def querysets(self, cutoff, now):
        return [
            UserSession.objects.exclude(
                session_key__in=Session.objects.filter(expire_date__gt=now).values(
                    "session_key"
                )
            )
        ]


@register
class FormSubmissions(RetentionRule):
    """Messages sent through the contact form: answered within weeks, kept
    ACCOUNTS_FORM_SUBMISSION_DAYS (a year) for follow-up questions."""

    key = "accounts.form_submissions"
    label = _("Messages sent through the contact form")

    @property
    def default_days(self):
        return conf.FORM_SUBMISSION_DAYS

    def querysets(self, cutoff, now):
        return [FormSubmission.objects.filter(submit_time__lt=cutoff)]


@register
class InactiveAccounts(RetentionRule):
    """Accounts nobody has signed in to for ACCOUNTS_INACTIVE_YEARS: the
    holder is told by mail, and the account is deleted
    ACCOUNTS_INACTIVE_NOTICE_DAYS later unless they sign in."""

    key = "accounts.inactive"
    label = _("Accounts not used for years")

    @property
    def default_days(self):
        return conf.INACTIVE_YEARS * 365

    def purge(self, now, *, dry_run=False, chunk_size=2000, progress=None):
        if self.days is None:
            return 0
        deleted = services.delete_inactive_accounts(now, dry_run=dry_run)
        told = services.warn_inactive_accounts(now, days=self.days, dry_run=dry_run)
        return deleted + told
