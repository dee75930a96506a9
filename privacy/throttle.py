"""A small fixed-window rate limit in the cache, for forms anyone can post
(the request form mails whatever address it is given). Keys hold a hash, not
the address or IP itself."""

import hashlib

from django.core.cache import cache


def allow(scope: str, identifier: str, *, limit: int, window: int) -> bool:
    """Count one attempt for ``identifier`` in ``scope``; return whether it
    is within ``limit`` attempts per ``window`` seconds."""
    digest = hashlib.sha256(identifier.encode("utf-8", "surrogateescape")).hexdigest()
    key = f"privacy:throttle:{scope}:{digest}"
    cache.add(key, 0, timeout=window)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window)
        count = 1
    return count <= limit
