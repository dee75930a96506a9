"""Receivers for signals of code we do not own (Django's auth, allauth)."""

from allauth.account.signals import email_changed
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.auth.signals import user_logged_in

from . import services


def remember_sign_in(sender, request, user, **kwargs):
    services.record_sign_in(request)


def follow_changed_address(
    sender, request, user, from_email_address, to_email_address, **kwargs
):
    """The sign-in log knows a person by the address they typed; when the
    address changes, the log follows, so that my page, export and deletion
    still find it."""
    if from_email_address is None or to_email_address is None:
        return
    old, new = from_email_address.email.lower(), to_email_address.email.lower()
    for model in (AccessLog, AccessFailureLog, AccessAttempt):
        model.objects.filter(username__iexact=old).update(username=new)


def connect():
    user_logged_in.connect(remember_sign_in, dispatch_uid="accounts.remember_sign_in")
    email_changed.connect(
        follow_changed_address, dispatch_uid="accounts.follow_changed_address"
    )
