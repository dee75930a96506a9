"""Reading a page's thread: the comments shown, in threads two levels deep,
and where a reply goes."""

import dataclasses
import hashlib

from django.db.models import Q

from ..models import Comment
from .pages import is_id

Status = Comment.Status


GRAVATAR_URL = "https://www.gravatar.com/avatar/{}?s=48&d=mp"


# What a page's thread reads of each comment.
THREAD_FIELDS = (
    "id",
    "thread_id",
    "parent_id",
    "level",
    "order",
    "author_name",
    "user_url",
    "user_email",
    "user_id",
    "comment",
    "submit_date",
    "is_removed",
    "status",
)


@dataclasses.dataclass
class Thread:
    """A comment and the replies to it, oldest first."""

    comment: Comment
    replies: list


def gravatar_url(email: str) -> str:
    """Gravatar's picture for ``email``, by the SHA-256 of the address as
    Gravatar asks for it (trimmed, lower case)."""
    digest = hashlib.sha256(email.strip().lower().encode("utf-8")).hexdigest()
    return GRAVATAR_URL.format(digest)


def thread_for_page(page, *, user=None, with_avatars=False) -> list[Thread]:
    """The page's published comments as threads, oldest first, in one
    query. A signed-in author also sees their own comments that await
    moderation. Replies to a comment that is not shown are not shown either;
    a deleted comment shows (as "comment deleted") only while replies hang on
    it."""
    visible = Q(status=Status.PUBLISHED)
    if user is not None and user.is_authenticated:
        visible |= Q(user_id=user.pk, status=Status.PENDING, is_removed=False)
    rows = (
        Comment.objects.for_page(page.pk)
        .filter(visible)
        .only(*THREAD_FIELDS)
        .order_by("thread_id", "order", "pk")
    )
    threads: dict[int, Thread] = {}
    for comment in rows:
        comment.avatar_url = (
            gravatar_url(comment.user_email)
            if with_avatars and comment.user_email and not comment.is_removed
            else ""
        )
        if comment.level == 0:
            threads[comment.pk] = Thread(comment, [])
        elif comment.thread_id in threads:
            threads[comment.thread_id].replies.append(comment)
    return [
        thread
        for thread in threads.values()
        if not thread.comment.is_removed or thread.replies
    ]


def has_own_comments(page, user) -> bool:
    """Whether ``user`` has a comment on ``page`` that the thread shows them
    differently from everyone else (awaiting moderation, or with a delete
    link): any of theirs not deleted."""
    if not getattr(user, "is_authenticated", False):
        return False
    return (
        Comment.objects.for_page(page.pk)
        .filter(user_id=user.pk, is_removed=False)
        .exists()
    )


def count_shown(threads) -> int:
    """Published comments in ``threads`` (not "deleted" ones, not the
    author's own awaiting ones)."""
    return sum(
        (not thread.comment.is_removed and thread.comment.is_visible)
        + sum(reply.is_visible and not reply.is_removed for reply in thread.replies)
        for thread in threads
    )


def reply_target(page, comment_id):
    """The shown comment on ``page`` a reply to ``comment_id`` goes under:
    the comment itself, or for a reply to a reply, the top of its thread
    (threads are two levels deep). None when there is no such comment."""
    if not comment_id or not is_id(comment_id):
        return None
    shown = Comment.objects.for_page(page.pk).filter(
        status=Status.PUBLISHED, is_removed=False
    )
    comment = shown.filter(pk=comment_id).only("id", "thread_id", "level").first()
    if comment is not None and comment.level > 0:
        comment = (
            shown.filter(pk=comment.thread_id).only("id", "thread_id", "level").first()
        )
    return comment
