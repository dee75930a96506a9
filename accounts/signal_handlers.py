"""Receivers for signals of code we do not own (Django's auth, allauth)."""

from allauth.account.signals import (
    email_added,
    email_changed,
    email_confirmed,
    email_removed,
    password_changed,
    password_reset,
    password_set,
)
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.auth.signals import user_logged_in

from . import services
from .models import SecurityEvent


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


def log_password_changed(sender, request, user, **kwargs):
    services.record_security_event(
        user, SecurityEvent.Kind.PASSWORD_CHANGED, request=request
    )


def log_password_reset(sender, request, user, **kwargs):
    services.record_security_event(
        user, SecurityEvent.Kind.PASSWORD_RESET, request=request
    )


def log_password_set(sender, request, user, **kwargs):
    services.record_security_event(
        user, SecurityEvent.Kind.PASSWORD_SET, request=request
    )


def log_email_changed(
    sender, request, user, from_email_address, to_email_address, **kwargs
):
    if to_email_address is None:
        return
    services.record_security_event(
        user,
        SecurityEvent.Kind.EMAIL_CHANGED,
        request=request,
        detail=to_email_address.email,
    )


def log_email_added(sender, request, user, email_address, **kwargs):
    services.record_security_event(
        user,
        SecurityEvent.Kind.EMAIL_ADDED,
        request=request,
        detail=email_address.email,
    )


def log_email_removed(sender, request, user, email_address, **kwargs):
    services.record_security_event(
        user,
        SecurityEvent.Kind.EMAIL_REMOVED,
        request=request,
        detail=email_address.email,
    )


def connect():
    for signal, receiver in (
        (password_changed, log_password_changed),
        (password_reset, log_password_reset),
        (password_set, log_password_set),
        (email_changed, log_email_changed),
        (email_added, log_email_added),
        (email_removed, log_email_removed),
    ):
        signal.connect(receiver, dispatch_uid=f"accounts.{receiver.__name__}")
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
