"""Origins the Content-Security-Policy must allow for the statistics and
marketing services set in PrivacySettings (home/security.py asks through
``SECURITY_CSP_SOURCES``).

The policy allows them whenever a service is configured, not only for a
visitor who consented: pages are the same for everybody and kept by the
page cache and the front proxy, so their headers cannot depend on the
visitor's cookie. Consent is enforced where the scripts are added:
static/js/consent.js adds a service's script only after the visitor chose
its category. With no service configured the policy names no foreign
origin at all."""

from django.db import DatabaseError

from .models import PrivacySettings

# Google's published sources for GA4 (gtag.js), and Meta's for its pixel.
STATISTICS_SOURCES = {
    "script-src": ["https://*.googletagmanager.com"],
    "img-src": ["https://*.google-analytics.com", "https://*.googletagmanager.com"],
    "connect-src": [
        "https://*.google-analytics.com",
        "https://*.analytics.google.com",
        "https://*.googletagmanager.com",
    ],
}
MARKETING_SOURCES = {
    "script-src": ["https://connect.facebook.net"],
    "img-src": ["https://www.facebook.com"],
    "connect-src": ["https://www.facebook.com", "https://connect.facebook.net"],
}


def consented_services(request) -> dict[str, list[str]]:
    try:
        privacy = PrivacySettings.current()
    except DatabaseError:
        # Without a database no page shows a service either; the policy
        # must still be built (the health check answers 503, not 500).
        return {}
    sources: dict[str, list[str]] = {}
    for configured, extra in (
        (privacy.analytics_id, STATISTICS_SOURCES),
        (privacy.pixel_id, MARKETING_SOURCES),
    ):
        if configured:
            for directive, origins in extra.items():
                sources.setdefault(directive, []).extend(origins)
    return sources
