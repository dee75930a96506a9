"""The moderation list row by row: a preview of the text (escaped,
truncated), the buttons that fit each comment's state beside it (not in the
checkbox column), each posting to the row's own address, and the keyboard
shortcuts documented on the screen."""

import re

import pytest
from django.contrib.auth.models import Group, Permission
from wagtail.users.models import UserProfile

from comments.models import Comment

from ..factories import UserFactory
from .conftest import make_comment

pytestmark = pytest.mark.django_db

LIST_URL = "/admin/comments/comment/"


def moderate_url(comment):
    return f"/admin/comments/{comment.pk}/moderate/"


def row_html(html, comment):
    """The <tr> of ``comment`` in the list."""
    match = re.search(
        rf'<tr[^>]*data-comment-row="{comment.pk}"[^>]*>(.*?)</tr>', html, re.S
    )
    assert match, f"no row for comment {comment.pk}"
    return match.group(1)


def buttons(row):
    """The actions of a row's buttons, in order."""
    return re.findall(r'name="action" value="([a-z_]+)"', row)


def cell(row, name):
    match = re.search(rf'<td class="field-{name}[^"]*">(.*?)</td>', row, re.S)
    assert match, f"no {name} column"
    return match.group(1)


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        (Comment.Status.PENDING, ["publish", "spam", "delete"]),
        (Comment.Status.UNCONFIRMED, ["publish", "spam", "delete"]),
        (Comment.Status.PUBLISHED, ["unpublish", "spam", "delete"]),
        (Comment.Status.SPAM, ["publish", "not_spam", "delete"]),
        (Comment.Status.REMOVED, ["publish", "spam", "delete"]),
    ],
)
def test_each_row_has_the_buttons_its_state_needs_beside_the_text(
    editor_client, event, status, expected
):
    comment = make_comment(event, status=status)
    html = editor_client.get(LIST_URL).content.decode()
    row = row_html(html, comment)
    assert buttons(cell(row, "preview")) == expected
    # The checkbox column holds the checkbox only.
    assert "button" not in cell(row, "select_box")
    assert 'name="ids"' in cell(row, "select_box")
    for action in expected:
        assert (
            f'formaction="{moderate_url(comment)}" name="action" value="{action}"'
            in (row)
        )
    assert f'href="{LIST_URL}edit/{comment.pk}/"' in row
    assert f'href="{LIST_URL}inspect/{comment.pk}/"' in row


def test_a_comment_deleted_for_its_replies_can_only_be_deleted(editor_client, event):
    top = make_comment(event, is_removed=True, comment="")
    make_comment(event, parent=top)
    row = row_html(editor_client.get(LIST_URL).content.decode(), top)
    assert buttons(row) == ["delete"]
    assert "Comment deleted." in row


def test_the_preview_is_escaped_and_truncated(editor_client, event):
    text = "<script>alert('x')</script> <b>fet</b>\n\nAndre avsnitt " + "ord " * 200
    comment = make_comment(event, comment=text)
    row = row_html(editor_client.get(LIST_URL).content.decode(), comment)
    preview = re.search(r'<p class="comments-row__text"[^>]*>(.*?)</p>', row, re.S)
    shown = preview.group(1)
    assert "<script>" not in row and "<b>fet" not in row
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &lt;b&gt;fet" in shown
    assert "Andre avsnitt" in shown  # line breaks collapse into spaces
    assert shown.endswith("…")
    assert len(shown) < 400


@pytest.mark.parametrize(
    ("action", "status"),
    [
        ("publish", Comment.Status.PUBLISHED),
        ("spam", Comment.Status.SPAM),
    ],
)
def test_a_row_button_moderates_its_comment_and_returns_to_the_list(
    editor_client, event, action, status
):
    comment = make_comment(event, status=Comment.Status.PENDING)
    other = make_comment(event, status=Comment.Status.PENDING)
    response = editor_client.post(
        moderate_url(comment), {"action": action, "next": f"{LIST_URL}?state=awaiting"}
    )
    assert response.status_code == 302
    assert response["Location"] == f"{LIST_URL}?state=awaiting"
    comment.refresh_from_db()
    other.refresh_from_db()
    assert comment.status == status
    assert other.status == Comment.Status.PENDING


def test_the_delete_button_asks_first(editor_client, event):
    comment = make_comment(event, comment="Skal bort")
    response = editor_client.post(
        moderate_url(comment), {"action": "delete", "next": LIST_URL}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Skal bort" in html and "Yes, delete" in html
    assert Comment.objects.filter(pk=comment.pk).exists()


@pytest.mark.parametrize(
    "data",
    [{"action": "hack"}, {"action": ""}, {}, {"action": "publish", "next": "//evil"}],
)
def test_a_bad_row_post_is_explained_never_a_500(editor_client, event, data):
    comment = make_comment(event, status=Comment.Status.PENDING)
    response = editor_client.post(moderate_url(comment), data)
    assert response.status_code == 302
    assert response["Location"] == LIST_URL


def test_a_row_post_for_a_missing_comment_changes_nothing(editor_client, event):
    comment = make_comment(event, status=Comment.Status.PENDING)
    for forged in (999999, 2**63, 2**70):
        response = editor_client.post(
            f"/admin/comments/{forged}/moderate/", {"action": "publish"}, follow=True
        )
        assert response.status_code == 200
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PENDING


def test_the_row_buttons_follow_the_editors_permissions(client, event):
    group = Group.objects.create(name="Kommentarvakter")
    group.permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(
            codename="change_comment", content_type__app_label="comments"
        ),
    )
    moderator = UserFactory(email="vakt@example.org")
    moderator.groups.add(group)
    client.force_login(moderator)
    comment = make_comment(event, status=Comment.Status.PENDING)
    row = row_html(client.get(LIST_URL).content.decode(), comment)
    assert buttons(row) == ["publish", "spam"]
    response = client.post(moderate_url(comment), {"action": "delete", "confirm": "1"})
    assert response.status_code in (302, 403)
    assert Comment.objects.filter(pk=comment.pk).exists()


def test_visitors_cannot_use_the_row_buttons(member_client, event):
    comment = make_comment(event, status=Comment.Status.PENDING)
    response = member_client.post(moderate_url(comment), {"action": "publish"})
    assert response.status_code in (302, 403)
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PENDING


def test_the_row_buttons_name_their_key_and_the_shortcuts_are_on_the_screen(
    editor_client, event
):
    comment = make_comment(event, status=Comment.Status.PENDING)
    html = editor_client.get(LIST_URL).content.decode()
    row = row_html(html, comment)
    assert 'data-shortcut="p" aria-keyshortcuts="p"' in row
    assert 'data-shortcut="s" aria-keyshortcuts="s"' in row
    assert 'data-shortcut="d" aria-keyshortcuts="d"' in row
    assert (
        'tabindex="-1"'
        in html.split(f'data-comment-row="{comment.pk}"')[0][-200:]
        + (html.split(f'data-comment-row="{comment.pk}"')[1][:200])
    )
    assert "Keyboard shortcuts for the moderation queue" in html
    assert "data-comments-shortcuts" in html
    for text in (
        "Next / previous comment",
        "Publish",
        "Mark as spam",
        "Delete (asks first)",
        "They work when no text field is in use",
    ):
        assert text in html
    assert "/static/js/comments-admin.js" in html
    assert "/static/css/comments-admin.css" in html


def test_the_shortcuts_are_off_when_the_editor_turned_them_off(
    editor, editor_client, event
):
    profile = UserProfile.get_for_user(editor)
    profile.keyboard_shortcuts = False
    profile.save()
    make_comment(event, status=Comment.Status.PENDING)
    html = editor_client.get(LIST_URL).content.decode()
    assert "data-comments-shortcuts" not in html  # the script binds nothing
    assert "Keyboard shortcuts are off in your account" in html
