"""The production settings pass Django's deployment checks and refuse to
start without their secrets."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent


def manage(*args, **env):
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in ("SECRET_KEY", "ALLOWED_HOSTS", "DJANGO_SETTINGS_MODULE")
    }
    environment.update(
        DJANGO_SETTINGS_MODULE="venue.settings.production",
        ERASURE_JOURNAL_KEY=secrets.token_urlsafe(32),
    )
    environment.update(env)
    return subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_with_production_settings():
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="kulturhus.example",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_the_erasure_journal_key():
    result = manage(
        "check",
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="kulturhus.example",
        ERASURE_JOURNAL_KEY="",
    )
    assert result.returncode != 0
    assert "ERASURE_JOURNAL_KEY" in result.stderr


def test_production_refuses_to_start_without_a_secret_key():
    result = manage("check", ALLOWED_HOSTS="kulturhus.example")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr
