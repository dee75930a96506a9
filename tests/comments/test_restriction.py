"""While processing of a person's data is restricted (privacy), their
comments are not published: a new one waits even from a known address, an
editor's "publish" leaves it waiting, and those already shown are taken off
the page to wait."""

import pytest

from comments import services
from comments.models import Comment
from privacy import services as privacy
from privacy.registry import Subject

from .conftest import make_comment

pytestmark = pytest.mark.django_db


def restrict(email):
    return privacy.restrict(Subject.for_email(email), reason="Contests the data.")


def test_a_restricted_known_commenter_waits_for_moderation(
    post, event, article, akismet_says
):
    akismet_says("ham")
    make_comment(article, user_email="kari@example.org")
    restrict("kari@example.org")
    post(event, comment="Nå er jeg her igjen.")
    assert Comment.objects.get(page=event).status == Comment.Status.PENDING


def test_a_restricted_commenter_confirming_their_address_still_waits(
    client, event, article, settings
):
    from comments import tokens

    settings.COMMENTS_CONFIRM_EMAIL = True
    make_comment(article, user_email="kari@example.org")
    comment = make_comment(
        event, status=Comment.Status.UNCONFIRMED, user_email="kari@example.org"
    )
    restrict("kari@example.org")
    client.post(f"/kommentarer/bekreft/{tokens.confirm_token(comment)}/")
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PENDING


def test_an_editor_cannot_publish_a_restricted_persons_comment(event):
    waiting = make_comment(
        event, status=Comment.Status.PENDING, user_email="kari@example.org"
    )
    other = make_comment(event, status=Comment.Status.PENDING)
    restrict("kari@example.org")
    published = services.publish_comments(Comment.objects.filter(page=event))
    assert published == 1
    waiting.refresh_from_db()
    other.refresh_from_db()
    assert (waiting.status, other.status) == (
        Comment.Status.PENDING,
        Comment.Status.PUBLISHED,
    )


def test_restricting_takes_shown_comments_off_the_page(
    client, event, member, django_capture_on_commit_callbacks
):
    shown = make_comment(
        event, user=member, user_email="kari@example.org", comment="Mitt innlegg."
    )
    assert "Mitt innlegg." in client.get(event.url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        privacy.restrict(Subject.for_user(member), reason="Asked on the phone.")
    shown.refresh_from_db()
    assert shown.status == Comment.Status.PENDING
    assert "Mitt innlegg." not in client.get(event.url).content.decode()


def test_after_the_restriction_is_lifted_an_editor_can_publish_again(event, member):
    comment = make_comment(
        event, status=Comment.Status.PENDING, user_email="kari@example.org"
    )
    restriction = restrict("kari@example.org")
    privacy.lift_restriction(restriction, reason="Checked.", editor=member)
    assert services.publish_comments(Comment.objects.filter(pk=comment.pk)) == 1
