"""An event page renders in the same number of queries with 500 comments as
with 5, and in at most 15 for the whole page; the admin list too."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from comments import services
from comments.models import CommentSettings
from home.cache import invalidate_page_cache

from .conftest import make_comment

pytestmark = pytest.mark.django_db

BUDGET = 15


def add_comments(page, count):
    """``count`` published comments, every third with a reply; then a new
    cache generation, as publishing through the services starts."""
    made = 0
    while made < count:
        top = make_comment(page, comment=f"Kommentar {made} https://example.org")
        made += 1
        if made % 3 == 0 and made < count:
            make_comment(page, parent=top, comment=f"Svar {made}")
            made += 1
    invalidate_page_cache()


def count_queries(client, url):
    client.get(url)  # warm-up: Wagtail caches the site's root paths
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response.content.decode()


@pytest.mark.parametrize("gravatar", [False, True])
def test_comment_queries_do_not_grow_with_the_number_of_comments(
    client, settings, event, gravatar
):
    settings.PAGE_CACHE_SECONDS = 0
    comment_settings = CommentSettings.load()
    comment_settings.show_gravatar = gravatar
    comment_settings.save()
    add_comments(event, 5)
    few, html = count_queries(client, event.url)
    assert html.count('<article class="comment') == 5
    add_comments(event, 495)
    many, html = count_queries(client, event.url)
    assert html.count('<article class="comment') == 500
    assert few == many
    assert many <= BUDGET
    assert ("gravatar.com/avatar/" in html) is gravatar


@pytest.mark.parametrize("own", [False, True])
def test_a_signed_in_reader_costs_no_query_per_comment(
    member_client, member, settings, event, own
):
    """Signed in, with no page cache: whether the section is the kept one or
    rendered afresh (the reader has a comment of their own here), the
    queries do not grow with the thread."""
    settings.PAGE_CACHE_SECONDS = 0
    add_comments(event, 5)
    if own:
        make_comment(event, comment="Min egen", user=member)
    few, html = count_queries(member_client, event.url)
    assert html.count('<article class="comment') == 5 + own
    assert ('class="comment__delete"' in html) is own
    add_comments(event, 495)
    many, html = count_queries(member_client, event.url)
    assert html.count('<article class="comment') == 500 + own
    assert few == many
    assert many <= BUDGET


@pytest.mark.parametrize("count", [5, 500])
def test_a_thread_is_one_query(event, django_assert_num_queries, count):
    add_comments(event, count)
    with django_assert_num_queries(1):
        threads = services.thread_for_page(event, with_avatars=True)
    assert sum(1 + len(thread.replies) for thread in threads) == count


def test_the_moderation_list_does_not_grow_with_its_rows(editor_client, event, article):
    url = "/admin/comments/comment/"
    add_comments(event, 5)
    few, _html = count_queries(editor_client, url)
    add_comments(article, 45)
    many, _html = count_queries(editor_client, url)
    assert few == many


def report_all(page, reporters):
    """Every published comment on ``page`` reported, with a reason: every
    other one by all of ``reporters``, the rest by the first only."""
    from comments.models import Comment

    comments = Comment.objects.filter(page=page, status="published").order_by("pk")
    for number, comment in enumerate(list(comments)):
        for reporter in reporters if number % 2 == 0 else reporters[:1]:
            services.report_comment(comment, reporter, reason="spam", details="Reklame")


@pytest.mark.parametrize("state", ["", "reported", "awaiting"])
def test_the_moderation_list_with_reports_does_not_grow_with_its_rows(
    editor_client, settings, event, article, state
):
    """Reports, their reasons, the row buttons and the counts cost the same
    for 5 comments as for 50 (one page of the list)."""
    from tests.factories import UserFactory

    settings.COMMENTS_REPORTS_TO_HIDE = 2  # some hidden, some still shown
    reporters = [UserFactory(email=f"leser{n}@example.org") for n in range(2)]
    url = "/admin/comments/comment/" + (f"?state={state}" if state else "")
    add_comments(event, 5)
    report_all(event, reporters)
    few, html = count_queries(editor_client, url)
    assert html.count("data-comment-row=") >= 3
    add_comments(article, 45)
    report_all(article, reporters)
    many, html = count_queries(editor_client, url)
    assert html.count("data-comment-row=") >= 25
    if state != "awaiting":
        assert "Reported by 1 visitor" in html and "Keep published" in html
    if state != "reported":
        assert "Hidden after reports" in html
    assert few == many
    assert many <= 30
