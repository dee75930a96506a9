"""Development: a laptop or a fresh machine after ``make run``."""

import os

from .base import *  # noqa: F403
from .base import VAR_DIR, env

DEBUG = env.bool("DEBUG", default=True)
# The development key is not secret; production.py refuses to start without
# its own.
SECRET_KEY = env.str("SECRET_KEY", default="dev-only-not-secret-" + "x" * 40)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])

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
