"""The controller's and officer's names on the English privacy page, in a
real browser: the seeded English names with no lang of their own, then,
when the Norwegian names change and the English ones are not yet
translated, the Norwegian ones marked lang="nb"; axe-core passes both."""

from playwright.sync_api import expect

from home.models import SiteTexts
from privacy.demo_english import NAMES

from .test_accessibility import switch_to_english
from .test_site_texts import check_axe

CONTROLLER_NB, OFFICER_NB = NAMES


def test_the_english_privacy_page_names_who_answers_in_english_and_passes_axe(
    demo_site, page, axe_source
):
    switch_to_english(page, demo_site)
    page.goto(demo_site + "/en/privacy/")
    assert page.locator("html").get_attribute("lang") == "en"
    contacts = page.locator(".policy__contacts")
    controller = contacts.locator("dd span").first
    expect(controller).to_have_text(NAMES[CONTROLLER_NB])
    assert controller.get_attribute("lang") is None
    expect(contacts).to_contain_text(NAMES[OFFICER_NB])
    expect(contacts).not_to_contain_text(CONTROLLER_NB)
    check_axe(page, axe_source)

    # The English set left as the source's (not translated): the Norwegian
    # names, marked as Norwegian.
    SiteTexts.objects.filter(locale__language_code="en").update(
        controller_name=CONTROLLER_NB, officer_name=OFFICER_NB
    )
    from home.cache import invalidate_page_cache

    invalidate_page_cache()
    page.goto(demo_site + "/en/privacy/")
    expect(contacts.locator("span[lang='nb']")).to_have_text(
        [CONTROLLER_NB, OFFICER_NB]
    )
    check_axe(page, axe_source)
