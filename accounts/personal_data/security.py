"""The security log: changes to the account and refused admin requests, and
the three parts of axes' sign-in log (found by the address typed)."""

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from privacy.registry import PersonalData, register

from ..conf import conf
from ..models import SecurityEvent
from .common import SECURITY_BASIS, iso, matches_nothing


class _SecurityLog(PersonalData):
    """Shared by the three parts of axes' sign-in log: found by the address
    typed (the account's, or an address a rights request proved)."""

    model = None
    legal_basis = SECURITY_BASIS
    base_fields = ["username", "ip_address", "user_agent", "http_accept", "path_info"]

    @property
    def retention(self):
        days = conf.SECURITY_LOG_DAYS
        return _("%(days)s days, then deleted; at once if you delete your account.") % {
            "days": days
        }

    def addresses(self, subject):
        # Only the subject's verified addresses: an account's own address
        # may be one it never verified (Subject.for_user leaves it out).
        return set(subject.emails)

    def rows(self, subject):
        query = matches_nothing()
        for address in self.addresses(subject):
            query |= Q(username__iexact=address)
        return self.model.objects.filter(query).order_by("attempt_time")

    def export_row(self, row):
        return {
            "time": iso(row.attempt_time),
            "username": row.username,
            "ip_address": row.ip_address,
            "user_agent": row.user_agent,
            "path": row.path_info,
        }


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
            "days": conf.SECURITY_LOG_DAYS
        }

    def rows(self, subject):
        if subject.user_id is None:
            return SecurityEvent.objects.none()
        return SecurityEvent.objects.filter(user_id=subject.user_id).order_by("at")

    def export_row(self, row):
        return {
            "time": iso(row.at),
            "what": row.kind,
            "detail": row.detail or None,
            "ip_address": row.ip_address,
            "user_agent": row.user_agent or None,
        }


SECURITY_LABELS = {
    "time": _("Time"),
    "username": _("Address typed"),
    "ip_address": _("IP address"),
    "user_agent": _("Browser"),
    "path": _("Page"),
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
        return {**super().export_row(row), "signed_out": iso(row.logout_time)}


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
