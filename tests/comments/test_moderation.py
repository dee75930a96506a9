"""Moderation in Wagtail's admin: the list with its filters, counts, search
and page column; bulk actions; the dashboard panel and menu badge; comments
on or off per page; and the daily digest."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.core import mail

from comments import services
from comments.models import Comment, CommentSettings, PageCommentSettings

from ..factories import UserFactory
from .conftest import make_comment

pytestmark = pytest.mark.django_db

LIST_URL = "/admin/comments/comment/"
BULK_URL = "/admin/comments/bulk/"


@pytest.fixture
def comments(event, article):
    return {
        "waiting": make_comment(
            event,
            comment="Venter på lesing",
            status=Comment.Status.PENDING,
            spam_verdict=Comment.Verdict.UNCHECKED,
        ),
        "published": make_comment(article, comment="Allerede publisert"),
        "spam": make_comment(
            event,
            comment="Billige klokker",
            status=Comment.Status.SPAM,
            spam_verdict=Comment.Verdict.SPAM,
        ),
        "removed": make_comment(
            event, comment="Tatt ned", status=Comment.Status.REMOVED
        ),
    }


def test_the_list_shows_states_counts_and_pages_at_a_glance(editor_client, comments):
    html = editor_client.get(LIST_URL).content.decode()
    for text in ("Venter på lesing", "Allerede publisert", "Billige klokker"):
        assert text in html
    assert "Vårkonsert" in html and "Nytt flygel" in html  # the page column
    assert "Awaiting moderation (1)" in html
    assert "Published (1)" in html
    assert "Spam (1)" in html
    assert "Removed (1)" in html
    assert "Not checked by Akismet (1)" in html
    assert "not checked by Akismet" in html  # on the row
    assert 'name="ids"' in html and 'form="comments-bulk"' in html
    assert "Akismet is not configured" in html


@pytest.mark.parametrize(
    ("state", "shown", "hidden"),
    [
        ("awaiting", "Venter på lesing", "Allerede publisert"),
        ("published", "Allerede publisert", "Venter på lesing"),
        ("spam", "Billige klokker", "Venter på lesing"),
        ("removed", "Tatt ned", "Billige klokker"),
        ("not_checked", "Venter på lesing", "Tatt ned"),
    ],
)
def test_filters(editor_client, comments, state, shown, hidden):
    html = editor_client.get(LIST_URL, {"state": state}).content.decode()
    table = html[html.index("<table") :]
    assert shown in table
    assert hidden not in table


@pytest.mark.parametrize("query", ["klokker", "Ola Hansen", "ola@example.org"])
def test_search_by_text_author_or_address(editor_client, comments, query):
    make_comment(
        comments["published"].page,
        comment="Noe helt annet",
        author_name="Per",
        user_email="per@example.org",
    )
    html = editor_client.get(LIST_URL, {"q": query}).content.decode()
    table = html[html.index("<table") :]
    assert "Billige klokker" in table
    assert "Noe helt annet" not in table


def test_a_pages_comments_are_listed_from_its_comments_screen(
    editor_client, comments, event
):
    html = editor_client.get(f"/admin/comments/page/{event.pk}/").content.decode()
    assert "Allow comments on this page" in html
    assert f"{LIST_URL}?page__id__exact={event.pk}" in html
    listing = editor_client.get(LIST_URL, {"page__id__exact": event.pk})
    table = listing.content.decode()
    table = table[table.index("<table") :]
    assert "Venter på lesing" in table
    assert "Allerede publisert" not in table


@pytest.mark.parametrize(
    ("action", "key", "status"),
    [
        ("publish", "waiting", Comment.Status.PUBLISHED),
        ("unpublish", "published", Comment.Status.REMOVED),
        ("spam", "published", Comment.Status.SPAM),
        ("not_spam", "spam", Comment.Status.PENDING),
    ],
)
def test_bulk_actions(editor_client, comments, action, key, status):
    comment = comments[key]
    response = editor_client.post(
        BULK_URL, {"action": action, "ids": [comment.pk], "next": LIST_URL}
    )
    assert response.status_code == 302
    assert response["Location"] == LIST_URL
    comment.refresh_from_db()
    assert comment.status == status
    assert comment.moderated_at is not None


def test_bulk_publish_of_several(editor_client, event):
    waiting = [make_comment(event, status=Comment.Status.PENDING) for _ in range(3)]
    editor_client.post(
        BULK_URL, {"action": "publish", "ids": [comment.pk for comment in waiting]}
    )
    assert Comment.objects.published().count() == 3


def test_bulk_delete_asks_first(editor_client, comments):
    comment = comments["spam"]
    response = editor_client.post(BULK_URL, {"action": "delete", "ids": [comment.pk]})
    assert response.status_code == 200
    assert "Billige klokker" in response.content.decode()
    assert Comment.objects.filter(pk=comment.pk).exists()
    editor_client.post(
        BULK_URL, {"action": "delete", "ids": [comment.pk], "confirm": "1"}
    )
    assert not Comment.objects.filter(pk=comment.pk).exists()


def test_an_unknown_action_or_nothing_selected_is_explained(editor_client, comments):
    response = editor_client.post(BULK_URL, {"action": "publish"}, follow=True)
    assert "No comments were selected" in response.content.decode()
    response = editor_client.post(
        BULK_URL, {"action": "hack", "ids": ["1"]}, follow=True
    )
    assert "Choose what to do" in response.content.decode()


def test_an_outside_next_address_is_ignored(editor_client, comments):
    response = editor_client.post(
        BULK_URL,
        {
            "action": "publish",
            "ids": [comments["waiting"].pk],
            "next": "https://evil.example/",
        },
    )
    assert response["Location"] == LIST_URL


def test_moderators_without_delete_permission_cannot_delete(client, comments):
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
    assert client.get(LIST_URL).status_code == 200
    response = client.post(BULK_URL, {"action": "delete", "ids": [comments["spam"].pk]})
    assert response.status_code in (302, 403)  # Wagtail sends it to the dashboard
    assert Comment.objects.filter(pk=comments["spam"].pk).exists()
    client.post(BULK_URL, {"action": "publish", "ids": [comments["waiting"].pk]})
    comments["waiting"].refresh_from_db()
    assert comments["waiting"].status == Comment.Status.PUBLISHED


def test_visitors_cannot_moderate(member_client, comments):
    response = member_client.post(
        BULK_URL, {"action": "publish", "ids": [comments["waiting"].pk]}
    )
    assert response.status_code in (302, 403)
    comments["waiting"].refresh_from_db()
    assert comments["waiting"].status == Comment.Status.PENDING


def test_editors_cannot_write_comments_in_the_admin(editor_client, comments):
    assert editor_client.get("/admin/comments/comment/create/").status_code in (
        403,
        302,
    )


def test_editing_a_comment_changes_only_that_comment(editor_client, event):
    top = make_comment(event, comment="Original")
    reply = make_comment(event, parent=top, status=Comment.Status.PENDING)
    response = editor_client.post(
        f"/admin/comments/comment/edit/{top.pk}/",
        {"author_name": "Ola H.", "user_url": "", "comment": "Rettet tekst"},
    )
    assert response.status_code == 302
    top.refresh_from_db()
    reply.refresh_from_db()
    assert (top.comment, top.status) == ("Rettet tekst", Comment.Status.PUBLISHED)
    assert reply.status == Comment.Status.PENDING  # the library would cascade


def test_the_inspect_view_shows_the_details(editor_client, comments):
    html = editor_client.get(
        f"/admin/comments/comment/inspect/{comments['waiting'].pk}/"
    ).content.decode()
    assert "198.51.100.20" in html
    assert "Venter på lesing" in html


def test_the_dashboard_panel_and_the_menu_badge_count_waiting_comments(
    editor_client, comments
):
    html = editor_client.get("/admin/").content.decode()
    assert "Comments: 1 awaits moderation" in html
    assert "could not be checked by Akismet" in html
    assert "Comments (1)" in html  # the menu item's label


def test_the_page_button_turns_comments_off_and_on(
    editor, event, django_capture_on_commit_callbacks
):
    from django.test import Client

    visitor, editor_client = Client(), Client()
    editor_client.force_login(editor)
    make_comment(event, comment="Synlig")
    assert "Synlig" in visitor.get(event.url).content.decode()
    header = editor_client.get(f"/admin/pages/{event.pk}/edit/").content.decode()
    assert f"/admin/comments/page/{event.pk}/" in header
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(f"/admin/comments/page/{event.pk}/", {})
    assert response.status_code == 302
    assert PageCommentSettings.objects.get(page=event).enabled is False
    assert "Synlig" not in visitor.get(event.url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        editor_client.post(f"/admin/comments/page/{event.pk}/", {"enabled": "on"})
    assert "Synlig" in visitor.get(event.url).content.decode()


def test_pages_that_take_no_comments_have_no_comments_button(editor_client, home_page):
    assert editor_client.get(f"/admin/comments/page/{home_page.pk}/").status_code == 404


def test_the_daily_digest_goes_to_moderators_when_comments_wait(editor, comments):
    UserFactory(email="leser@example.org")  # not a moderator
    assert services.send_moderation_digest() == 1
    (message,) = mail.outbox
    assert message.to == [editor.email]
    assert "/admin/comments/comment/?state=awaiting" in message.body


def test_no_digest_when_nothing_waits_or_when_turned_off(editor, event):
    assert services.send_moderation_digest() == 0
    make_comment(event, status=Comment.Status.PENDING)
    settings = CommentSettings.load()
    settings.daily_digest = False
    settings.save()
    assert services.send_moderation_digest() == 0
    assert mail.outbox == []


def test_publishing_tells_followers_once_with_a_way_to_stop(
    client, event, django_capture_on_commit_callbacks
):
    make_comment(event, user_email="folger@example.org", followup=True, language="en")
    make_comment(event, user_email="stille@example.org", followup=False)
    new = make_comment(event, status=Comment.Status.PENDING, comment="Nytt innlegg")
    with django_capture_on_commit_callbacks(execute=True):
        services.publish_comments(Comment.objects.filter(pk=new.pk))
    (message,) = mail.outbox
    assert message.to == ["folger@example.org"]
    assert "Nytt innlegg" in message.body
    unsubscribe = message.extra_headers["List-Unsubscribe"].strip("<>")
    assert unsubscribe.split("http://testserver")[1] in message.body
    # Publishing again (after unpublishing) tells nobody twice.
    with django_capture_on_commit_callbacks(execute=True):
        services.unpublish_comments(Comment.objects.filter(pk=new.pk))
        services.publish_comments(Comment.objects.filter(pk=new.pk))
    assert len(mail.outbox) == 1
    # The link stops the mails (after a button: mail scanners follow links).
    path = unsubscribe.split("http://testserver")[1]
    assert client.get(path).status_code == 200
    client.post(path)
    assert not Comment.objects.filter(
        user_email="folger@example.org", followup=True
    ).exists()


def test_an_edit_shows_on_the_page_at_once(
    editor_client, client, event, django_capture_on_commit_callbacks
):
    top = make_comment(event, comment="Skrivefeil her")
    client.get(event.url)
    with django_capture_on_commit_callbacks(execute=True):
        editor_client.post(
            f"/admin/comments/comment/edit/{top.pk}/",
            {"author_name": "Ola Hansen", "user_url": "", "comment": "Rettet her"},
        )
    assert "Rettet her" in client.get(event.url).content.decode()


def test_deleting_one_comment_in_the_admin_keeps_its_replies(editor_client, event):
    top = make_comment(event, comment="Slettes")
    make_comment(event, parent=top, comment="Svaret blir")
    editor_client.post(f"/admin/comments/comment/delete/{top.pk}/")
    top.refresh_from_db()
    assert top.is_removed and top.comment == ""
    assert Comment.objects.filter(comment="Svaret blir").exists()


def test_publishing_what_akismet_called_spam_reports_it_as_ham(event, akismet_says):
    caught = make_comment(
        event, status=Comment.Status.SPAM, spam_verdict=Comment.Verdict.SPAM
    )
    calls = akismet_says("ham")
    services.publish_comments(Comment.objects.filter(pk=caught.pk))
    services.report_pending()
    assert [call[0] for call in calls] == ["submit_ham"]
    caught.refresh_from_db()
    assert (caught.status, caught.spam_verdict) == (
        Comment.Status.PUBLISHED,
        Comment.Verdict.HAM,
    )
