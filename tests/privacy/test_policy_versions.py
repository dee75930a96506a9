"""The privacy statement is versioned: every publish is a numbered version
with its date, summary and frozen text; the archive keeps every version at a
permanent URL; any two can be compared, changes marked without colour alone;
a change can be announced before it takes effect."""

import datetime

import pytest
from django.utils import timezone, translation
from django.utils.html import escape

from privacy import cookies, registry
from privacy.blocks import WhatWeStoreBlock
from privacy.models import PolicyVersion, PrivacyPolicyPage, PrivacySettings

from .conftest import publish

pytestmark = pytest.mark.django_db

BODY_V2 = [
    ("paragraph", "<p>Vi lagrer navn, e-post og telefon for billettkjøp.</p>"),
    ("paragraph", "<p>Et nytt avsnitt om nyhetsbrevet.</p>"),
]


def test_publishing_creates_version_one_with_its_summary_and_text(policy_page):
    (version,) = PolicyVersion.objects.all()
    assert version.number == 1
    assert version.page_id == policy_page.pk
    assert version.summary == "Første versjon."
    assert not version.is_material
    assert "Vi lagrer navn og e-post" in version.text
    assert version.effective_at <= timezone.now()


def test_each_publish_is_the_next_number_and_clears_the_change_fields(policy_page):
    page = publish(policy_page, summary="Telefon lagt til.", body=BODY_V2)
    assert list(PolicyVersion.objects.values_list("number", flat=True)) == [2, 1]
    assert page.change_summary == ""
    assert not page.material_change
    latest = page.get_latest_revision_as_object()
    assert latest.change_summary == ""
    assert "telefon" in PolicyVersion.objects.get(number=2).text


def test_the_frozen_text_does_not_change_when_the_page_does(policy_page):
    publish(policy_page, summary="Endret.", body=BODY_V2)
    assert "Et nytt avsnitt" not in PolicyVersion.objects.get(number=1).text


def test_the_page_shows_number_date_and_what_changed_last(client, policy_page):
    publish(policy_page, summary="Telefon lagt til.", body=BODY_V2)
    html = client.get("/personvern/").content.decode()
    assert "Versjon 2" in html or "Version 2" in html
    assert "Telefon lagt til." in html
    assert "/personvern/versjoner/" in html


def test_the_what_we_store_block_lists_every_registered_kind():
    with translation.override("en"):
        html = WhatWeStoreBlock().render(None)
        for kind in registry.kinds():
            for text in (kind.label, kind.purpose, kind.legal_basis, kind.retention):
                assert escape(str(text)) in html


def test_the_statement_on_the_page_is_the_registry_s(client, policy_page):
    html = client.get("/personvern/").content.decode()
    with translation.override("nb"):
        for kind in registry.kinds():
            assert escape(str(kind.label)) in html


def test_the_cookie_declaration_lists_every_declared_cookie(client, policy_page):
    html = client.get("/personvern/").content.decode()
    for cookie in cookies.declared_cookies():
        assert f"<code>{cookie.name}</code>" in html.replace("&lt;", "<").replace(
            "&gt;", ">"
        )


def test_controller_officer_and_the_supervisory_authority_are_shown(
    client, policy_page
):
    from home.models import SiteTexts

    SiteTexts.objects.filter(locale__language_code="nb").update(
        controller_name="Elvebyen kommune", officer_name="Personvernombudet"
    )
    settings = PrivacySettings.load()
    settings.officer_email = "ombud@elvebyen.example"
    settings.save()
    html = client.get("/personvern/").content.decode()
    assert "Elvebyen kommune" in html
    assert "ombud@elvebyen.example" in html
    assert "https://www.datatilsynet.no/" in html


def test_every_version_has_a_permanent_url(client, policy_page):
    publish(policy_page, summary="Telefon lagt til.", body=BODY_V2)
    one = client.get("/personvern/versjoner/1/")
    two = client.get("/personvern/versjoner/2/")
    assert one.status_code == two.status_code == 200
    assert "Vi lagrer navn og e-post for" in one.content.decode()
    assert "telefon" in two.content.decode()
    archive = client.get("/personvern/versjoner/").content.decode()
    assert "/personvern/versjoner/1/" in archive
    assert "/personvern/versjoner/2/" in archive


@pytest.mark.parametrize("path", ["versjoner/9/", "versjoner/0/", "versjoner/x/"])
def test_a_version_that_does_not_exist_is_404(client, policy_page, path):
    assert client.get(f"/personvern/{path}").status_code == 404


def test_the_comparison_marks_insertions_and_deletions_in_text(client, policy_page):
    publish(policy_page, summary="Telefon lagt til.", body=BODY_V2)
    response = client.get("/personvern/versjoner/sammenlign/?fra=1&til=2")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<ins>" in html and "<del>" in html
    # Not colour alone: every change carries a text label for screen readers.
    assert html.count('<ins><span class="visually-hidden">') == html.count("<ins>")
    assert html.count('<del><span class="visually-hidden">') == html.count("<del>")
    assert "telefon" in html.split("<ins>", 1)[1]


def test_comparing_in_either_order_shows_old_to_new(client, policy_page):
    publish(policy_page, summary="Telefon lagt til.", body=BODY_V2)
    forward = client.get("/personvern/versjoner/sammenlign/?fra=1&til=2")
    backward = client.get("/personvern/versjoner/sammenlign/?fra=2&til=1")

    def main(response):
        return response.content.decode().split("<main", 1)[1].split("</main>")[0]

    assert main(forward) == main(backward)


@pytest.mark.parametrize(
    ("query", "status"),
    [
        ("?fra=1&til=abc", 400),
        ("?fra=-1&til=2", 400),
        ("?fra=1", 400),
        ("?fra=1&til=99", 404),
        ("?fra=" + "9" * 40 + "&til=1", 400),
    ],
)
def test_bad_comparisons_are_4xx_never_500(client, policy_page, query, status):
    publish(policy_page, summary="Telefon lagt til.", body=BODY_V2)
    url = "/personvern/versjoner/sammenlign/" + query
    assert client.get(url).status_code == status


def test_a_later_effective_date_announces_the_change_and_keeps_the_current_text(
    client, policy_page
):
    later = timezone.localdate() + datetime.timedelta(days=14)
    publish(
        policy_page, summary="Nyhetsbrev med ny leverandør.", body=BODY_V2, day=later
    )
    version = PolicyVersion.objects.get(number=2)
    assert timezone.localdate(version.effective_at) == later
    html = client.get("/personvern/").content.decode()
    current, coming = html.split('id="policy-coming-title"', 1)
    assert "Vi lagrer navn og e-post for" in current  # version 1 still applies
    assert "Et nytt avsnitt" not in current
    assert "Et nytt avsnitt" in coming  # shown beside it until its date
    assert "Nyhetsbrev med ny leverandør." in html  # announced
    assert "/personvern/versjoner/2/" in html
    assert PolicyVersion.objects.current().number == 1


def test_once_the_date_has_come_the_new_version_applies(client, policy_page):
    later = timezone.localdate() + datetime.timedelta(days=14)
    publish(policy_page, summary="Ny leverandør.", body=BODY_V2, day=later)
    PolicyVersion.objects.filter(number=2).update(
        effective_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    html = client.get("/personvern/").content.decode()
    assert "Et nytt avsnitt" in html
    assert PolicyVersion.objects.current().number == 2


def test_the_admin_form_asks_for_a_summary_and_refuses_past_dates(policy_page, editor):
    form_class = PrivacyPolicyPage.get_edit_handler().get_form_class()
    page = PrivacyPolicyPage.objects.get(pk=policy_page.pk)
    form = form_class(
        data={
            "title": "Personvern",
            "slug": "personvern",
            "body-count": 0,
            "change_summary": "",
            "effective_from": "2001-01-01",
        },
        instance=page,
        for_user=editor,
    )
    assert not form.is_valid()
    assert "change_summary" in form.errors
    assert "effective_from" in form.errors


def test_the_editor_s_edit_page_renders(client, policy_page, editor):
    client.force_login(editor)
    response = client.get(f"/admin/pages/{policy_page.pk}/edit/")
    assert response.status_code == 200
    assert "change_summary" in response.content.decode()


def test_the_page_is_served_from_the_page_cache_for_anonymous_visitors(
    client, policy_page
):
    assert client.get("/personvern/")["X-Page-Cache"] == "miss"
    assert client.get("/personvern/")["X-Page-Cache"] == "hit"
