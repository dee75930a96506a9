"""No silent drift: a published version of the privacy statement freezes its
generated tables (what we store, retention, cookies, processors). When the
code declares something else, readers keep the published text, editors are
warned with the change side by side and can prepare a new version, and
``check_privacy_statement`` fails."""

import datetime

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import formats, timezone, translation

from home.cache import invalidate_page_cache
from privacy import statement
from privacy.models import PolicyVersion, PrivacyPolicyPage

from .conftest import publish

pytestmark = pytest.mark.django_db


@pytest.fixture
def longer_ip_retention(settings):
    """The change the issue tried: comment IP addresses kept 97 days, not 60."""
    settings.PRIVACY_RETENTION = {
        **settings.PRIVACY_RETENTION,
        "comments.ip_address": 97,
    }


def main_text(response):
    return response.content.decode().split("<main", 1)[1].split("</main>")[0]


def test_a_version_freezes_the_generated_tables_it_was_published_with(policy_page):
    version = PolicyVersion.objects.get(number=1)
    assert set(version.generated) == set(statement.SECTIONS)
    assert version.generated["retention"]["comments.ip_address"].endswith("| 60")
    assert (
        "nettleser i 60 dager"
        in version.generated["what_we_store"]["comments.comments"]
    )
    assert "host" in version.generated["processors"]


def test_a_changed_retention_setting_does_not_change_the_public_page(
    client, policy_page, settings
):
    before = main_text(client.get("/personvern/"))
    assert "nettleser i 60 dager" in before
    settings.PRIVACY_RETENTION = {
        **settings.PRIVACY_RETENTION,
        "comments.ip_address": 97,
    }
    invalidate_page_cache()
    response = client.get("/personvern/")
    assert response["X-Page-Cache"] == "miss"
    after = main_text(response)
    assert "nettleser i 97 dager" not in after
    assert after == before


def test_no_drift_right_after_publishing(policy_page):
    assert not statement.drift(policy_page)


def test_a_changed_retention_setting_is_drift_with_both_texts(
    policy_page, longer_ip_retention
):
    found = statement.drift(policy_page)
    assert found
    changed = {(change.section, change.key): change for change in found.changes}
    rule = changed["retention", "comments.ip_address"]
    assert rule.old.endswith("| 60")
    assert rule.new.endswith("| 97")
    kind = changed["what_we_store", "comments.comments"]
    assert "60" in kind.old and "97" in kind.new


def test_the_command_exits_1_on_drift_and_says_what_changed(
    policy_page, longer_ip_retention, capsys
):
    with pytest.raises(CommandError) as raised:
        call_command("check_privacy_statement")
    assert raised.value.returncode == 1
    out = capsys.readouterr().out
    assert "compared version 1" in out
    assert "comments.ip_address" in out
    assert "| 60" in out and "| 97" in out


def test_the_command_exits_0_and_says_what_it_compared_without_drift(
    policy_page, capsys
):
    call_command("check_privacy_statement")
    out = capsys.readouterr().out
    assert "compared version 1" in out
    assert "matches the code" in out


def test_the_command_exits_1_through_manage_py_on_drift(policy_page, settings):
    """What a deploy script sees: the exit status of the process."""
    from django.core.management import execute_from_command_line

    settings.PRIVACY_RETENTION = {
        **settings.PRIVACY_RETENTION,
        "comments.ip_address": 97,
    }
    with pytest.raises(SystemExit) as exited:
        execute_from_command_line(["manage.py", "check_privacy_statement"])
    assert exited.value.code == 1


def test_the_dashboard_warns_with_the_change_side_by_side(
    client, policy_page, editor, longer_ip_retention
):
    client.force_login(editor)
    html = client.get("/admin/").content.decode()
    assert "privacy-drift" in html
    assert "| 60</del>" in html
    assert "| 97</ins>" in html
    assert f"/admin/personvern/statement/{policy_page.pk}/drift/" in html


def test_the_dashboard_says_nothing_without_drift(client, policy_page, editor):
    client.force_login(editor)
    assert "privacy-drift" not in client.get("/admin/").content.decode()


def test_the_edit_view_warns_with_the_change_side_by_side(
    client, policy_page, editor, longer_ip_retention
):
    client.force_login(editor)
    html = client.get(f"/admin/pages/{policy_page.pk}/edit/").content.decode()
    assert "privacy-drift-warning" in html
    assert "| 97</ins>" in html


def test_the_edit_view_has_no_warning_without_drift(client, policy_page, editor):
    client.force_login(editor)
    html = client.get(f"/admin/pages/{policy_page.pk}/edit/").content.decode()
    assert "privacy-drift-warning" not in html


def test_preparing_a_new_version_makes_a_material_draft_dated_ahead(
    client, policy_page, editor, longer_ip_retention, settings
):
    settings.PRIVACY_NOTICE_PERIOD_DAYS = 30
    client.force_login(editor)
    url = f"/admin/personvern/statement/{policy_page.pk}/drift/"
    assert client.get(url).status_code == 200
    response = client.post(url)
    assert response.status_code == 302
    page = PrivacyPolicyPage.objects.get(pk=policy_page.pk)
    assert page.has_unpublished_changes
    draft = page.get_latest_revision_as_object()
    assert draft.material_change
    assert draft.effective_from == timezone.localdate() + datetime.timedelta(days=30)
    assert "lagringstid" in draft.change_summary.lower()
    # Still version 1 for readers until the editor publishes.
    assert PolicyVersion.objects.count() == 1


def test_publishing_the_prepared_version_ends_the_drift(
    client, policy_page, editor, longer_ip_retention
):
    client.force_login(editor)
    client.post(f"/admin/personvern/statement/{policy_page.pk}/drift/")
    page = PrivacyPolicyPage.objects.get(pk=policy_page.pk)
    page.get_latest_revision().publish()
    version = PolicyVersion.objects.get(number=2)
    assert version.is_material
    assert "| 97" in version.generated["retention"]["comments.ip_address"]
    assert version.touched_kinds == ["comments.comments"]
    assert not statement.drift(page)


def test_someone_who_may_not_edit_the_page_cannot_prepare_a_version(
    client, policy_page, longer_ip_retention
):
    from ..factories import UserFactory

    reader = UserFactory(is_staff=True)
    client.force_login(reader)
    url = f"/admin/personvern/statement/{policy_page.pk}/drift/"
    assert client.post(url).status_code in (302, 403)
    assert not PrivacyPolicyPage.objects.get(pk=policy_page.pk).has_unpublished_changes


def test_a_version_published_later_keeps_its_own_tables(
    client, policy_page, longer_ip_retention
):
    publish(policy_page, summary="Lengre lagring av IP-adresser.")
    assert (
        "| 60"
        in PolicyVersion.objects.get(number=1).generated["retention"][
            "comments.ip_address"
        ]
    )
    assert "97" in PolicyVersion.objects.get(number=1 + 1).text


def edit_form(page, editor, **data):
    form_class = PrivacyPolicyPage.get_edit_handler().get_form_class()
    return form_class(
        data={
            "title": "Personvern",
            "slug": "personvern",
            "body-count": 0,
            "change_summary": "Ny leverandør.",
            **data,
        },
        instance=PrivacyPolicyPage.objects.get(pk=page.pk),
        for_user=editor,
    )


@pytest.mark.parametrize(
    ("days_ahead", "valid"), [(None, False), (0, False), (29, False), (30, True)]
)
def test_a_material_change_needs_a_date_the_notice_period_ahead(
    policy_page, editor, settings, days_ahead, valid
):
    settings.PRIVACY_NOTICE_PERIOD_DAYS = 30
    day = (
        ""
        if days_ahead is None
        else (timezone.localdate() + datetime.timedelta(days=days_ahead)).isoformat()
    )
    form = edit_form(policy_page, editor, material_change="on", effective_from=day)
    assert form.is_valid() is valid
    if not valid:
        assert "effective_from" in form.errors


def test_a_change_that_is_not_material_may_take_effect_at_once(policy_page, editor):
    assert edit_form(policy_page, editor, effective_from="").is_valid()


def test_the_notice_period_is_a_setting(policy_page, editor, settings):
    settings.PRIVACY_NOTICE_PERIOD_DAYS = 7
    day = timezone.localdate() + datetime.timedelta(days=7)
    form = edit_form(
        policy_page, editor, material_change="on", effective_from=day.isoformat()
    )
    assert form.is_valid()


def test_the_edit_form_says_when_the_notices_go_out_and_the_earliest_date(
    client, policy_page, editor, settings
):
    settings.PRIVACY_NOTICE_PERIOD_DAYS = 30
    client.force_login(editor)
    html = client.get(f"/admin/pages/{policy_page.pk}/edit/").content.decode()
    earliest = timezone.localdate() + datetime.timedelta(days=30)
    assert "30" in html
    assert formats.date_format(earliest) in html


def test_a_version_published_from_an_english_admin_freezes_the_page_s_language(
    policy_page,
):
    with translation.override("en"):
        publish(policy_page, summary="Ny versjon.")
    text = PolicyVersion.objects.get(number=2).text
    assert "nettleser i 60 dager" in text
    assert "browser 60 days" not in text


def test_preparing_without_drift_makes_no_draft(client, policy_page, editor):
    client.force_login(editor)
    url = f"/admin/personvern/statement/{policy_page.pk}/drift/"
    assert client.post(url).status_code == 302
    assert not PrivacyPolicyPage.objects.get(pk=policy_page.pk).has_unpublished_changes


def test_preparing_for_a_page_that_does_not_exist_is_404(client, editor, db):
    client.force_login(editor)
    assert client.post("/admin/personvern/statement/999999/drift/").status_code == 404
