"""A visitor's account in a real browser: sign up, confirm the address from
the mail, sign in, fill in the profile, download a copy of their data, and
delete the account. The account pages have no WCAG violations."""

import io
import json
import re
import zipfile
from pathlib import Path

import pytest
from django.core import mail
from playwright.sync_api import expect

from accounts.models import User

from .test_accessibility import AXE_RUN, WCAG_TAGS, format_violations

EMAIL = "frida.fjell@example.org"
PASSWORD = "Fjellvettreglene 9"


def mailed_link(prefix):
    """The newest link starting with ``prefix`` in the test mailbox (the
    live server runs in this process, so its mail lands here)."""
    for message in reversed(mail.outbox):
        match = re.search(r"https?://\S+?(" + re.escape(prefix) + r"\S*)", message.body)
        if match:
            return match.group(1)
    raise AssertionError(f"No mail with a link to {prefix}")


def sign_up_and_sign_in(page, base_url):
    page.goto(base_url + "/konto/signup/")
    page.locator("#id_email").fill(EMAIL)
    page.locator("#id_password1").fill(PASSWORD)
    page.locator("#id_password2").fill(PASSWORD)
    page.locator("#id_age_confirmed").check()
    page.locator("main button[type=submit]").click()
    page.wait_for_url("**/konto/confirm-email/")

    page.goto(base_url + mailed_link("/konto/confirm-email/"))
    page.locator("main button[type=submit]").click()

    page.goto(base_url + "/konto/login/")
    page.locator("#id_login").fill(EMAIL)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_url("**/konto/meg/")


@pytest.mark.submits(
    "account_signup",
    "account_confirm_email",
    "account_login",
    "accounts:profile",
    "accounts:data",
    "accounts:delete",
)
def test_sign_up_edit_profile_download_data_and_delete_the_account(demo_site, page):
    sign_up_and_sign_in(page, demo_site)
    expect(page.get_by_role("heading", level=1)).to_be_visible()

    page.locator("a[href='/konto/meg/profil/']").first.click()
    page.wait_for_url("**/konto/meg/profil/")
    page.locator("#id_first_name").fill("Frida")
    page.locator("#id_last_name").fill("Fjell")
    page.locator("#id_city").fill("Kongsberg")
    page.locator("#id_phone").fill("912 34 567")
    page.locator("main button[type=submit]").click()
    page.wait_for_url("**/konto/meg/")
    profile = page.locator("section[aria-labelledby='my-page-profile']")
    expect(profile).to_contain_text("Frida Fjell")
    expect(profile).to_contain_text("91 23 45 67")

    page.locator("form[action='/konto/meg/data/'] button").click()
    page.wait_for_url("**/konto/meg/data/")
    download_link = page.locator("main a[href*='/personvern/eksport/']")
    expect(download_link).to_be_visible()
    with page.expect_download() as download_info:
        download_link.click()
    download = download_info.value
    assert download.failure() is None
    archive = zipfile.ZipFile(io.BytesIO(Path(download.path()).read_bytes()))
    data = json.loads(archive.read("data.json"))
    assert data["accounts.user"][0]["email"] == EMAIL
    assert data["accounts.profile"][0]["city"] == "Kongsberg"

    page.goto(demo_site + "/konto/meg/slett/")
    page.locator("#id_confirm").check()
    page.locator("main button.button--danger").click()
    page.wait_for_url("**/konto/slettet/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert not User.objects.filter(email=EMAIL).exists()

    page.goto(demo_site + "/konto/meg/")
    page.wait_for_url("**/konto/login/**")


@pytest.mark.parametrize(
    "path",
    [
        "/konto/login/",
        "/konto/signup/",
        "/konto/password/reset/",
        "/konto/meg/",
        "/konto/meg/profil/",
        "/konto/meg/data/",
        "/konto/meg/slett/",
        "/konto/sessions/",
    ],
)
def test_account_pages_have_no_wcag_violations(demo_site, page, axe_source, path):
    if path.startswith("/konto/meg/") or path == "/konto/sessions/":
        sign_up_and_sign_in(page, demo_site)
    page.goto(demo_site + path)
    page.evaluate(axe_source)  # the CSP refuses add_script_tag (inline)
    results = page.evaluate(AXE_RUN, WCAG_TAGS)
    assert results["violations"] == [], format_violations(results["violations"])
