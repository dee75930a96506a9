"""Where the person is signed in: Django's sessions and allauth's list of
them."""

from importlib import import_module

from allauth.usersessions.models import UserSession
from django.conf import settings
from django.contrib.sessions.models import Session
from django.utils.translation import gettext_lazy as _

from privacy.registry import Erasure, PersonalData, register

from .. import services
from .common import ACCOUNT_BASIS, SECURITY_BASIS, iso


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
        return {"expires_at": iso(row.expire_date)}

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
            "created_at": iso(row.created_at),
            "last_seen_at": iso(row.last_seen_at),
            "ip": row.ip,
            "user_agent": row.user_agent,
        }
