"""Wagtail's user bar on the public pages: for people who may use the
admin (through a group, their own permission or as superusers), and for
nobody else, at one query (Wagtail's own check reads every permission)."""

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


def test_a_visitor_gets_none_for_one_query(
    client, home_page, django_assert_num_queries
):
    member = UserFactory(email="medlem@example.org")
    client.force_login(member)
    assert USERBAR not in client.get("/").content
    with django_assert_num_queries(1):
        assert may_use_admin(member) is False


def test_an_inactive_editor_or_nobody_gets_none(client, home_page, access_admin):
    gone = UserFactory(email="borte@example.org", is_active=False)
    gone.user_permissions.add(access_admin)
    assert may_use_admin(gone) is False
    assert USERBAR not in client.get("/").content
