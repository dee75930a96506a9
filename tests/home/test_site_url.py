"""Every mail builds its links on the site's one address (home.site_url):
configured in production, DEV_SERVER_ADDR's in development."""

import datetime
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core import mail
from django.utils import timezone

from accounts import services as accounts_services
from comments import services as comments_services
from comments.models import Comment
from home.site_url import site_url
from privacy import services as privacy_services
from tests.factories import CommentFactory, EditorFactory, UserFactory

ADDRESS = "http://192.0.2.7:8123"
pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def elsewhere(settings):
    settings.WAGTAILADMIN_BASE_URL = ADDRESS + "/"
    return settings


def test_mail_links_start_from_the_site_address(elsewhere):
    assert site_url() == ADDRESS


def privacy_request_mail():
    privacy_services.send_request_confirmation("kari@example.org", "export")


def inactivity_notice():
    UserFactory(email="sovende@example.org")
    later = timezone.now() + datetime.timedelta(days=20 * 365)
    assert accounts_services.warn_inactive_accounts(now=later) == 1


def moderation_digest(page):
    EditorFactory(email="redaktor@example.org")
    CommentFactory(
        page=page,
        status=Comment.Status.PENDING,
        spam_verdict=Comment.Verdict.UNCHECKED,
        is_public=False,
    )
    assert comments_services.send_moderation_digest() == 1


@pytest.mark.parametrize(
    "send", [privacy_request_mail, inactivity_notice, moderation_digest]
)
def test_a_mail_carries_links_on_the_configured_address(
    elsewhere, home_page, send, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        if send is moderation_digest:
            send(home_page)
        else:
            send()

    (message,) = mail.outbox
    assert ADDRESS + "/" in message.body
    assert "testserver" not in message.body
    assert "127.0.0.1:8000" not in message.body


@pytest.mark.parametrize(
    "addr, expected",
    [
        ("127.0.0.1:8123", "http://127.0.0.1:8123"),
        ("0.0.0.0:8124", "http://127.0.0.1:8124"),
        ("8125", "http://127.0.0.1:8125"),
        ("", "http://127.0.0.1:8000"),
    ],
)
def test_development_settings_take_the_base_from_dev_server_addr(addr, expected):
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("WAGTAILADMIN_BASE_URL", "DEV_SERVER_ADDR", "ALLOWED_HOSTS")
    }
    env["DJANGO_SETTINGS_MODULE"] = "venue.settings.dev"
    if addr:
        env["DEV_SERVER_ADDR"] = addr
    script = (
        "import django; django.setup(); from django.conf import settings;"
        "from home.site_url import site_url;"
        "print(site_url()); print(' '.join(settings.ALLOWED_HOSTS))"
    )
    result = subprocess.run(  # noqa: S603 - this interpreter, a fixed script
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    base, hosts = result.stdout.split("\n")[:2]
    assert base == expected
    assert "127.0.0.1" in hosts.split()
