"""Development: a laptop or a fresh machine after ``make run``."""

import os
from urllib.parse import urlsplit

from .base import *  # noqa: F403
from .base import VAR_DIR, env

DEBUG = env.bool("DEBUG", default=True)
# The development key is not secret; production.py refuses to start without
# its own.
SECRET_KEY = env.str("SECRET_KEY", default="dev-only-not-secret-" + "x" * 40)


def dev_server_url(addr: str) -> str:
    """The address ``runserver ADDR`` serves on, as a browser reaches it:
    ``8001`` and ``0.0.0.0:8001`` are ``http://127.0.0.1:8001``."""
    host, _, port = addr.strip().rpartition(":")
    if host in ("", "0.0.0.0", "[::]"):  # noqa: S104 - a reachable name for links
        host = "127.0.0.1"
    return f"http://{host}:{port or '8000'}"


# site/dev-server.sh serves on DEV_SERVER_ADDR; links in mails
# (home.site_url) and the admin's own links follow it unless
# WAGTAILADMIN_BASE_URL is set.
WAGTAILADMIN_BASE_URL = env.str(
    "WAGTAILADMIN_BASE_URL",
    default=dev_server_url(env.str("DEV_SERVER_ADDR", default="127.0.0.1:8000")),
)
ALLOWED_HOSTS = env.list(
    "ALLOWED_HOSTS",
    default=["127.0.0.1", "localhost", urlsplit(WAGTAILADMIN_BASE_URL).hostname],
)

if not os.environ.get("EMAIL_URL"):
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = VAR_DIR / "mail"

STORAGES = {
    **STORAGES,  # noqa: F405 - the backups folder
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Not secret: a laptop's erasures are journalled with a fixed key.
ERASURE_JOURNAL_KEY = env.str("ERASURE_JOURNAL_KEY", default="dev-only-not-secret")

# The task worker shares the terminal with the dev server: report only tasks
# that fail, so the admin login and request log stay readable. db_worker sets
# its loggers' levels itself, so the filter is a handler's level.
LOGGING["handlers"]["tasks_console"] = {  # noqa: F405
    "class": "logging.StreamHandler",
    "level": "WARNING",
}
for _name in ("django_tasks", "django_tasks_db"):
    LOGGING["loggers"][_name] = {  # noqa: F405
        "handlers": ["tasks_console"],
        "level": "WARNING",
        "propagate": False,
    }
