"""Owners of comments: a signed-in author deletes their own (replies stay
under "comment deleted"), a commenter without an account deletes through the
link in their mail, and my page lists a member's comments."""

import pytest
from django.conf import settings
from django.core import mail

from comments import services, tokens
from comments.models import Comment

from ..factories import UserFactory
from .conftest import make_comment

pytestmark = pytest.mark.django_db


def test_a_signed_in_author_deletes_their_own_comment(member_client, member, event):
    mine = make_comment(event, user=member, comment="Angrer på denne")
    html = member_client.get(event.url).content.decode()
    assert f'href="/kommentarer/{mine.pk}/slett/"' in html
    url = f"/kommentarer/{mine.pk}/slett/"
    assert "Angrer på denne" in member_client.get(url).content.decode()  # asks first
    response = member_client.post(url)
    assert response.status_code == 200
    assert not Comment.objects.filter(pk=mine.pk).exists()


def test_replies_stay_under_comment_deleted(member_client, member, client, event):
    mine = make_comment(event, user=member, comment="Min mening")
    reply = make_comment(event, parent=mine, comment="Et svar til deg")
    member_client.post(f"/kommentarer/{mine.pk}/slett/")
    mine.refresh_from_db()
    assert mine.is_removed
    assert (mine.comment, mine.user_email, mine.author_name, mine.user_id) == (
        "",
        "",
        "",
        None,
    )
    assert mine.ip_address is None
    member_client.logout()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # logout cleared it
    html = client.get(event.url).content.decode()
    assert "Kommentar slettet." in html  # the Norwegian page, in Norwegian
    assert "Min mening" not in html
    assert html.index("Kommentar slettet.") < html.index("Et svar til deg")
    # When the last reply goes, so does the "comment deleted".
    services.delete_comments(Comment.objects.filter(pk=reply.pk))
    assert not Comment.objects.exists()


def test_nobody_else_may_delete_it(client, member, event):
    someone = make_comment(event, comment="Ikke din")
    other = UserFactory(email="annen@example.org")
    client.force_login(other)
    assert client.get(f"/kommentarer/{someone.pk}/slett/").status_code == 404
    assert client.post(f"/kommentarer/{someone.pk}/slett/").status_code == 404
    assert Comment.objects.filter(pk=someone.pk).exists()


def test_deleting_needs_a_sign_in(client, member, event):
    mine = make_comment(event, user=member)
    response = client.post(f"/kommentarer/{mine.pk}/slett/")
    assert response.status_code == 302
    assert "/konto/" in response["Location"]
    assert Comment.objects.filter(pk=mine.pk).exists()


def test_the_link_in_the_mail_deletes_a_comment_without_an_account(
    post, client, event, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        post(event, comment="Skrevet uten konto")
    (message,) = mail.outbox
    path = (
        "/kommentarer/slett/" + message.body.split("/kommentarer/slett/")[1].split()[0]
    )
    assert "Skrevet uten konto" in client.get(path).content.decode()
    assert Comment.objects.exists()  # opening the link deletes nothing
    assert client.post(path).status_code == 200
    assert not Comment.objects.exists()
    assert client.get(path).status_code == 404  # used


def test_a_delete_link_for_another_address_does_nothing(client, event):
    comment = make_comment(event, user_email="ola@example.org")
    forged = tokens.delete_token(comment)
    Comment.objects.filter(pk=comment.pk).update(user_email="ny@example.org")
    assert client.post(f"/kommentarer/slett/{forged}/").status_code == 404
    assert Comment.objects.filter(pk=comment.pk).exists()


def test_my_page_lists_my_comments_with_their_state(member_client, member, event):
    make_comment(event, user=member, comment="Publisert av meg")
    make_comment(
        event, user=member, comment="Venter på svar", status=Comment.Status.PENDING
    )
    make_comment(event, comment="Skrevet av andre")
    html = member_client.get("/konto/meg/").content.decode()
    assert "My comments" in html
    assert "Publisert av meg" in html
    assert "Venter på svar" in html and "Awaiting moderation" in html
    assert "Skrevet av andre" not in html
