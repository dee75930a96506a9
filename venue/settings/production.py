"""Production: every secret must come from the environment; a missing one
stops the start. Served behind a TLS-terminating proxy (site/nginx.conf)."""

from .base import *  # noqa: F403
from .base import VAR_DIR, env

SECRET_KEY = env.str("SECRET_KEY")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool(
    "SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True
)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
LANGUAGE_COOKIE_SECURE = True

if env.str("REDIS_URL", default=""):
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    # Several gunicorn workers must see one page cache, or a publish would
    # invalidate only the worker that handled it. Files are shared by all
    # processes on the machine; Redis (REDIS_URL) is shared by all machines.
    CACHES["default"] = {  # noqa: F405
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": env.path("CACHE_DIR", default=VAR_DIR / "cache"),
        "OPTIONS": {"MAX_ENTRIES": 5000},
    }
