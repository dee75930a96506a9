from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context
from django.core.exceptions import PermissionDenied

from home.client_ip import client_ip
from home.models import VenueSettings

from . import services


class AccountAdapter(DefaultAccountAdapter):
    """allauth, fitted to the site: mails signed with the venue's name, and
    a password given at sign-in counting as a fresh confirmation for the
    sensitive actions that follow within the reauthentication timeout."""

    def send_mail(self, template_prefix, email, context):
        context = {"venue": VenueSettings.current(), **context}
        super().send_mail(template_prefix, email, context)

    def format_email_subject(self, subject):
        return f"{VenueSettings.current().name}: {subject}"

    def get_client_ip(self, request):
        # The same reading of X-Forwarded-For as the sign-in log, the
        # lockout and the rate limits (TRUSTED_PROXY_COUNT).
        ip = client_ip(request)
        if not ip:
            raise PermissionDenied("Unable to determine client IP address")
        return ip

    def is_reauthentication_required(self, *, app, **kwargs):
        # allauth counts only an explicit reauthentication; signing in with
        # the password a moment ago is as good (issue 3: "when the last
        # login is older than 10 minutes").
        if services.signed_in_recently(context.request):
            return False
        return super().is_reauthentication_required(app=app, **kwargs)


def user_display(user) -> str:
    """allauth's ``ACCOUNT_USER_DISPLAY``: the name people see in messages
    and pages ("signed in as ..."), since ``str(user)`` is a bare number."""
    return user.display_name()
