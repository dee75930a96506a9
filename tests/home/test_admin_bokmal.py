"""The Norwegian admin: Wagtail's own strings that its bokmål catalogue
lacks are shipped in the project's locale folder (LOCALE_PATHS wins over
Wagtail's catalogues), for server-rendered screens and for the strings
Wagtail's JavaScript takes from its JavaScript catalogue."""

import json
import re

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from ..factories import StandardPageFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def test_the_dashboard_s_menu_and_shortcuts_are_in_bokmal(editor_client):
    html = editor_client.get("/admin/").content.decode()
    assert "Hjelp" in html  # the sidebar's "Help" menu (its JSON props)
    assert "Vis hurtigtaster" in html
    assert "Vis eller skjul minikartet" in html
    assert "Show keyboard shortcuts" not in html
    assert not re.search(r'"label": "Help"', html)


def test_the_page_editor_s_autosave_and_side_panels_are_in_bokmal(
    editor_client, home_page
):
    page = StandardPageFactory(parent=home_page, title="Om huset")
    html = editor_client.get(f"/admin/pages/{page.pk}/edit/").content.decode()
    assert "Automatisk lagring er satt på pause" in html
    assert "Autosave is paused" not in html
    assert "Vis eller skjul forhåndsvisning" in html
    assert "Toggle preview" not in html


def test_the_slug_in_use_message_is_in_bokmal(home_page):
    StandardPageFactory(parent=home_page, title="Om huset", slug="om-huset")
    twin = home_page.add_child(instance=StandardPageFactory.build(slug="annen"))
    twin.slug = "om-huset"
    with translation.override("nb"), pytest.raises(ValidationError) as error:
        twin.full_clean()
    assert "Adressenavnet «om-huset» er allerede i bruk" in str(error.value)


def test_wagtail_s_javascript_catalogue_takes_the_project_s_strings(editor_client):
    response = editor_client.get("/admin/jsi18n/")
    assert response.status_code == 200
    body = response.content.decode()
    catalog = json.loads(
        re.search(r"const newcatalog = (\{.*?\});", body, re.S).group(1)
    )
    assert catalog["Collapse all"] == "Skjul alle"
    assert catalog["Expand all"] == "Vis alle"
    assert catalog["Write something or type ‘/’ to insert a block"].startswith("Skriv")
    # Wagtail's own bokmål entries are still there.
    assert catalog["Search"] != "Search"


def test_the_admin_lists_result_count_is_in_bokmal():
    from django.template.loader import render_to_string

    context = {"result_count": 17, "all_count": 17}
    with translation.override("nb"):
        html = render_to_string("modeladmin/includes/result_count.html", context)
    assert "17 av 17" in html
    assert "out of" not in html
