"""Gravatar's origin in the Content-Security-Policy's ``img-src`` while
the comment settings show Gravatar pictures (home/security.py asks through
``SECURITY_CSP_SOURCES``): the site's own policy allows images from the
site only, so the pictures were blocked. Switched off, the policy names no
foreign origin for images, so no reader's browser can be made to ask
Gravatar."""

from django.db import DatabaseError

from home.security import origin

from .models import CommentSettings
from .services import GRAVATAR_URL


def avatar_sources(request) -> dict[str, list[str]]:
    try:
        show = CommentSettings.current().show_gravatar
    except DatabaseError:
        # Without a database no page shows comments; the policy must still
        # be built (the health check answers 503, not 500).
        return {}
    return {"img-src": [origin(GRAVATAR_URL)]} if show else {}
