"""Every form of the account pages, submitted in Chromium against the live
server: allauth's sign-up, login, logout, password change and reset,
reauthentication, email change and the sessions list, and our own profile,
guardian confirmation, data export and account deletion. Each test checks
what the person sees afterwards; the ``submits`` marks name the URLs the
forms post to (tests/e2e/test_post_endpoints.py holds every POST endpoint to
one)."""

import pytest
from allauth.account.models import EmailAddress
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import Profile, User

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
