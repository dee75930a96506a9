"""The test suite: fast hashing, local memory for cache and mail, tasks run at
once, media in a temporary folder."""

import tempfile

from .base import *  # noqa: F403
from .base import env

SECRET_KEY = "test-only-not-secret-" + "x" * 40
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "venue-test",
    },
    "renditions": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "venue-test-renditions",
    },
}
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
MEDIA_ROOT = tempfile.mkdtemp(prefix="venue-test-media-")
PRIVACY_EXPORT_STORAGE_DIR = tempfile.mkdtemp(prefix="venue-test-exports-")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    "private": {"BACKEND": "privacy.storage.PrivateExportStorage"},
    "backups": {
        "BACKEND": "privacy.storage.PrivateFileStorage",
        "OPTIONS": {"location": tempfile.mkdtemp(prefix="venue-test-backups-")},
    },
}
BACKUP_MAINTENANCE_FILE = tempfile.mkdtemp(prefix="venue-test-var-") + "/maintenance"
# Fixed keys, for tests only (base64 of 32 bytes for backups).
BACKUP_KEY = "dGVzdC1vbmx5LWJhY2t1cC1rZXktMzItYnl0ZXMhISE="
ERASURE_JOURNAL_KEY = "test-only-erasure-journal-key"
WAGTAILADMIN_BASE_URL = "http://testserver"
DATABASES = {
    "default": env.db("DATABASE_URL", default="sqlite:///:memory:"),
}
STATIC_ROOT = tempfile.mkdtemp(prefix="venue-test-static-")
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}

# Akismet: never the real service from tests (the comments tests use
# akismet's test clients and local stand-in servers); and flagged as tests.
COMMENTS_AKISMET_API_KEY = ""
COMMENTS_AKISMET_IS_TEST = True

# SMS: kept in newsletter.sms.outbox; never Twilio (the tests of the Twilio
# backend point it at a local stand-in).
SMS_BACKEND = "newsletter.sms.backends.locmem.SmsBackend"
SMS_TWILIO_ACCOUNT_SID = ""
SMS_TWILIO_AUTH_TOKEN = ""
SMS_TWILIO_FROM = ""
SMS_TWILIO_API_BASE = ""
