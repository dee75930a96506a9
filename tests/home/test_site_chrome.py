"""The site's header and footer on pages are the same for every reader of a
page, so a signed-in reader's page view reuses them, kept per cache
generation (``{% fragment ... when=page.pk %}`` in base.html): the menu's
current mark and the language switch belong to each page, a publish shows
at once, and views that are not pages (the search) render their own."""

import pytest
from django.template import Context, Template

from home.templatetags import language_tags

from ..factories import EventPageFactory, StandardPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def kept(settings):
    settings.PAGE_CACHE_SECONDS = 600


@pytest.fixture
def switch_lookups(monkeypatch):
    """The pages whose language switch was worked out."""
    calls = []
    original = language_tags.page_translations

    def counting(page, request):
        calls.append(page.pk)
        return original(page, request)

    monkeypatch.setattr(language_tags, "page_translations", counting)
    return calls


def test_a_signed_in_reader_gets_a_page_s_header_worked_out_once(
    client, member, event_index, kept, switch_lookups
):
    event = EventPageFactory(parent=event_index)
    client.force_login(member)
    first = client.get(event.url).content.decode()
    assert event.pk in switch_lookups
    switch_lookups.clear()
    again = client.get(event.url).content.decode()
    assert switch_lookups == []
    assert header(again) == header(first)
    assert footer(again) == footer(first)

    # A publish starts a new generation: the header is worked out again.
    event.save_revision().publish()
    client.get(event.url)
    assert event.pk in switch_lookups


def test_each_page_keeps_its_own_menu_mark_and_language_switch(
    client, member, home_page, venue, kept
):
    about = StandardPageFactory(
        parent=home_page, title="Om huset", slug="om-huset", show_in_menus=True
    )
    rent = StandardPageFactory(
        parent=home_page, title="Leie", slug="leie", show_in_menus=True
    )
    client.force_login(member)
    for page, other in ((about, rent), (rent, about), (about, rent)):
        html = header(client.get(page.url).content.decode())
        assert f'<a href="{page.url}" aria-current="page">' in html
        assert f'<a href="{other.url}">' in html
        # The language switch brings the reader back to this page.
        assert f"neste=%2F{page.slug}%2F" in html
        assert f"neste=%2F{other.slug}%2F" not in html


def test_a_published_change_shows_in_the_kept_header_and_footer(
    client, member, home_page, venue, kept
):
    about = StandardPageFactory(
        parent=home_page, title="Om huset", slug="om-huset", show_in_menus=True
    )
    client.force_login(member)
    assert "Storgata 1" in footer(client.get("/om-huset/").content.decode())

    about.title = "Om kulturhuset"
    about.save_revision().publish()
    venue.street_address = "Elvegata 2"
    venue.save()
    html = client.get("/om-huset/").content.decode()
    assert ">Om kulturhuset</a>" in header(html)
    assert "Elvegata 2" in footer(html)
    assert "Storgata 1" not in html


def test_the_search_renders_its_own_header_for_each_query(
    client, member, home_page, kept
):
    client.force_login(member)
    for query in ("jazz", "opera", "jazz"):
        html = header(client.get(f"/sok/?q={query}&sprak=nb").content.decode())
        # Its language switch keeps the reader's own search.
        assert f"q%3D{query}" in html


def test_a_fragment_is_kept_only_when_its_condition_holds(kept):
    template = Template(
        '{% load fragment_tags %}{% fragment "test-when" when=keep %}'
        "{{ value }}{% endfragment %}"
    )
    assert template.render(Context({"keep": False, "value": 1})) == "1"
    assert template.render(Context({"keep": False, "value": 2})) == "2"
    assert template.render(Context({"keep": True, "value": 3})) == "3"
    assert template.render(Context({"keep": True, "value": 4})) == "3"


def header(html):
    return html.split('<header class="site-header">')[1].split("</header>")[0]


def footer(html):
    return html.split('<footer class="site-footer">')[1].split("</footer>")[0]
