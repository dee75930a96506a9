"""Wagtail's user bar on the public pages: for people who may use the
admin (through a group, their own permission or as superusers), and for
nobody else. Who may is read once per cache generation (Wagtail's own check
reads every permission of the person, in two queries on every page), and a
change to anyone's groups or permissions is seen on the next page."""

import pytest
from django.contrib.auth.models import Group, Permission

from home.templatetags.navigation_tags import may_use_admin

from ..factories import EditorFactory, UserFactory

pytestmark = pytest.mark.django_db

USERBAR = b"<wagtail-userbar"


@pytest.fixture
def access_admin():
    return Permission.objects.get(
        content_type__app_label="wagtailadmin", codename="access_admin"
    )


def test_a_group_editor_and_a_superuser_get_the_user_bar(
    client, home_page, access_admin
):
    editors = Group.objects.create(name="Redaksjonen")
    editors.permissions.add(access_admin)
    in_group = UserFactory(email="gruppe@example.org")
    in_group.groups.add(editors)
    on_their_own = UserFactory(email="egen@example.org")
    on_their_own.user_permissions.add(access_admin)
    for person in (in_group, on_their_own, EditorFactory(email="super@example.org")):
        client.force_login(person)
        assert USERBAR in client.get("/").content, person.email


def test_a_visitor_gets_none_and_costs_no_query_after_the_first_page(
    client, home_page, django_assert_num_queries
):
    member = UserFactory(email="medlem@example.org")
    client.force_login(member)
    assert USERBAR not in client.get("/").content
    with django_assert_num_queries(0):
        assert may_use_admin(member) is False


def test_access_given_or_taken_away_shows_on_the_next_page(
    client, home_page, access_admin, settings
):
    settings.PAGE_CACHE_SECONDS = 600
    editors = Group.objects.create(name="Redaksjonen")
    editors.permissions.add(access_admin)
    person = UserFactory(email="ny@example.org")
    client.force_login(person)
    assert USERBAR not in client.get("/").content

    person.groups.add(editors)
    assert USERBAR in client.get("/").content
    person.groups.remove(editors)
    assert USERBAR not in client.get("/").content

    person.user_permissions.add(access_admin)
    assert USERBAR in client.get("/").content
    person.user_permissions.clear()
    assert USERBAR not in client.get("/").content

    person.groups.add(editors)
    assert USERBAR in client.get("/").content
    editors.permissions.remove(access_admin)
    assert USERBAR not in client.get("/").content
    editors.permissions.add(access_admin)
    assert USERBAR in client.get("/").content
    editors.delete()
    assert USERBAR not in client.get("/").content


def test_an_inactive_editor_or_nobody_gets_none(client, home_page, access_admin):
    gone = UserFactory(email="borte@example.org", is_active=False)
    gone.user_permissions.add(access_admin)
    assert may_use_admin(gone) is False
    assert USERBAR not in client.get("/").content
