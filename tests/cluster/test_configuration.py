"""Configuration alone switches between the embedded set (SQLite, local
memory or file cache, database task queue, media on disk) and the cluster
set (PostgreSQL, Redis for cache and sessions, RQ, S3 media, the front
proxy's purges). Each case reads the settings in a fresh process with only
the given environment."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parents[2]
READ_SETTINGS = """
import json
from django.conf import settings
print(json.dumps({
    "database": settings.DATABASES["default"]["ENGINE"],
    "cache": settings.CACHES["default"]["BACKEND"],
    "cache_location": str(settings.CACHES["default"].get("LOCATION")),
    "session_engine": settings.SESSION_ENGINE,
    "tasks": {alias: value["BACKEND"] for alias, value in settings.TASKS.items()},
    "task_options": settings.TASKS["default"].get("OPTIONS", {}),
    "rq_url": getattr(settings, "RQ_QUEUES", {}).get("default", {}).get("URL"),
    "django_rq": "django_rq" in settings.INSTALLED_APPS,
    "media": settings.STORAGES["default"]["BACKEND"],
    "media_options": settings.STORAGES["default"].get("OPTIONS", {}),
    "media_url": settings.MEDIA_URL,
    "private": settings.STORAGES["private"],
    "backups": settings.STORAGES["backups"],
    "frontend_cache": getattr(settings, "WAGTAILFRONTENDCACHE", None),
    "proxy_language_header": settings.PROXY_LANGUAGE_HEADER,
    "proxy_cache_seconds": settings.PROXY_CACHE_SECONDS,
    "secure_cookies": settings.SESSION_COOKIE_SECURE or settings.CSRF_COOKIE_SECURE,
    "ssl_redirect": settings.SECURE_SSL_REDIRECT,
}))
"""
# Variables of the calling shell that would change the outcome.
SWITCHES = (
    "DATABASE_URL",
    "REDIS_URL",
    "RQ_REDIS_URL",
    "TASKS_BACKEND",
    "AWS_STORAGE_BUCKET_NAME",
    "AWS_S3_ENDPOINT_URL",
    "AWS_S3_CUSTOM_DOMAIN",
    "AWS_PRIVATE_BUCKET_NAME",
    "PRIVACY_EXPORT_STORAGE_DIR",
    "MEDIA_URL",
    "FRONTEND_CACHE_PURGE_URL",
    "FRONTEND_CACHE_HOSTS",
    "PROXY_LANGUAGE_HEADER",
    "PROXY_CACHE_SECONDS",
    "CACHE_DIR",
)


def read_settings(module="venue.settings.production", **env):
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in SWITCHES and key != "DJANGO_SETTINGS_MODULE"
    }
    environment.update(
        DJANGO_SETTINGS_MODULE=module,
        SECRET_KEY="configuration-test-" + "x" * 40,
        ALLOWED_HOSTS="kulturhus.example",
        ERASURE_JOURNAL_KEY="configuration-test-journal-key",
        **env,
    )
    return subprocess.run(  # noqa: S603 (our interpreter, our code)
        [sys.executable, "-c", READ_SETTINGS],
        cwd=BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def settings_with(module="venue.settings.production", **env):
    result = read_settings(module, **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_without_configuration_everything_is_embedded():
    found = settings_with()
    assert found["database"] == "django.db.backends.sqlite3"
    assert found["cache"] == "django.core.cache.backends.filebased.FileBasedCache"
    assert found["session_engine"] == "django.contrib.sessions.backends.db"
    assert found["tasks"] == {"default": "django_tasks_db.DatabaseBackend"}
    assert not found["django_rq"]
    assert found["media"] == "django.core.files.storage.FileSystemStorage"
    assert found["frontend_cache"] is None


def test_development_without_configuration_uses_local_memory():
    found = settings_with("venue.settings.dev")
    assert found["cache"] == "django.core.cache.backends.locmem.LocMemCache"
    assert found["tasks"] == {"default": "django_tasks_db.DatabaseBackend"}


def test_the_cluster_set_from_the_environment():
    found = settings_with(
        DATABASE_URL="postgres://venue:secret@127.0.0.1:8081/venue",
        REDIS_URL="redis://127.0.0.1:8082/0",
        RQ_REDIS_URL="redis://127.0.0.1:8082/1?socket_timeout=5",
        FRONTEND_CACHE_PURGE_URL="http://127.0.0.1:8080/__purge",
        FRONTEND_CACHE_HOSTS="127.0.0.1,localhost",
        PROXY_LANGUAGE_HEADER="X-Venue-Language",
    )
    assert found["database"] == "django.db.backends.postgresql"
    assert found["cache"] == "home.cache_backends.ResilientRedisCache"
    assert found["cache_location"] == "redis://127.0.0.1:8082/0"
    assert found["session_engine"] == "django.contrib.sessions.backends.cached_db"
    assert found["tasks"] == {
        "default": "home.task_backends.RQBackend",
        "database": "django_tasks_db.DatabaseBackend",
    }
    assert found["task_options"] == {"FALLBACK": "database"}
    assert found["rq_url"] == "redis://127.0.0.1:8082/1?socket_timeout=5"
    assert found["django_rq"]
    assert found["frontend_cache"]["nginx"] == {
        "BACKEND": "home.frontend_cache.NginxPurgeBackend",
        "LOCATION": "http://127.0.0.1:8080/__purge",
        "HOSTS": ["127.0.0.1", "localhost"],
    }
    assert found["proxy_language_header"] == "X-Venue-Language"


def test_tasks_use_the_cache_redis_unless_told_otherwise():
    found = settings_with(REDIS_URL="redis://127.0.0.1:6379/0")
    assert found["rq_url"] == "redis://127.0.0.1:6379/0"


def test_redis_for_the_cache_with_tasks_kept_in_the_database():
    found = settings_with(
        REDIS_URL="redis://127.0.0.1:6379/0", TASKS_BACKEND="database"
    )
    assert found["cache"] == "home.cache_backends.ResilientRedisCache"
    assert found["tasks"] == {"default": "django_tasks_db.DatabaseBackend"}
    assert not found["django_rq"]


def test_purges_go_to_the_allowed_hosts_unless_told_otherwise():
    found = settings_with(FRONTEND_CACHE_PURGE_URL="http://127.0.0.1:8080/__purge")
    assert found["frontend_cache"]["nginx"]["HOSTS"] == ["kulturhus.example"]


def test_media_on_s3_compatible_storage():
    found = settings_with(
        AWS_STORAGE_BUCKET_NAME="kulturhus-media",
        AWS_S3_ENDPOINT_URL="https://s3.example.net",
    )
    assert found["media"] == "storages.backends.s3.S3Storage"
    options = found["media_options"]
    assert options["bucket_name"] == "kulturhus-media"
    assert options["endpoint_url"] == "https://s3.example.net"
    assert options["file_overwrite"] is False
    assert options["querystring_auth"] is False
    assert found["media_url"] == "https://s3.example.net/kulturhus-media/media/"


def test_media_behind_a_custom_domain():
    found = settings_with(
        AWS_STORAGE_BUCKET_NAME="kulturhus-media",
        AWS_S3_CUSTOM_DOMAIN="media.kulturhus.example",
    )
    assert found["media_url"] == "https://media.kulturhus.example/media/"


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"TASKS_BACKEND": "rq"}, "TASKS_BACKEND=rq needs REDIS_URL"),
        ({"TASKS_BACKEND": "celery"}, "TASKS_BACKEND must be database or rq"),
    ],
)
def test_a_task_backend_that_cannot_work_stops_the_start(env, message):
    result = read_settings(**env)
    assert result.returncode != 0
    assert message in result.stderr


def test_the_cluster_settings_are_production_over_plain_http():
    found = settings_with(
        "venue.settings.cluster",
        REDIS_URL="redis://127.0.0.1:8082/0",
    )
    assert found["cache"] == "home.cache_backends.ResilientRedisCache"
    assert found["proxy_cache_seconds"] == 10
    assert not found["secure_cookies"]
    assert not found["ssl_redirect"]
    assert settings_with()["secure_cookies"]


def test_private_files_stay_in_local_folders_without_a_private_bucket():
    found = settings_with()
    assert found["private"] == {"BACKEND": "privacy.storage.PrivateExportStorage"}
    assert found["backups"]["BACKEND"] == "privacy.storage.PrivateFileStorage"


def test_a_private_bucket_takes_the_exports_and_the_backups():
    found = settings_with(
        AWS_PRIVATE_BUCKET_NAME="venue-private",
        AWS_S3_ENDPOINT_URL="https://s3.example.net",
        AWS_S3_REGION_NAME="eu-north-1",
        AWS_S3_CUSTOM_DOMAIN="cdn.example.net",
    )
    for alias, folder in (("private", "exports"), ("backups", "backups")):
        assert found[alias] == {
            "BACKEND": "privacy.s3.PrivateS3Storage",
            "OPTIONS": {
                "bucket_name": "venue-private",
                "endpoint_url": "https://s3.example.net",
                "region_name": "eu-north-1",
                "location": folder,
            },
        }
