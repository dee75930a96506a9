"""Receivers for signals of code we do not own (Django's auth, allauth)."""

from allauth.account.signals import email_changed, email_confirmed, email_removed
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.auth.signals import user_logged_in

from . import services


def remember_sign_in(sender, request, user, **kwargs):
    services.record_sign_in(request, user)


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


def remember_confirmed_address(sender, request, email_address, **kwargs):
    """Sign-up's verification, an added address verified, an editor marking
    it verified in the admin: from now on the address finds the person's
    data, even after they replace it."""
    services.remember_verified_address(email_address.user, email_address.email)


def remember_replaced_address(
    sender, request, user, from_email_address, to_email_address, **kwargs
):
    if to_email_address is not None and to_email_address.verified:
        services.remember_verified_address(user, to_email_address.email)
    if from_email_address is not None and (
        to_email_address is None
        or from_email_address.email.lower() != to_email_address.email.lower()
    ):
        services.remember_replaced_address(
            user, from_email_address.email, verified=from_email_address.verified
        )


def remember_removed_address(sender, request, user, email_address, **kwargs):
    services.remember_replaced_address(
        user, email_address.email, verified=email_address.verified
    )


def connect():
    user_logged_in.connect(remember_sign_in, dispatch_uid="accounts.remember_sign_in")
    email_changed.connect(
        follow_changed_address, dispatch_uid="accounts.follow_changed_address"
    )
    email_confirmed.connect(
        remember_confirmed_address, dispatch_uid="accounts.remember_confirmed_address"
    )
    email_changed.connect(
        remember_replaced_address, dispatch_uid="accounts.remember_replaced_address"
    )
    email_removed.connect(
        remember_removed_address, dispatch_uid="accounts.remember_removed_address"
    )
