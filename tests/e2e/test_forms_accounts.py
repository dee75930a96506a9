"""Every form of the account pages, submitted in Chromium against the live
server: allauth's sign-up, login, logout, password change and reset,
reauthentication, email change and the sessions list, and our own profile,
guardian confirmation, data export and account deletion. Each test checks
what the person sees afterwards; the ``submits`` marks name the URLs the
forms post to (tests/e2e/test_post_endpoints.py holds every POST endpoint to
one)."""

import io
import json
import time
import zipfile
from importlib import import_module
from pathlib import Path

import pytest
from allauth.account.internal.flows.login import (
    AUTHENTICATION_METHODS_SESSION_KEY as AUTHENTICATION_RECORDS,
)
from allauth.account.models import EmailAddress
from django.conf import settings
from django.core import mail
from django.core.cache import cache
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import Profile, User
from accounts.services import SIGNED_IN_AT_KEY

from .test_account import mailed_link

EMAIL = "ola.normann@example.org"
PASSWORD = "Blåbærsyltetøy 7"
GUARDIAN = "mor.normann@example.org"


def heading(page):
    return page.get_by_role("heading", level=1)


def make_member(email=EMAIL, password=PASSWORD):
    """An account with a verified address, as after sign-up and the link."""
    user = User.objects.create_user(email=email, password=password)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


def sign_in(page, base_url, email=EMAIL, password=PASSWORD, remember=False):
    page.goto(base_url + "/konto/login/")
    page.locator("#id_login").fill(email)
    page.locator("#id_password").fill(password)
    if remember:
        page.locator("#id_remember").check()
    page.locator("main button[type=submit]").click()
    page.wait_for_url("**/konto/meg/")


def born_years_ago(years):
    today = timezone.localdate()
    return today.replace(year=today.year - years, day=1)


@pytest.mark.submits(
    "accounts:profile", "accounts:guardian_resend", "accounts:guardian_confirm"
)
def test_a_guardian_confirms_a_childs_account_from_the_mailed_link(
    bare_site, browser, page
):
    make_member()
    sign_in(page, bare_site)
    page.goto(bare_site + "/konto/meg/profil/")
    page.locator("#id_first_name").fill("Ola")
    page.locator("#id_birth_date").fill(born_years_ago(12).isoformat())
    page.locator("#id_guardian_name").fill("Mor Normann")
    page.locator("#id_guardian_email").fill(GUARDIAN)
    page.locator("main button[type=submit]").click()
    page.wait_for_url("**/konto/meg/")
    expect(page.locator("main")).to_contain_text("Profilen din er lagret.")
    expect(page.locator("main")).to_contain_text("ikke bekreftet ennå")

    page.get_by_role("button", name="Send e-posten til vergen min på nytt").click()
    page.wait_for_url("**/konto/meg/")
    expect(page.locator("main")).to_contain_text(
        "Vi har sendt e-posten til vergen din på nytt."
    )

    # The guardian opens the link in their own browser.
    guardian = browser.new_context(locale="nb-NO").new_page()
    guardian.goto(bare_site + mailed_link("/konto/verge/"))
    expect(heading(guardian)).to_have_text("Bekreft et barns konto")
    with guardian.expect_request(lambda request: request.method == "POST") as posted:
        guardian.get_by_role("button", name="Jeg bekrefter kontoen").click()
    assert posted.value.header_value("origin") == bare_site
    expect(guardian.locator("main [role=status]")).to_contain_text(
        "Kontoen til Ola er bekreftet"
    )
    guardian.context.close()
    assert Profile.objects.get().guardian_confirmed_at is not None

    page.reload()
    expect(page.locator("main")).to_contain_text("bekreftet")
    expect(page.locator("main")).not_to_contain_text("ikke bekreftet ennå")


def main_text(page):
    return page.locator("main")


def session_cookie(page):
    (cookie,) = [
        cookie
        for cookie in page.context.cookies()
        if cookie["name"] == settings.SESSION_COOKIE_NAME
    ]
    return cookie


def let_the_sign_in_grow_old(page):
    """Move this browser's sign-in an hour back, beyond the ten minutes after
    which allauth asks for the password again."""
    session = import_module(settings.SESSION_ENGINE).SessionStore(
        session_key=session_cookie(page)["value"]
    )
    for record in session[AUTHENTICATION_RECORDS]:
        record["at"] -= 60 * 60
    session[SIGNED_IN_AT_KEY] -= 60 * 60
    session.save()


@pytest.mark.submits(
    "account_signup", "account_confirm_email", "account_login", "account_logout"
)
def test_a_visitor_signs_up_confirms_the_address_and_signs_out_and_in_again(
    bare_site, page
):
    page.goto(bare_site + "/konto/signup/")
    page.locator("#id_email").fill(EMAIL)
    page.locator("#id_password1").fill(PASSWORD)
    page.locator("#id_password2").fill(PASSWORD)
    page.locator("#id_age_confirmed").check()
    page.locator("main button[type=submit]").click()
    page.wait_for_url("**/konto/confirm-email/")
    expect(main_text(page)).to_contain_text(EMAIL)

    page.goto(bare_site + mailed_link("/konto/confirm-email/"))
    expect(main_text(page)).to_contain_text(EMAIL)
    page.locator("main button[type=submit]").click()
    page.wait_for_url("**/konto/login/**")
    assert EmailAddress.objects.get(email=EMAIL).verified

    # Signed in without "remember me": the session ends with the browser.
    sign_in(page, bare_site)
    expect(main_text(page)).to_contain_text(f"Logget inn som {EMAIL}.")
    assert session_cookie(page)["expires"] == -1

    page.locator("main").get_by_role("button", name="Logg ut").click()
    page.wait_for_url(bare_site + "/")
    page.goto(bare_site + "/konto/meg/")
    page.wait_for_url("**/konto/login/**")

    # Signed in with "remember me": the session outlives the browser.
    sign_in(page, bare_site, remember=True)
    days_left = (session_cookie(page)["expires"] - time.time()) / (24 * 60 * 60)
    assert 13.9 < days_left <= 14


@pytest.mark.submits(
    "account_reset_password",
    "account_reset_password_from_key",
    "account_login",
    "account_change_password",
)
def test_a_forgotten_password_is_reset_from_the_mail_and_changed_when_signed_in(
    bare_site, page
):
    make_member()
    page.goto(bare_site + "/konto/login/")
    page.locator("main a[href='/konto/password/reset/']").click()
    page.locator("#id_email").fill(EMAIL)
    page.locator("main button[type=submit]").click()
    page.wait_for_url("**/konto/password/reset/done/")

    page.goto(bare_site + mailed_link("/konto/password/reset/key/"))
    new_password = "Multebærkrem 12"
    page.locator("#id_password1").fill(new_password)
    page.locator("#id_password2").fill(new_password)
    # (Its other button, "Avbryt", belongs to a form of its own.)
    page.locator("main button[type=submit]:not([form])").click()
    page.wait_for_url("**/konto/password/reset/key/done/")

    sign_in(page, bare_site, password=new_password)
    page.goto(bare_site + "/konto/password/change/")
    newest_password = "Tyttebærsaft 34"
    page.locator("#id_oldpassword").fill(new_password)
    page.locator("#id_password1").fill(newest_password)
    page.locator("#id_password2").fill(newest_password)
    page.locator("main button[type=submit]").click()
    page.wait_for_url("**/konto/password/change/")
    expect(page.locator(".messages")).to_contain_text("Passordet er endret.")
    assert User.objects.get().check_password(newest_password)


@pytest.mark.submits("account_email", "account_confirm_email")
def test_the_email_address_changes_once_the_new_one_is_confirmed(bare_site, page):
    make_member()
    sign_in(page, bare_site)
    new_address = "ola@fjellpost.example"

    page.goto(bare_site + "/konto/email/")
    page.locator("#id_email").fill("ola.ny@example.org")
    page.locator("main button[name=action_add]").click()
    expect(page.locator("#new_email")).to_have_value("ola.ny@example.org")
    # Changed their mind: cancel, then ask for another address, twice.
    page.locator("main button[name=action_remove]").click()
    expect(page.locator("#new_email")).to_have_count(0)
    page.locator("#id_email").fill(new_address)
    page.locator("main button[name=action_add]").click()
    mails_before = len(mail.outbox)
    cache.clear()  # Three minutes later: allauth re-sends once per three minutes.
    page.locator("main button[name=action_send]").click()
    expect(page.locator("#new_email")).to_have_value(new_address)
    assert len(mail.outbox) == mails_before + 1
    assert mail.outbox[-1].to == [new_address]

    page.goto(bare_site + mailed_link("/konto/confirm-email/"))
    page.locator("main button[type=submit]").click()
    page.goto(bare_site + "/konto/meg/")
    expect(main_text(page)).to_contain_text(f"Logget inn som {new_address}.")
    assert User.objects.get().email == new_address
    assert not EmailAddress.objects.filter(email="ola.ny@example.org").exists()


@pytest.mark.submits(
    "account_reauthenticate", "accounts:profile", "accounts:data", "accounts:delete"
)
def test_export_and_deletion_ask_for_the_password_again_after_ten_minutes(
    bare_site, page
):
    make_member()
    sign_in(page, bare_site)
    page.goto(bare_site + "/konto/meg/profil/")
    page.locator("#id_city").fill("Kongsberg")
    page.locator("main button[type=submit]").click()
    page.wait_for_url("**/konto/meg/")
    expect(main_text(page)).to_contain_text("Profilen din er lagret.")
    expect(main_text(page)).to_contain_text("Kongsberg")

    let_the_sign_in_grow_old(page)
    page.locator("form[action='/konto/meg/data/'] button").click()
    page.wait_for_url("**/konto/reauthenticate/**")
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_url("**/konto/meg/data/")
    download_link = page.locator("main a[href*='/personvern/eksport/']")
    expect(download_link).to_be_visible()
    with page.expect_download() as download_info:
        download_link.click()
    archive = zipfile.ZipFile(io.BytesIO(Path(download_info.value.path()).read_bytes()))
    assert json.loads(archive.read("data.json"))["accounts.profile"][0]["city"] == (
        "Kongsberg"
    )

    let_the_sign_in_grow_old(page)
    page.goto(bare_site + "/konto/meg/slett/")
    page.wait_for_url("**/konto/reauthenticate/**")
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_url("**/konto/meg/slett/")
    page.locator("#id_confirm").check()
    page.locator("main button.button--danger").click()
    page.wait_for_url("**/konto/slettet/")
    assert not User.objects.exists()


@pytest.mark.submits("usersessions_list", "account_logout")
def test_signing_out_of_the_other_sessions_ends_them(bare_site, browser, page):
    make_member()
    phone = browser.new_context(locale="nb-NO").new_page()
    sign_in(phone, bare_site)
    sign_in(page, bare_site)

    page.goto(bare_site + "/konto/sessions/")
    expect(page.locator("main tbody tr")).to_have_count(2)
    page.get_by_role("button", name="Logg ut av alle andre økter").click()
    expect(page.locator("main tbody tr")).to_have_count(1)

    phone.goto(bare_site + "/konto/meg/")
    phone.wait_for_url("**/konto/login/**")
    phone.context.close()

    # With one session left, the same button signs this browser out.
    page.get_by_role("button", name="Logg ut").click()
    page.wait_for_url(bare_site + "/")
    page.goto(bare_site + "/konto/meg/")
    page.wait_for_url("**/konto/login/**")
