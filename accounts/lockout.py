"""How django-axes identifies and locks failed sign-ins (settings
``AXES_*`` in venue/settings/base.py explain the rules).

axes calls these by their dotted paths: who tried (``attempted_username``),
for how long failures count (``cool_off``), and what a locked-out person
sees (``lockout_response``). From where is ``home.client_ip``, as everywhere."""

import datetime
from http import HTTPStatus

from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Max, Sum
from django.shortcuts import render
from django.utils import timezone

# Failures further apart than this start the count again.
FAILURE_WINDOW = datetime.timedelta(minutes=15)
# How long a username is locked from an address after the last failure.
LOCKOUT_DURATION = datetime.timedelta(minutes=30)
# axes' username column is this long.
USERNAME_MAX_LENGTH = 255


def attempted_username(request, credentials=None):
    """The address someone tried to sign in with, lower-cased: from the
    credentials allauth or Django's auth pass, else from the posted form
    (allauth posts ``login``, Wagtail's admin ``username``)."""
    candidates = []
    if credentials:
        candidates += [credentials.get(key) for key in ("email", "login", "username")]
    if request is not None:
        data = getattr(request, "data", None) or getattr(request, "POST", {})
        candidates += [data.get(key) for key in ("login", "username", "email")]
    for candidate in candidates:
        if isinstance(candidate, str) and candidate.strip():
            return candidate.strip().lower()[:USERNAME_MAX_LENGTH]
    return None


def _attempts(request):
    username = attempted_username(request, getattr(request, "axes_credentials", None))
    address = getattr(request, "axes_ip_address", None)
    if not username or not address:
        return AccessAttempt.objects.none()
    return AccessAttempt.objects.filter(
        username=username,
        ip_address=address,
        attempt_time__gte=timezone.now() - LOCKOUT_DURATION,
    )


def is_locked(request):
    failures = _attempts(request).aggregate(total=Sum("failures_since_start"))
    return (failures["total"] or 0) >= settings.AXES_FAILURE_LIMIT


def cool_off(request=None):
    """``AXES_COOLOFF_TIME``: 15 minutes while a username and address have
    fewer failures than the limit, 30 minutes once they are locked."""
    if request is None or is_locked(request):
        return LOCKOUT_DURATION
    return FAILURE_WINDOW


def locked_until(request):
    last_failure = _attempts(request).aggregate(last=Max("attempt_time"))["last"]
    return (last_failure or timezone.now()) + LOCKOUT_DURATION


def lockout_response(request, original_response=None, credentials=None):
    """``AXES_LOCKOUT_CALLABLE``: a page in the site's layout saying what
    happened and when to try again, with HTTP 429 and Retry-After."""
    until = locked_until(request)
    response = render(
        request,
        "accounts/lockout.html",
        {
            "locked_until": until,
            "lockout_minutes": int(LOCKOUT_DURATION.total_seconds() // 60),
            "failure_limit": settings.AXES_FAILURE_LIMIT,
        },
        status=HTTPStatus.TOO_MANY_REQUESTS,
    )
    retry_after = max(0, int((until - timezone.now()).total_seconds()))
    response["Retry-After"] = str(retry_after)
    response["Cache-Control"] = "no-store"
    return response
