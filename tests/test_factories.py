"""The shared factories (tests/factories.py) make what their names promise,
so that tests in every folder can build on them."""

import pytest

from comments.models import Comment
from newsletter.models import Subscriber
from tickets.models import Order

from .factories import (
    PASSWORD,
    CommentFactory,
    EditorFactory,
    IssueFactory,
    OrderFactory,
    PerformanceFactory,
    StandardPageFactory,
    SubscriberFactory,
)

pytestmark = pytest.mark.django_db


def test_an_editor_may_do_everything_and_has_the_shared_password():
    editor = EditorFactory()
    assert editor.is_staff and editor.is_superuser
    assert editor.check_password(PASSWORD)


def test_a_comment_and_its_reply_are_published_in_one_thread(home_page):
    page = StandardPageFactory(parent=home_page)
    comment = CommentFactory(page=page)
    reply = CommentFactory(page=page, parent=comment, comment="Enig!")
    hidden = CommentFactory(page=page, status=Comment.Status.PENDING)

    assert set(Comment.objects.published().filter(page=page)) == {comment, reply}
    assert reply.parent_id == comment.pk and reply.thread_id == comment.thread_id
    assert not hidden.is_public


def test_an_order_for_a_performance_carries_its_title_and_time(event_index):
    performance = PerformanceFactory(event__parent=event_index)
    order = OrderFactory(performance=performance)
    detached = OrderFactory()

    order.refresh_from_db()
    assert (order.event_title, order.performance_start) == (
        performance.event.title,
        performance.start,
    )
    assert order.status == Order.Status.PAID and order.paid_at
    assert detached.performance is None and detached.number != order.number


def test_subscribers_are_confirmed_unless_said_otherwise():
    SubscriberFactory()
    SubscriberFactory(confirmed_at=None)
    assert Subscriber.objects.filter(confirmed_at__isnull=False).count() == 1


def test_an_issue_is_in_norwegian_with_a_heading_and_a_text():
    issue = IssueFactory()
    assert [block.block_type for block in issue.body] == ["heading", "text"]
    assert issue.language == "nb"
