"""Security headers on every response: the Content-Security-Policy and the
Permissions-Policy. Django's SecurityMiddleware sets the rest (HSTS in
production, nosniff, Referrer-Policy, Cross-Origin-Opener-Policy).

Two policies, both from settings:

- the public one (``CONTENT_SECURITY_POLICY``, django-csp's setting) for the
  site. Public HTML is the same for every visitor and is kept by the page
  cache and the front proxy, so it cannot carry a per-response nonce: every
  script is a static file, and the policy allows no inline script at all;
- the admin one (``SECURITY_ADMIN_CSP``) for Wagtail's admin, which still
  has inline scripts and style attributes in places; it allows those but
  no other origin, no plugins, no foreign form targets or base URLs.

Apps add the origins of services they are configured for through
``SECURITY_CSP_SOURCES``: dotted paths to callables that take the request
and return ``{directive: [sources]}`` (the analytics a visitor may consent
to, the payment page tickets go to). Lower apps never import them.

``frame-ancestors`` follows X-Frame-Options: ``'self'`` where a view asked
to be framed by the site (Wagtail's preview marks itself SAMEORIGIN),
``'none'`` everywhere else.

Pages opened from a link with a secret token in it (a confirmation sent by
mail) send ``Referrer-Policy: same-origin`` instead (``@token_in_url``)."""

from functools import cached_property, wraps
from urllib.parse import urlsplit

from csp.constants import NONE, SELF
from csp.middleware import CSPMiddleware
from csp.utils import default_config
from django.conf import settings
from django.urls import reverse
from django.utils.module_loading import import_string

FRAME_ANCESTORS = "frame-ancestors"
# Not "no-referrer": under it Chromium sends "Origin: null" with the page's
# own form POST, and Django's CSRF check refuses that (the confirm buttons
# answered 403). "same-origin" sends no Referer and a null Origin to other
# sites, and our own origin with the POST, on HTTP and HTTPS alike.
MAILED_LINK_REFERRER_POLICY = "same-origin"


def origin(url: str) -> str | None:
    """``scheme://host[:port]`` of an absolute URL, None for a relative one.
    A protocol-relative URL (``//cdn.example/``) keeps no scheme."""
    parts = urlsplit(url or "")
    if not parts.netloc:
        return None
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme else f"//{parts.netloc}"


def asset_sources(request) -> dict[str, list[str]]:
    """Static files and media from another host (a CDN, S3): their origins
    where such files are used. Nothing while both are served by the site."""
    sources: dict[str, list[str]] = {}
    static = origin(settings.STATIC_URL)
    if static:
        for directive in ("script-src", "style-src", "font-src", "img-src"):
            sources.setdefault(directive, []).append(static)
    media = origin(settings.MEDIA_URL)
    if media:
        for directive in ("img-src", "media-src"):
            sources.setdefault(directive, []).append(media)
    return sources


def merge(*parts: dict | None) -> dict[str, list[str]]:
    merged: dict[str, list[str]] = {}
    for part in parts:
        for directive, sources in (part or {}).items():
            if isinstance(sources, str):
                sources = [sources]
            merged.setdefault(directive, []).extend(sources)
    return merged


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware choosing the policy by path and adding the
    sources apps ask for; see the module docstring. Sits near the top of
    MIDDLEWARE, outside the page cache, so a page served from the cache gets
    the policy of the moment."""

    @cached_property
    def admin_prefix(self) -> str:
        return reverse("wagtailadmin_home")

    @cached_property
    def source_providers(self):
        paths = ["home.security.asset_sources"]
        paths += getattr(settings, "SECURITY_CSP_SOURCES", [])
        return [import_string(path) for path in paths]

    def process_response(self, request, response):
        if getattr(request, "is_dummy", False):
            # Wagtail's preview renders the page through the middleware with
            # a stand-in request for its public URL; the admin request that
            # asked for the preview gets the policy, with the framing rule.
            return response
        return super().process_response(request, response)

    def is_admin(self, request) -> bool:
        return request.path_info.startswith(self.admin_prefix)

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        if report_only:
            return parts
        if parts.config is None and self.is_admin(request):
            parts.config = default_config(settings.SECURITY_ADMIN_CSP["DIRECTIVES"])
        extra = [provider(request) for provider in self.source_providers]
        parts.update = merge(parts.update, *extra)
        replace = dict(parts.replace or {})
        if FRAME_ANCESTORS not in replace:
            framed_by_site = response.get("X-Frame-Options", "").upper() == "SAMEORIGIN"
            replace[FRAME_ANCESTORS] = [SELF if framed_by_site else NONE]
        parts.replace = replace
        return parts


class PermissionsPolicyMiddleware:
    """The Permissions-Policy header from ``SECURITY_PERMISSIONS_POLICY``:
    ``{feature: [allowed origins]}``, an empty list turning a feature off
    for the page and everything it embeds."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.header = self.build(getattr(settings, "SECURITY_PERMISSIONS_POLICY", {}))

    @staticmethod
    def build(policy: dict[str, list[str]]) -> str:
        def allowlist(origins):
            return " ".join(
                origin if origin in ("self", "*") else f'"{origin}"'
                for origin in origins
            )

        return ", ".join(
            f"{feature}=({allowlist(origins)})" for feature, origins in policy.items()
        )

    def __call__(self, request):
        response = self.get_response(request)
        if self.header and "Permissions-Policy" not in response:
            response["Permissions-Policy"] = self.header
        return response


def token_in_url(view):
    """For a view whose URL carries a secret token (the link in a
    confirmation mail): its pages never tell another site the URL, not even
    our origin, while their own forms still post with the Origin header
    Django's CSRF check needs. Responses raised as exceptions (404) get the
    site's policy, which also keeps the path from other sites."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response["Referrer-Policy"] = MAILED_LINK_REFERRER_POLICY
        return response

    return wrapped
