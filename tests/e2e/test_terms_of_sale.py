"""The terms of sale in the browser: the English page shows the venue's
Norwegian terms marked lang="nb" with a note while they have no English
translation, and passes axe-core, as does the translated page; an editor
keeps the terms in the admin (edit the Norwegian text, be refused a second
one, add an English text by hand and delete it)."""

import re

import pytest
from playwright.sync_api import expect

from home.cache import invalidate_page_cache
from home.services import translate
from tickets.models import TermsOfSale

from .sessions import editor, sign_in
from .test_accessibility import switch_to_english
from .test_site_texts import check_axe

URL = "/billetter/kjopsvilkar/"
# The page is in the language of its address, as a Wagtail page is.
ENGLISH_URL = "/en/tickets/terms-of-sale/"
RETURNS_NB = "Billetter kan ikke returneres, men kan gis bort."
RETURNS_EN = "Tickets cannot be returned, but may be given away."


def norwegian_terms():
    terms = TermsOfSale.objects.get(locale__language_code="nb")
    terms.terms = f"<h2>Retur</h2><p>{RETURNS_NB}</p>"
    terms.save()
    return terms


def test_the_english_terms_page_shows_untranslated_terms_marked_nb_and_passes_axe(
    demo_site, page, axe_source
):
    terms = norwegian_terms()
    switch_to_english(page, demo_site)
    # The English footer links the English address.
    page.get_by_role("link", name="Terms of sale").click()
    page.wait_for_url("**" + ENGLISH_URL)
    assert page.locator("html").get_attribute("lang") == "en"
    expect(page.get_by_role("heading", level=1)).to_have_text("Terms of sale")
    expect(page.locator("main")).to_contain_text(
        "Our terms of sale are only available in Norwegian."
    )
    norwegian = page.locator("main div[lang='nb']")
    expect(norwegian.get_by_role("heading", level=2)).to_have_text("Retur")
    expect(norwegian.locator("p")).to_have_text(RETURNS_NB)
    # The site's default English terms do not stand in for the venue's.
    expect(page.locator("main")).not_to_contain_text("Cancellation Act")
    check_axe(page, axe_source)

    # Translated with wagtail-localize: English, without the note.
    translate(terms, "en", {"Retur": "Returns", RETURNS_NB: RETURNS_EN})
    invalidate_page_cache()
    page.goto(demo_site + ENGLISH_URL)
    expect(page.locator("main p", has_text="Tickets cannot")).to_have_text(RETURNS_EN)
    assert page.locator("main [lang='nb']").count() == 0
    expect(page.locator("main")).not_to_contain_text("only available in Norwegian")
    check_axe(page, axe_source)


@pytest.mark.submits(
    "wagtailsnippets_tickets_termsofsale:add",
    "wagtailsnippets_tickets_termsofsale:edit",
    "wagtailsnippets_tickets_termsofsale:delete",
)
def test_an_editor_keeps_the_terms_of_sale_in_each_language(demo_site, page):
    sign_in(page.context, demo_site, editor())
    base = "/admin/snippets/tickets/termsofsale/"
    listing = re.compile(re.escape(base) + r"(\?locale=\w+)?$")
    norwegian = TermsOfSale.objects.get(locale__language_code="nb")

    def write(text):
        editor_field = page.locator(".Draftail-Editor [contenteditable='true']")
        editor_field.click()
        page.keyboard.press("Control+A")
        page.keyboard.type(text)
        # Draftail keeps the text in the form's hidden input as it changes.
        expect(page.locator("input[name=terms]")).to_have_value(
            re.compile(re.escape(text))
        )

    page.goto(demo_site + base + f"edit/{norwegian.pk}/")
    write(RETURNS_NB)
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(listing)
    norwegian.refresh_from_db()
    assert RETURNS_NB in norwegian.terms
    page.goto(demo_site + URL)
    expect(page.locator("main")).to_contain_text(RETURNS_NB)

    # A second Norwegian text is refused with a message, nothing stored.
    page.goto(demo_site + base + "add/?locale=nb")
    write("Andre vilkår.")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("main")).to_contain_text(
        "There are already terms of sale in this language"
    )
    assert TermsOfSale.objects.filter(locale__language_code="nb").count() == 1

    # An English text written by hand (as before translation) is shown.
    page.goto(demo_site + base + "add/?locale=en")
    write(RETURNS_EN)
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(listing)
    english = TermsOfSale.objects.get(locale__language_code="en")
    assert RETURNS_EN in english.terms
    assert english.translation_key == norwegian.translation_key
    page.goto(demo_site + ENGLISH_URL)
    expect(page.locator("main")).to_contain_text(RETURNS_EN)

    # Deleted: the Norwegian again, marked as such.
    page.goto(demo_site + base + f"delete/{english.pk}/")
    page.get_by_role("button", name="Yes, delete").click()
    page.wait_for_url(listing)
    assert not TermsOfSale.objects.filter(locale__language_code="en").exists()
    page.goto(demo_site + ENGLISH_URL)
    expect(page.locator("main div[lang='nb']")).to_contain_text(RETURNS_NB)
