"""Wagtail's password forms in a real browser: an editor has put a password
on a page (say, the programme for the press before it is announced) and on
a collection of documents (the technical rider for visiting crews); a
visitor who has the password types it and sees the page, and gets the
document (a download). A wrong password is refused with a message."""

from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from playwright.sync_api import expect
from wagtail.documents import get_document_model
from wagtail.models import (
    Collection,
    CollectionViewRestriction,
    Page,
    PageViewRestriction,
    Site,
)

from ..factories import StandardPageFactory

PASSWORD = "Scenekunst2026"
RIDER = "Scenen er 12 x 9 meter. Lasterampe ved bakdøra."


def type_password(page, password):
    form = page.locator("form:has(input[name=password])")
    form.locator("input[name=password]").fill(password)
    form.locator("[type=submit]").click()


@pytest.mark.submits(
    "wagtailcore_authenticate_with_password",
    "wagtaildocs_authenticate_with_password",
)
def test_a_visitor_with_the_password_sees_the_page_and_gets_the_document(
    demo_site, page
):
    home = Site.objects.get(is_default_site=True).root_page  # the Norwegian home
    press = StandardPageFactory(
        parent=home, title="Programmet for pressen", slug="presse"
    )
    PageViewRestriction.objects.create(
        page=press,
        restriction_type=PageViewRestriction.PASSWORD,
        password=PASSWORD,
    )
    crews = Collection.get_first_root_node().add_child(name="For gjestende crew")
    CollectionViewRestriction.objects.create(
        collection=crews,
        restriction_type=CollectionViewRestriction.PASSWORD,
        password=PASSWORD,
    )
    rider = get_document_model().objects.create(
        title="Teknisk rider",
        collection=crews,
        file=ContentFile(RIDER.encode(), name="teknisk-rider.txt"),
    )

    page.goto(demo_site + Page.objects.get(pk=press.pk).url)
    expect(page.locator("h1")).not_to_have_text("Programmet for pressen")
    type_password(page, "feil passord")
    expect(page.locator("form")).to_contain_text(
        "Passordet du har skrevet inn er feil."
    )
    type_password(page, PASSWORD)
    expect(page.locator("h1")).to_have_text("Programmet for pressen")

    page.goto(demo_site + rider.url)
    expect(page.locator("input[name=password]")).to_be_visible()
    expect(page.locator("body")).not_to_contain_text(RIDER)
    with page.expect_download() as download:
        type_password(page, PASSWORD)
    assert download.value.suggested_filename == "teknisk-rider.txt"
    assert Path(download.value.path()).read_text(encoding="utf-8") == RIDER
