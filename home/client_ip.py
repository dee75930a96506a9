"""The client's address, read the same way everywhere: rate limits, the
sign-in log and lockout (axes), allauth's session list and its own limits.

Behind ``TRUSTED_PROXY_COUNT`` reverse proxies (1 behind
site/nginx.conf.example) the address is the entry the outermost trusted
proxy appended to X-Forwarded-For; entries further left are whatever the
client sent and are ignored. With 0, or a header shorter than the count,
the connection's own address (REMOTE_ADDR)."""

from django.conf import settings


def client_ip(request) -> str:
    """The client's address for ``request``; empty when there is none."""
    proxies = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if proxies:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")
