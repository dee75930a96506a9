"""Absolute links to the subscriber's pages, for mails. Mails are sent by
tasks with no request, so links start from ``home.site_url`` (the
site's ``WAGTAILADMIN_BASE_URL``), as other apps' mails do; given a
request, they start from the address the visitor used."""

from django.urls import reverse

from home.site_url import site_url

from . import tokens


def _absolute(path, request=None) -> str:
    if request is not None:
        return request.build_absolute_uri(path)
    return site_url() + path


def confirm_url(subscriber, *, request=None) -> str:
    """The double opt-in link, valid ``NEWSLETTER_CONFIRM_DAYS`` days."""
    path = reverse("newsletter:confirm", args=[tokens.confirm_token(subscriber)])
    return _absolute(path, request)


def unsubscribe_url(subscriber, *, request=None) -> str:
    """The unsubscribe link of every mail; it never expires. Opening it
    shows a page with one button; a POST to the same address, with or
    without cookies and CSRF token, unsubscribes (RFC 8058 one-click)."""
    path = reverse(
        "newsletter:unsubscribe", args=[tokens.unsubscribe_token(subscriber)]
    )
    return _absolute(path, request)


def manage_url(subscriber, *, request=None) -> str:
    """ "Manage my subscription": name, mobile number, language, leaving.
    A visit counts as a sign of life."""
    path = reverse("newsletter:manage", args=[tokens.manage_token(subscriber)])
    return _absolute(path, request)


def reconsent_url(subscriber, *, request=None) -> str:
    """ "Keep me subscribed", in the re-consent mail."""
    path = reverse("newsletter:reconsent", args=[tokens.reconsent_token(subscriber)])
    return _absolute(path, request)


def subscribe_url(*, request=None) -> str:
    return _absolute(reverse("newsletter:subscribe"), request)


def address_confirm_url(change, *, request=None) -> str:
    """The link mailed to a new address; valid ``NEWSLETTER_CONFIRM_DAYS``."""
    path = reverse("newsletter:confirm_address", args=[tokens.address_token(change)])
    return _absolute(path, request)
