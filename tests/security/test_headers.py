"""Every kind of public page carries the security headers: a strict
Content-Security-Policy (no inline script, no foreign origin unless a
configured service needs it), no framing, nosniff, the referrer and
permissions policies; the admin gets its own, still closed, policy; and
the production settings add HSTS and secure cookies."""

import json
import os
import re
import secrets
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from django.conf import settings
from django.db import OperationalError
from django.http import HttpResponse
from django.test import Client

from home.security import ContentSecurityPolicyMiddleware
from privacy.conf import conf as privacy_conf
from privacy.models import PrivacySettings

from .site_urls import public_urls

BASE_DIR = Path(settings.BASE_DIR)
STRIPE_CHECKOUT = "https://checkout.stripe.com"
# Templates of mails (newsletter mailings need inline styles for mail
# programs), never served under the policy.
MAIL_FOLDERS = {"email", "mailing"}
PUBLIC_KINDS = [
    "home page",
    "standard page",
    "article index",
    "article",
    "event index",
    "event index filtered",
    "event page",
    "event archive",
    "programme calendar",
    "event calendar",
    "contact form page",
    "privacy statement",
    "rights request form",
    "cookie settings",
    "login",
    "signup",
    "password reset",
    "search",
    "empty search",
    "ticket purchase",
    "not found",
    "health check",
    "sitemap",
    "newsletter",
]


def policy(response, header="Content-Security-Policy"):
    """The policy as ``{directive: [sources]}``."""
    value = response.get(header)
    assert value, f"No {header} header on {response.request['PATH_INFO']}"
    directives = {}
    for part in value.split(";"):
        name, *sources = part.split()
        assert name not in directives, f"{name} twice in {value}"
        directives[name] = sources
    return directives


def assert_strict_public_policy(csp):
    script = csp["script-src"]
    assert script == ["'self'"], script
    assert csp["style-src"] == ["'self'"]
    assert csp["default-src"] == ["'self'"]
    assert csp["object-src"] == ["'none'"]
    assert csp["base-uri"] == ["'self'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["connect-src"] == ["'self'"]
    assert csp["img-src"] == ["'self'", "data:"]
    assert csp["form-action"][0] == "'self'"
    assert set(csp["form-action"][1:]) <= {STRIPE_CHECKOUT}
    for directive, sources in csp.items():
        assert "'unsafe-inline'" not in sources, directive
        assert "'unsafe-eval'" not in sources, directive
        assert not any(source.startswith("'nonce-") for source in sources), directive
        assert "*" not in sources and "https:" not in sources, directive


def assert_other_headers(response):
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    permissions = response["Permissions-Policy"]
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert f"{feature}=()" in permissions


@pytest.fixture(scope="module")
def urls(demo_content, django_db_blocker):
    with django_db_blocker.unblock():
        return public_urls()


@pytest.mark.parametrize("kind", PUBLIC_KINDS)
def test_every_public_page_has_a_strict_policy_and_the_security_headers(
    demo, urls, client, kind
):
    if kind not in urls:
        pytest.skip(f"{kind}: the URL is not routed (yet)")
    response = client.get(urls[kind])
    assert response.status_code in (200, 404), response.status_code
    assert_strict_public_policy(policy(response))
    assert_other_headers(response)


@pytest.mark.parametrize("kind", ["home page", "event page", "article"])
def test_a_page_from_the_page_cache_has_the_same_headers(demo, urls, client, kind):
    first = client.get(urls[kind])
    second = client.get(urls[kind])
    assert second["X-Page-Cache"] == "hit"
    assert policy(second) == policy(first)
    for header in (
        "Permissions-Policy",
        "Referrer-Policy",
        "X-Frame-Options",
        "Cross-Origin-Opener-Policy",
        "X-Content-Type-Options",
    ):
        assert second[header] == first[header]


def test_the_policy_is_the_same_for_every_anonymous_visitor(demo, urls):
    """Pages are cached for everybody: nothing in the header may depend on
    the visitor, not even on a cookie choice."""
    consented = Client()
    consented.cookies[privacy_conf.CONSENT_COOKIE_NAME] = (
        "0123456789abcdef0123456789abcdef.11.abcdef123456.1700000000"
    )
    english = Client()
    english.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    headers = {
        name: client.get(urls["event page"])["Content-Security-Policy"]
        for name, client in [
            ("plain", Client()),
            ("consented", consented),
            ("english", english),
        ]
    }
    parsed = {name: sorted(value.split("; ")) for name, value in headers.items()}
    assert parsed["plain"] == parsed["consented"] == parsed["english"]
    assert_strict_public_policy(policy(consented.get(urls["event page"])))


def test_our_templates_have_no_inline_scripts_styles_or_handlers():
    """The public policy allows no inline code; this finds it before a
    browser refuses it. Mails and the export's offline page are not served
    under the policy."""
    inline_script = re.compile(
        r"<script(?![^>]*\bsrc=)(?![^>]*application/(ld\+)?json)"
    )
    offenders = []
    for path in (BASE_DIR / "templates").rglob("*.html"):
        relative = path.relative_to(BASE_DIR / "templates").as_posix()
        if MAIL_FOLDERS & set(relative.split("/")[:-1]) or relative.startswith(
            "privacy/export/"
        ):
            continue
        text = path.read_text(encoding="utf-8")
        for pattern in (
            inline_script,
            re.compile(r"<style\b"),
            re.compile(r"\sstyle="),
            re.compile(r"\son[a-z]+="),
            re.compile(r"javascript:", re.IGNORECASE),
        ):
            for match in pattern.finditer(text):
                line = text.count("\n", 0, match.start()) + 1
                offenders.append(f"{relative}:{line}: {match.group(0)!r}")
    assert offenders == []


def test_configured_analytics_and_pixel_add_only_their_own_origins(demo, urls, client):
    privacy = PrivacySettings.load()
    privacy.analytics_id = "G-TEST12345"
    privacy.save()

    csp = policy(client.get(urls["home page"]))

    assert "https://*.googletagmanager.com" in csp["script-src"]
    assert "https://*.google-analytics.com" in csp["connect-src"]
    assert "https://connect.facebook.net" not in csp["script-src"]
    assert "'unsafe-inline'" not in csp["script-src"]

    privacy.pixel_id = "1234567890"
    privacy.save()

    csp = policy(client.get(urls["home page"]))

    assert "https://connect.facebook.net" in csp["script-src"]
    assert "https://www.facebook.com" in csp["img-src"]


def test_without_configured_services_no_foreign_script_is_allowed(demo, urls, client):
    privacy = PrivacySettings.load()
    assert not privacy.analytics_id and not privacy.pixel_id
    csp = policy(client.get(urls["event page"]))
    assert csp["script-src"] == ["'self'"]


def test_the_buy_form_may_send_the_buyer_to_a_stripe_stand_in(demo, settings, client):
    settings.STRIPE_API_BASE = "http://127.0.0.1:8765/"
    csp = policy(client.get("/"))
    assert csp["form-action"] == ["'self'", STRIPE_CHECKOUT, "http://127.0.0.1:8765"]


def test_media_from_another_host_is_allowed_where_media_is_used(demo, settings, client):
    settings.MEDIA_URL = "https://media.kulturhus.example/media/"
    csp = policy(client.get("/"))
    assert "https://media.kulturhus.example" in csp["img-src"]
    assert "https://media.kulturhus.example" not in csp["script-src"]


def test_the_admin_has_its_own_closed_policy(demo, client):
    response = client.get("/admin/login/")
    assert response.status_code == 200
    csp = policy(response)
    # Wagtail's admin needs inline scripts and style attributes...
    assert "'unsafe-inline'" in csp["script-src"]
    # ...but nothing from elsewhere, no eval, no plugins, not framed.
    assert [
        s for s in csp["script-src"] if s not in ("'self'", "'unsafe-inline'")
    ] == []
    assert "'unsafe-eval'" not in csp["script-src"]
    assert csp["object-src"] == ["'none'"]
    assert csp["base-uri"] == ["'self'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert response["X-Frame-Options"] == "DENY"


@pytest.mark.parametrize(
    ("path", "frame_options", "ancestors"),
    [
        ("/admin/pages/3/edit/preview/", "SAMEORIGIN", ["'self'"]),
        ("/admin/pages/3/edit/", "DENY", ["'none'"]),
        ("/arrangementer/", "DENY", ["'none'"]),
    ],
)
def test_only_views_that_ask_to_be_framed_by_the_site_may_be(
    db, rf, path, frame_options, ancestors
):
    """Wagtail marks its preview views SAMEORIGIN (the preview panel frames
    them); frame-ancestors follows, and stays 'none' everywhere else. The
    browser test (tests/e2e/test_admin_csp.py) opens the real preview panel."""
    framed = HttpResponse("preview")
    framed["X-Frame-Options"] = frame_options
    middleware = ContentSecurityPolicyMiddleware(lambda request: framed)

    response = middleware(rf.get(path))

    assert policy(response)["frame-ancestors"] == ancestors


PRODUCTION_PROBE = """
import json
from django.conf import settings
from django.test import Client
from django.urls import reverse
client = Client(HTTP_HOST="kulturhus.example")
plain = client.get("/helse/")
secure = client.get("/helse/", secure=True)
language = client.get("/sprak/en/", secure=True).cookies["sprak"]
token = client.get(reverse("form_token"), secure=True).cookies["csrftoken"]
print(json.dumps({
    "plain_status": plain.status_code,
    "plain_location": plain.get("Location", ""),
    "hsts": secure.get("Strict-Transport-Security", ""),
    "csp": secure.get("Content-Security-Policy", ""),
    "cookies": {
        name: {"secure": bool(c["secure"]), "samesite": c["samesite"]}
        for name, c in (("language", language), ("csrf", token))
    },
    "settings": {
        name: getattr(settings, name)
        for name in (
            "SESSION_COOKIE_SECURE", "SESSION_COOKIE_HTTPONLY",
            "SESSION_COOKIE_SAMESITE", "CSRF_COOKIE_SECURE",
            "CSRF_COOKIE_SAMESITE", "LANGUAGE_COOKIE_SECURE",
            "SECURE_HSTS_SECONDS", "SECURE_HSTS_INCLUDE_SUBDOMAINS",
            "SECURE_HSTS_PRELOAD",
        )
    },
}))
"""


def run_production(**env):
    with tempfile.TemporaryDirectory() as scratch:
        environment = {
            key: value
            for key, value in os.environ.items()
            if key not in ("DJANGO_SETTINGS_MODULE", "DATABASE_URL", "REDIS_URL")
        }
        environment.update(
            DJANGO_SETTINGS_MODULE="venue.settings.production",
            SECRET_KEY=secrets.token_urlsafe(64),
            ALLOWED_HOSTS="kulturhus.example",
            ERASURE_JOURNAL_KEY=secrets.token_urlsafe(32),
            DATABASE_URL=f"sqlite:///{scratch}/db.sqlite3",
            CACHE_DIR=f"{scratch}/cache",
            **env,
        )
        result = subprocess.run(  # noqa: S603
            [sys.executable, "manage.py", "shell", "-c", PRODUCTION_PROBE],
            cwd=BASE_DIR,
            env=environment,
            capture_output=True,
            text=True,
            timeout=120,
        )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_sends_hsts_and_only_secure_cookies():
    probe = run_production()

    assert probe["plain_status"] == 301
    assert probe["plain_location"] == "https://kulturhus.example/helse/"
    assert probe["hsts"] == "max-age=31536000; includeSubDomains"
    assert "script-src 'self'" in probe["csp"]
    assert probe["cookies"] == {
        "language": {"secure": True, "samesite": "Lax"},
        "csrf": {"secure": True, "samesite": "Lax"},
    }
    assert probe["settings"] == {
        "SESSION_COOKIE_SECURE": True,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "CSRF_COOKIE_SECURE": True,
        "CSRF_COOKIE_SAMESITE": "Lax",
        "LANGUAGE_COOKIE_SECURE": True,
        "SECURE_HSTS_SECONDS": 31536000,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
        "SECURE_HSTS_PRELOAD": False,
    }


def test_hsts_comes_from_the_environment():
    probe = run_production(SECURE_HSTS_SECONDS="600", SECURE_HSTS_PRELOAD="true")
    assert probe["hsts"] == "max-age=600; includeSubDomains; preload"


def test_wagtails_preview_stand_in_request_is_left_to_the_admin_request(db, rf):
    """Wagtail renders a preview through the middleware with a stand-in
    request for the page's public URL; the policy (with its framing rule)
    is set once, on the admin request that asked for the preview."""
    stand_in = rf.get("/arrangementer/")
    stand_in.is_dummy = True
    middleware = ContentSecurityPolicyMiddleware(lambda request: HttpResponse())

    assert "Content-Security-Policy" not in middleware(stand_in)


def test_the_policy_is_built_while_the_database_is_down(db, rf, monkeypatch):
    """The health check and the 'try again' page must still answer (503)."""

    def unreachable():
        raise OperationalError("connection refused")

    monkeypatch.setattr(PrivacySettings, "current", unreachable)
    middleware = ContentSecurityPolicyMiddleware(lambda request: HttpResponse())

    csp = policy(middleware(rf.get("/helse/")))

    assert csp["script-src"] == ["'self'"]
