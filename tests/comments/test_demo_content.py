"""The demo site has a few comments: published ones with replies on the first
events and an article, and one awaiting moderation; a second run adds
nothing."""

import io

import pytest
from django.core.management import call_command

from comments.models import Comment

pytestmark = pytest.mark.django_db


def seed():
    call_command("seed_demo", events=6, stdout=io.StringIO())


def test_the_demo_has_conversations_and_one_comment_awaiting_moderation(client):
    seed()
    comments = Comment.objects.select_related("page")
    assert comments.published().count() >= 9
    assert comments.filter(status=Comment.Status.PENDING).count() == 1
    assert comments.filter(level=1).exists()
    pages = {comment.page.specific_class.__name__ for comment in comments}
    assert pages == {"EventPage", "ArticlePage"}
    shown = comments.published().filter(level=0).first()
    html = client.get(shown.page.url).content.decode()
    assert shown.author_name in html


def test_a_second_run_adds_no_comments():
    seed()
    count = Comment.objects.count()
    seed()
    assert Comment.objects.count() == count
