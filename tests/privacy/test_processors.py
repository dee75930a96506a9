"""The processor and transfer register: every outside service that receives
personal data is declared in code, shown on the privacy page as a table
frozen with each version, and no code sends personal data to a service that
is not declared (each client names its register entry before it is made)."""

import ast
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.utils import translation

from privacy import processors
from privacy.models import PolicyVersion, PrivacySettings
from privacy.processors import UndeclaredProcessor

from .conftest import publish

ROOT = Path(django_settings.BASE_DIR)
APPS = ["home", "privacy", "events", "accounts", "comments", "tickets", "newsletter"]

# Calls that open a connection to another service.
CLIENTS = {
    ("stripe", "StripeClient"),
    ("httpx", "Client"),
    ("httpx", "post"),
    ("httpx", "get"),
    ("requests", "Session"),
    ("requests", "post"),
    ("requests", "get"),
    ("smtplib", "SMTP"),
    ("smtplib", "SMTP_SSL"),
    (None, "urlopen"),
}
# Connections that carry no personal data, with the reason.
NOT_PERSONAL = {
    "home/frontend_cache.py": "purges our own nginx page cache by URL",
}


def _named_keys(function):
    keys = set()
    for node in ast.walk(function):
        if (
            isinstance(node, ast.Call)
            and getattr(node.func, "id", getattr(node.func, "attr", "")) == "sends_to"
            and node.args
            and isinstance(node.args[0], ast.Constant)
        ):
            keys.add(node.args[0].value)
    return keys


def _is_client(call):
    func = call.func
    if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name):
        return (func.value.id, func.attr) in CLIENTS
    return isinstance(func, ast.Name) and (None, func.id) in CLIENTS


def undeclared_calls(source, filename, registered):
    """``filename:line`` of each call that opens a client in a function
    naming no registered processor with ``sends_to("key")``."""
    problems = []
    tree = ast.parse(source)
    for function in ast.walk(tree):
        if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        calls = [
            node
            for node in ast.walk(function)
            if isinstance(node, ast.Call) and _is_client(node)
        ]
        if calls and not (_named_keys(function) & registered):
            problems.extend(f"{filename}:{call.lineno}" for call in calls)
    return problems


def test_every_call_that_opens_a_client_names_a_registered_processor():
    registered = {p.key for p in processors.processors(active_only=False)}
    problems = []
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            name = str(path.relative_to(ROOT))
            if "migrations" in name or name in NOT_PERSONAL:
                continue
            problems += undeclared_calls(path.read_text(), name, registered)
    assert problems == []


@pytest.mark.parametrize(
    "source",
    [
        "import httpx\ndef push(data):\n    return httpx.post('https://x', json=data)",
        "import requests\ndef push(data):\n"
        "    sends_to('nowhere')\n    return requests.Session()\n",
    ],
    ids=["names-nothing", "names-an-undeclared-service"],
)
def test_the_check_catches_a_client_for_an_undeclared_service(source):
    registered = {p.key for p in processors.processors(active_only=False)}
    assert len(undeclared_calls(source, "new.py", registered)) == 1


def test_naming_a_service_that_is_not_declared_refuses_to_send():
    with pytest.raises(UndeclaredProcessor):
        processors.sends_to("mailchimp")


def test_stripe_is_refused_once_its_entry_is_gone(monkeypatch, settings):
    from tickets import stripe_gateway

    settings.STRIPE_SECRET_KEY = "sk_test_x"
    monkeypatch.setattr(processors, "_processors", {})
    stripe_gateway._client.cache_clear()
    with pytest.raises(UndeclaredProcessor):
        stripe_gateway.client()


def test_akismet_is_refused_once_its_entry_is_gone(monkeypatch):
    from comments import spam

    monkeypatch.setattr(processors, "_processors", {})
    with pytest.raises(UndeclaredProcessor):
        spam.http_client()


def test_twilio_is_refused_once_its_entry_is_gone(monkeypatch):
    from newsletter.sms.backends.twilio import SmsBackend

    monkeypatch.setattr(processors, "_processors", {})
    backend = SmsBackend(account_sid="AC1", auth_token="t", sender="+4700000000")
    with pytest.raises(UndeclaredProcessor):
        backend.open()


@pytest.mark.parametrize(
    "processor", processors.processors(active_only=False), ids=lambda p: p.key
)
def test_every_entry_says_what_it_receives_why_and_where(processor):
    with translation.override("nb"):
        for text in (
            processor.label,
            processor.receives,
            processor.purpose,
            processor.location,
        ):
            assert str(text).strip()


@pytest.mark.django_db
def test_the_page_lists_the_services_in_use_and_freezes_the_list(
    client, policy_page, settings
):
    settings.STRIPE_SECRET_KEY = "sk_test_x"
    publish(policy_page, summary="Kortbetaling med Stripe.")
    html = client.get("/personvern/").content.decode()
    assert "Stripe (kortbetaling)" in html
    assert "Akismet" not in html  # no key: nothing goes there
    assert "stripe" in PolicyVersion.objects.get(number=2).generated["processors"]

    settings.STRIPE_SECRET_KEY = ""
    analytics = PrivacySettings.load()
    analytics.analytics_id = "G-ABC123XYZ"
    analytics.save()
    html = client.get("/personvern/").content.decode()
    assert "Stripe (kortbetaling)" in html  # the published version's list
    assert "Google Analytics (statistikk)" not in html


def test_mail_by_smtp_is_refused_once_the_mail_provider_s_entry_is_gone(monkeypatch):
    from privacy.mail_backend import DeclaredSMTPBackend

    monkeypatch.setattr(processors, "_processors", {})
    backend = DeclaredSMTPBackend(host="127.0.0.1", port=9)
    with pytest.raises(UndeclaredProcessor):
        backend.open()


def test_an_smtp_mail_url_sends_through_the_declared_backend_and_lists_it():
    """The settings as a deploy reads them, in a process of their own."""
    script = (
        "import django; django.setup(); from django.conf import settings; "
        "from privacy import processors; "
        "print(settings.EMAIL_BACKEND, processors.sends_to('mail').is_active())"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "venue.settings.dev",
        "EMAIL_URL": "smtp://user:secret@mail.example.org:587",
    }
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", script],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    assert "privacy.mail_backend.DeclaredSMTPBackend" in result.stdout
    assert result.stdout.split()[1] == "True"  # listed on the privacy page
