"""Every form of the privacy app, submitted in Chromium against the live
server: a request about one's data without an account and the button of its
confirmation link, the cookie banner and the cookie settings page, and the
"I have read it" of a changed privacy statement. Each test checks what the
person sees afterwards; the ``submits`` marks name the URLs the forms post
to (tests/e2e/test_post_endpoints.py holds every POST endpoint to one)."""

import io
import json
import zipfile
from pathlib import Path

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect
from wagtail.contrib.forms.models import FormSubmission

from home.demo import get_home_page
from home.demo_content import contact_page
from home.models import VenueSettings
from privacy.models import (
    ConsentRecord,
    DataExport,
    PolicyAcknowledgement,
    PolicyVersion,
    RightsRequest,
)

from .test_account import mailed_link
from .test_forms_accounts import make_member, sign_in

ADDRESS = "kari.nordmann@example.org"


def heading(page):
    return page.get_by_role("heading", level=1)


def ask_by_mail(page, base_url, action, details=""):
    """Fill in the request form as a visitor without an account, then open
    the link from the confirmation mail."""
    page.goto(base_url + "/personvern/foresporsel/")
    page.locator("#id_email").fill(ADDRESS)
    page.locator(f"input[name='action'][value='{action}']").check()
    if details:
        page.locator("#id_details").fill(details)
    page.locator("main button[type=submit]").click()
    page.wait_for_url("**/personvern/foresporsel/sendt/")
    expect(heading(page)).to_have_text("Sjekk e-posten din")

    page.goto(base_url + mailed_link("/personvern/foresporsel/bekreft/"))
    expect(heading(page)).to_have_text("Bekreft forespørselen din")
    expect(page.locator("main")).to_contain_text(ADDRESS)


def download_from(page, url):
    """Open a download link as a mail client would hand it to the browser,
    and return the file's bytes."""
    with page.expect_download() as download_info:
        page.evaluate("url => { window.location.href = url; }", url)
    download = download_info.value
    assert download.failure() is None
    return Path(download.path()).read_bytes()


@pytest.mark.submits("privacy:request", "privacy:request_confirm")
def test_a_copy_asked_for_without_an_account_is_confirmed_and_downloaded(
    bare_site, page
):
    ask_by_mail(page, bare_site, "export")

    with page.expect_request(lambda request: request.method == "POST") as posted:
        page.locator("main form button[type=submit]").click()
    # The page keeps its link from other sites, but not its origin from us:
    # Django's CSRF check refuses a POST with "Origin: null".
    assert posted.value.header_value("origin") == bare_site

    expect(heading(page)).to_have_text("Takk")
    expect(page.locator("main [role=status]")).to_contain_text("nedlastingslenke")
    assert DataExport.objects.get().email == ADDRESS
    archive = zipfile.ZipFile(
        io.BytesIO(download_from(page, bare_site + mailed_link("/personvern/eksport/")))
    )
    assert "data.json" in archive.namelist()
    json.loads(archive.read("data.json"))


@pytest.mark.submits("privacy:request", "privacy:request_confirm")
def test_a_deletion_asked_for_without_an_account_is_confirmed_into_the_queue(
    bare_site, page
):
    ask_by_mail(page, bare_site, "erasure", details="Slett alt om meg, takk.")

    page.locator("main form button[type=submit]").click()

    expect(heading(page)).to_have_text("Takk")
    expect(page.locator("main [role=status]")).to_contain_text(
        "er bekreftet og står i køen vår"
    )
    rights_request = RightsRequest.objects.get()
    assert rights_request.email == ADDRESS
    assert rights_request.confirmed_at is not None


@pytest.mark.submits("privacy:consent", "privacy:cookies")
def test_a_cookie_choice_made_in_the_banner_is_changed_on_the_settings_page(
    bare_site, page
):
    page.goto(bare_site + "/")
    banner = page.locator("#consent-banner")
    expect(banner).to_be_visible()
    banner.get_by_role("button", name="Bare nødvendige").click()
    expect(banner).to_be_hidden()
    page.reload()
    expect(banner).to_be_hidden()

    page.goto(bare_site + "/personvern/informasjonskapsler/")
    expect(page.locator("main")).to_contain_text("Valget ditt nå: bare nødvendige.")
    page.locator("main input[name='statistics']").check()
    page.locator("main button[value='custom']").click()

    expect(page.locator("main [role=status]")).to_have_text("Valget ditt er lagret.")
    expect(page.locator("main")).to_contain_text(
        "Valget ditt nå: nødvendige og statistikk."
    )
    expect(page.locator("main input[name='statistics']")).to_be_checked()
    latest = ConsentRecord.objects.latest("created_at")
    assert latest.statistics and not latest.marketing
    assert ConsentRecord.objects.count() == 2


@pytest.mark.submits("privacy:acknowledge")
def test_a_signed_in_person_dismisses_the_notice_of_a_changed_privacy_statement(
    bare_site, page
):
    member = make_member()
    PolicyVersion.objects.create(
        number=2,
        title="Personvernerklæring",
        effective_at=timezone.now(),
        summary="Vi bruker en ny leverandør for nyhetsbrevet.",
        is_material=True,
        text="…",
    )
    sign_in(page, bare_site)
    page.goto(bare_site + "/personvern/informasjonskapsler/")
    notice = page.locator(".policy-notice")
    expect(notice).to_contain_text("Vi har endret personvernerklæringen vår")
    expect(notice).to_contain_text("ny leverandør")

    notice.get_by_role("button", name="Jeg har lest den").click()

    page.wait_for_url("**/personvern/informasjonskapsler/")
    expect(heading(page)).to_be_visible()
    expect(notice).to_have_count(0)
    assert PolicyAcknowledgement.objects.get(user=member).version.number == 2
    page.goto(bare_site + "/konto/meg/")
    expect(page.locator(".policy-notice")).to_have_count(0)


@pytest.fixture
def contact_site(bare_site):
    """The bare site with the demo's contact page and the venue's address."""
    venue = VenueSettings.load()
    venue.name = "Elvebyen kulturhus"
    venue.save()
    get_home_page().add_child(instance=contact_page())
    return bare_site


@pytest.mark.submits("page:home.ContactPage")
def test_a_message_sent_with_the_contact_form_is_thanked_for_and_mailed(
    contact_site, page
):
    page.goto(contact_site + "/kontakt/")
    form = page.locator("main form")
    form.get_by_label("Navn").fill("Kari Nordmann")
    form.get_by_label("E-postadresse").fill(ADDRESS)
    form.get_by_label("Melding").fill("Har dere teleslynge i Store sal?")
    mails_before = len(mail.outbox)

    form.get_by_role("button", name="Send").click()

    expect(page.locator("main")).to_contain_text("Takk for meldingen!")
    assert len(mail.outbox) == mails_before + 1
    assert "teleslynge" in mail.outbox[-1].body
    submission = FormSubmission.objects.get()
    assert submission.get_data()["email"] == ADDRESS
