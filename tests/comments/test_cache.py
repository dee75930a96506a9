"""The anonymous page cache keeps serving pages with comments, and shows a
change as soon as a comment appears or goes."""

import pytest

from comments import services
from comments.models import Comment

from .conftest import make_comment

pytestmark = pytest.mark.django_db


def test_an_event_with_comments_is_served_from_the_cache(client, event):
    make_comment(event, comment="Synlig kommentar")
    first = client.get(event.url)
    assert first["X-Page-Cache"] == "miss"
    assert not first.cookies.get("csrftoken")
    second = client.get(event.url)
    assert second["X-Page-Cache"] == "hit"
    assert "Synlig kommentar" in second.content.decode()


def test_an_article_with_comments_is_served_from_the_cache(client, article):
    make_comment(article)
    client.get(article.url)
    assert client.get(article.url)["X-Page-Cache"] == "hit"


def test_publishing_a_comment_shows_it_at_once(
    client, event, django_capture_on_commit_callbacks
):
    waiting = make_comment(
        event, comment="Ventet på redaktør", status=Comment.Status.PENDING
    )
    client.get(event.url)
    assert client.get(event.url)["X-Page-Cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        services.publish_comments(Comment.objects.filter(pk=waiting.pk))
    response = client.get(event.url)
    assert response["X-Page-Cache"] == "miss"
    assert "Ventet på redaktør" in response.content.decode()


@pytest.mark.parametrize(
    "action",
    [services.unpublish_comments, services.mark_spam, services.delete_comments],
)
def test_a_comment_that_goes_goes_at_once(
    client, event, django_capture_on_commit_callbacks, action
):
    shown = make_comment(event, comment="Snart borte")
    client.get(event.url)
    with django_capture_on_commit_callbacks(execute=True):
        action(Comment.objects.filter(pk=shown.pk))
    assert "Snart borte" not in client.get(event.url).content.decode()


def test_a_comment_published_at_once_is_on_the_fresh_page(
    client, post, event, article, akismet_says, django_capture_on_commit_callbacks
):
    akismet_says("ham")
    make_comment(article, user_email="kari@example.org")
    client.get(event.url)
    with django_capture_on_commit_callbacks(execute=True):
        response = post(event, comment="Rett på siden")
    page = client.get(response["Location"].split("#")[0])
    assert "Rett på siden" in page.content.decode()


def test_a_signed_in_author_sees_their_waiting_comment_and_others_do_not(
    client, member_client, member, event
):
    make_comment(
        event, comment="Min ventende", status=Comment.Status.PENDING, user=member
    )
    html = member_client.get(event.url).content.decode()
    assert "Min ventende" in html
    # The Norwegian page speaks Norwegian, whatever the visitor chose.
    assert "Kommentaren din venter på moderering" in html
    assert "X-Page-Cache" not in member_client.get(event.url)
    member_client.logout()
    member_client.cookies.pop("sessionid", None)
    assert "Min ventende" not in member_client.get(event.url).content.decode()
