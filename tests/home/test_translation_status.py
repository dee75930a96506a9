"""Editors see which pages lack a translation or have one out of date: a
mark in the page explorer's status column and a count on the dashboard,
both at a fixed number of queries however many pages there are."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from home import translation_status
from home.dashboard import TranslationsPanel
from home.services import translate

from ..factories import StandardPageFactory, UserFactory

pytestmark = pytest.mark.django_db


def published_page(parent, title):
    page = StandardPageFactory(parent=parent, title=title)
    page.save_revision().publish()
    return page


@pytest.fixture
def editor_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


@pytest.fixture
def pages(home_page, english_home):
    """Three Norwegian pages: one translated and current, one translated
    and then changed, one never translated."""
    current = published_page(home_page, "Om huset")
    changed = published_page(home_page, "Utleie")
    lonely = published_page(home_page, "Verksted")
    translate(current, "en", {"Om huset": "About the house"})
    translate(changed, "en", {"Utleie": "Hire"})
    changed.title = "Utleie av saler"
    changed.save_revision().publish()
    return {"current": current, "changed": changed, "lonely": lonely}


def row_of(html, title):
    """The explorer's table row of the page titled ``title``."""
    listing = html.split('class="listing', 1)[1]
    body = listing.split("<tbody", 1)[1].split("</tbody>", 1)[0]
    rows = [row for row in body.split("<tr")[1:] if re.search(rf">\s*{title}\s*<", row)]
    assert len(rows) == 1, (title, rows)
    return rows[0]


def status_of(html, title):
    row = row_of(html, title)
    return set(re.findall(r'data-translation-status="(\w+)"', row))


def test_the_explorer_marks_missing_and_outdated_translations(
    editor_client, home_page, pages
):
    response = editor_client.get(f"/admin/pages/{home_page.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert status_of(html, "Om huset") == set()
    assert status_of(html, "Utleie av saler") == {"outdated"}
    assert status_of(html, "Verksted") == {"missing"}
    assert "Oversettelsen er utdatert" in html  # the admin's bokmål
    assert "Ikke oversatt" in html


def test_syncing_the_translation_clears_the_outdated_mark(
    editor_client, home_page, pages
):
    translate(pages["changed"], "en", {"Utleie av saler": "Hiring a hall"})
    html = editor_client.get(f"/admin/pages/{home_page.pk}/").content.decode()
    assert status_of(html, "Utleie av saler") == set()


def test_the_english_tree_marks_the_translation_that_is_behind(
    editor_client, english_home, pages
):
    html = editor_client.get(f"/admin/pages/{english_home.pk}/").content.decode()
    assert status_of(html, "Hire") == {"outdated"}
    assert status_of(html, "About the house") == set()


def explorer_queries(client, parent):
    client.get(f"/admin/pages/{parent.pk}/")  # settings rows, caches
    with CaptureQueriesContext(connection) as queries:
        assert client.get(f"/admin/pages/{parent.pk}/").status_code == 200
    return len(queries)


def marks_cost(client, parent, monkeypatch):
    """The queries the marks add to the explorer of ``parent``."""
    marked = explorer_queries(client, parent)
    with monkeypatch.context() as patch:
        patch.setattr(translation_status, "annotate", lambda pages: pages)
        unmarked = explorer_queries(client, parent)
        html = client.get(f"/admin/pages/{parent.pk}/").content.decode()
        assert "data-translation-status" not in html
    return marked - unmarked


def test_the_explorer_s_marks_cost_no_query_per_page(
    editor_client, home_page, english_home, monkeypatch
):
    """The marks ride on the explorer's own queries: what they add does not
    grow with the rows. (wagtail-localize's "Translate" and "Sync" buttons
    in each row's menu cost queries per row of their own; only what the
    marks add is counted here.)"""
    for number in range(3):
        translate(published_page(home_page, f"Side {number}"), "en")
    few = marks_cost(editor_client, home_page, monkeypatch)
    for number in range(3, 15):
        page = published_page(home_page, f"Side {number}")
        if number % 2:
            translate(page, "en")
    html = editor_client.get(f"/admin/pages/{home_page.pk}/").content.decode()
    assert html.count('data-translation-status="missing"') == 6
    many = marks_cost(editor_client, home_page, monkeypatch)
    assert many == few
    assert few <= 4


def test_the_dashboard_panel_counts_and_links_them(editor_client, pages):
    html = editor_client.get("/admin/").content.decode()
    assert 'data-translations="missing"><strong>1</strong>' in html
    assert 'data-translations="outdated"><strong>1</strong>' in html
    assert "side er ikke oversatt" in html
    assert f'href="/admin/pages/{pages["lonely"].pk}/edit/"' in html
    assert f'href="/admin/localize/submit/page/{pages["lonely"].pk}/"' in html
    assert f'href="/admin/pages/{pages["changed"].pk}/edit/"' in html
    assert re.search(r'href="/admin/localize/update/\d+/"', html)


def test_the_panel_counts_in_four_queries_however_many_pages(
    home_page, english_home, django_assert_num_queries
):
    for number in range(2):
        published_page(home_page, f"Side {number}")
    with django_assert_num_queries(4):
        TranslationsPanel().render_html({})
    for number in range(2, 30):
        page = published_page(home_page, f"Side {number}")
        if number % 3 == 0:
            translate(page, "en")
            page.save_revision().publish()
    with django_assert_num_queries(4):
        html = TranslationsPanel().render_html({})
    # Thirty pages less the nine translated; the nine are behind.
    assert 'data-translations="missing"><strong>21</strong>' in html
    assert 'data-translations="outdated"><strong>9</strong>' in html
    assert html.count("/admin/localize/submit/page/") == 10
