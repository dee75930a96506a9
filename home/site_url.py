"""The site's own address, for links read away from a request: every mail
(tickets, privacy, comments, accounts, newsletter) builds its links from
:func:`site_url`. Production configures ``WAGTAILADMIN_BASE_URL``; in
development it follows ``DEV_SERVER_ADDR`` (venue/settings/dev.py), so the
links in mails written by ``make run`` point to the server that wrote them."""

from django.conf import settings


def site_url() -> str:
    """Scheme and host of the site, without a trailing slash."""
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/")
