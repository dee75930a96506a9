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
from playwright.sync_api import expect

from privacy.models import DataExport, RightsRequest

from .test_account import mailed_link

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
