"""The demo site has a few comments: published ones with replies on the first
events and an article, and one awaiting moderation; a second run adds
nothing."""

import pytest
from django.utils import timezone

from comments.demo_content import AFTER, ARTICLE, AWAITING, BEFORE
from comments.models import Comment
from events.models import EventPage
from home.models import ArticlePage

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def demo(demo_site_data):
    """The demo content (seeded once, tests/conftest.py)."""
    return demo_site_data


def test_the_demo_has_conversations_and_one_comment_awaiting_moderation(client):
    comments = Comment.objects.select_related("page")
    assert comments.published().count() >= 9
    assert comments.filter(status=Comment.Status.PENDING).count() == 1
    assert comments.filter(level=1).exists()
    pages = {comment.page.specific_class.__name__ for comment in comments}
    assert pages == {"EventPage", "ArticlePage"}
    shown = comments.published().filter(level=0).first()
    html = client.get(shown.page.url).content.decode()
    assert shown.author_name in html


def test_a_second_run_adds_no_comments(demo):
    assert demo.counts_after_first["comments.Comment"] > 0
    assert (
        demo.counts_after_second["comments.Comment"]
        == demo.counts_after_first["comments.Comment"]
    )


def test_demo_comments_fit_their_events_dates_and_never_repeat_on_a_page():
    before = {voice[2] for voice in BEFORE} | {AWAITING["before"][2]}
    after = {voice[2] for voice in AFTER} | {AWAITING["after"][2]}
    checked = 0
    for page in EventPage.objects.filter(pk__in=Comment.objects.values("page_id")):
        first = page.performances.order_by("start").first().start
        texts = list(
            Comment.objects.filter(page=page, level=0).values_list(
                "comment", "submit_date"
            )
        )
        assert len({text for text, _ in texts}) == len(texts), page.title
        for text, written in texts:
            checked += 1
            assert written <= timezone.now()
            if text in after:
                assert written > first, (page.title, text)
            else:
                assert text in before
                assert written <= first, (page.title, text)
    assert checked >= 6


def test_demo_comments_on_an_article_speak_of_it_and_come_after_it():
    written = {voice[2] for voice in ARTICLE}
    articles = ArticlePage.objects.filter(pk__in=Comment.objects.values("page_id"))
    assert articles
    for article in articles:
        comments = Comment.objects.filter(page=article, level=0)
        assert comments
        for comment in comments:
            assert comment.comment in written
            assert article.first_published_at < comment.submit_date
            assert comment.submit_date <= timezone.now()
