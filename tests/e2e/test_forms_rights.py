"""Rights carried out in a real browser: an editor restricts processing for
a person and lifts it again with a reason; a person restricts their own
data from my page and lifts it; an editor enters a request that came by
phone."""

import pytest
from playwright.sync_api import expect

from privacy import services
from privacy.models import Restriction, RightsRequest

from .sessions import editor, member, sign_in

RESTRICTIONS = "/admin/personvern/restrictions/"


@pytest.mark.submits(
    "privacy_admin:restriction_create", "privacy_admin:restriction_lift"
)
def test_an_editor_restricts_a_person_and_lifts_it_with_a_reason(demo_site, page):
    kari = member("kari.begrenset@example.org")
    boss = editor()
    sign_in(page.context, demo_site, boss)
    page.goto(demo_site + RESTRICTIONS)
    page.get_by_label("Email address").fill("kari.begrenset@example.org")
    page.get_by_label("Why", exact=True).fill("Hun mener fødselsdatoen er feil.")
    page.get_by_role("button", name="Restrict processing").click()
    expect(page.locator(".messages")).to_contain_text("kari.begrenset@example.org")
    row = page.locator("tbody tr").filter(has_text="kari.begrenset@example.org")
    expect(row).to_contain_text("Hun mener fødselsdatoen er feil.")
    assert services.is_restricted(kari)

    row.get_by_label("Why the restriction is lifted").fill("Fødselsdatoen er rettet.")
    row.get_by_role("button", name="Lift the restriction").click()
    expect(page.locator(".messages")).to_contain_text("lifted")
    restriction = Restriction.objects.get(user=kari)
    assert restriction.lifted_by == boss
    assert restriction.lift_reason == "Fødselsdatoen er rettet."
    assert not services.is_restricted(kari)


@pytest.mark.submits("privacy:restrict", "privacy:lift_restriction")
def test_a_person_restricts_their_own_data_from_my_page_and_lifts_it(demo_site, page):
    ola = member("ola.begrenser@example.org")
    sign_in(page.context, demo_site, ola)
    page.goto(demo_site + "/konto/meg/")
    form = page.locator("form[action='/personvern/begrens/']")
    form.locator("textarea[name=reason]").fill("Adressen min er feil.")
    form.locator("button[type=submit]").click()
    expect(page.locator("[data-restriction-status]")).to_be_visible()
    assert services.is_restricted(ola)

    page.locator("form[action='/personvern/begrens/opphev/'] button").click()
    expect(page.locator("form[action='/personvern/begrens/']")).to_be_visible()
    assert not services.is_restricted(ola)


@pytest.mark.submits("privacy_admin:request_enter")
def test_an_editor_enters_a_request_received_by_phone(demo_site, page):
    sign_in(page.context, demo_site, editor())
    page.goto(demo_site + "/admin/personvern/requests/")
    page.get_by_role(
        "link", name="Enter a request received by phone, letter or email"
    ).click()
    page.get_by_label("Request", exact=True).select_option("rectification")
    page.get_by_label("Email address").fill("per.telefon@example.org")
    page.get_by_label("Received by").select_option("phone")
    page.get_by_label("How identity was checked").fill(
        "Ringte tilbake på nummeret i kontoen."
    )
    page.get_by_label("Details").fill("Etternavnet er stavet feil.")
    page.get_by_role("button", name="Add to the queue").click()
    expect(page.locator("[data-channel]")).to_contain_text(
        "Ringte tilbake på nummeret i kontoen."
    )
    request = RightsRequest.objects.get(email="per.telefon@example.org")
    assert request.status == RightsRequest.Status.NEW
    assert request.due_at is not None
