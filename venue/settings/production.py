"""Production: every secret must come from the environment; a missing one
stops the start. Served behind a TLS-terminating proxy (site/nginx.conf)."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import VAR_DIR, env

SECRET_KEY = env.str("SECRET_KEY")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")
# Erasures are journalled with this key; without it none could be (and a
# restored backup would bring erased people back).
ERASURE_JOURNAL_KEY = env.str("ERASURE_JOURNAL_KEY")
if not ERASURE_JOURNAL_KEY:
    raise ImproperlyConfigured("ERASURE_JOURNAL_KEY is empty; set it to a long secret.")

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool(
    "SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True
)
# Preloading is a promise to browsers' built-in lists that is slow to take
# back; a site opts in (SECURE_HSTS_PRELOAD=true) once every subdomain has
# HTTPS. Until then Django's reminder about it is silenced.
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=False)
if not SECURE_HSTS_PRELOAD:
    SILENCED_SYSTEM_CHECKS = [
        *globals().get("SILENCED_SYSTEM_CHECKS", []),
        "security.W021",
    ]
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
LANGUAGE_COOKIE_SECURE = True

if not env.str("REDIS_URL", default=""):
    # Several gunicorn workers must see one page cache, or a publish would
    # invalidate only the worker that handled it. Files are shared by all
    # processes on the machine; Redis (REDIS_URL, base.py: the cache, cached
    # sessions and the task queue) is shared by all machines.
    CACHES["default"] = {  # noqa: F405
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": env.path("CACHE_DIR", default=VAR_DIR / "cache"),
        "OPTIONS": {"MAX_ENTRIES": 5000},
    }
