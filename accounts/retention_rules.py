"""How long the accounts app keeps its records, as retention rules the
privacy app's purge applies (privacy/retention.py): the sign-in log
(ACCOUNTS_SECURITY_LOG_DAYS, or the retention table's
``accounts.security_log``) and the address and browser of ended sessions."""

from allauth.usersessions.models import UserSession
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.sessions.models import Session
from django.utils.translation import gettext_lazy as _

from privacy.retention import RetentionRule, register

from . import conf


@register
class SecurityLog(RetentionRule):
    key = "accounts.security_log"
    label = _("Sign-in log: attempts, failures and lockouts")
    # The name signed in with is the address (allauth signs in by email).
    person_lookups = {
        "axes.accesslog": ((), ("username",)),
        "axes.accessfailurelog": ((), ("username",)),
        "axes.accessattempt": ((), ("username",)),
    }

    @property
    def default_days(self):
        return conf.get("SECURITY_LOG_DAYS")

    def querysets(self, cutoff, now):
        return [
            model.objects.filter(attempt_time__lt=cutoff)
            for model in (AccessLog, AccessFailureLog, AccessAttempt)
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
