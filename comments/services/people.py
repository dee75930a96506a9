"""A person's comments, for the personal-data registry, restriction and my
page: finding them, holding them back, anonymising them."""

from django.db import transaction
from django.db.models import Q

from home.cache import invalidate_page_cache

from ..models import Comment
from .deleting import delete_comments

Status = Comment.Status


def comments_of(subject):
    """A person's comments: written while signed in, or with one of their
    addresses."""
    query = subject.email_q("user_email")
    if subject.user_id is not None:
        query |= Q(user_id=subject.user_id)
    return Comment.objects.filter(query)


def hold_comments_of(subject) -> int:
    """Processing of ``subject``'s data was restricted: their published
    comments go back to waiting (not shown) until an editor publishes them
    again after the restriction is lifted."""
    comments = comments_of(subject).filter(status=Status.PUBLISHED)
    ids = list(comments.values_list("pk", flat=True))
    if not ids:
        return 0
    Comment.objects.filter(pk__in=ids).update(status=Status.PENDING, is_public=False)
    transaction.on_commit(invalidate_page_cache)
    return len(ids)


@transaction.atomic
def anonymise_comments(comments) -> tuple[int, int]:
    """Keep published comments with their text, written by "anonymous":
    nothing left that names the author. Their other comments (waiting,
    spam, removed) are deleted. Returns (anonymised, deleted)."""
    shown = comments.filter(status=Status.PUBLISHED, is_removed=False)
    anonymised = shown.update(
        user=None,
        user_name="",
        user_email="",
        user_url="",
        author_name="",
        ip_address=None,
        user_agent="",
        referrer="",
        followup=False,
    )
    if anonymised:
        transaction.on_commit(invalidate_page_cache)
    deleted, kept = delete_comments(
        comments.exclude(status=Status.PUBLISHED).exclude(is_removed=True)
    )
    return anonymised + kept, deleted


def my_comments(user, limit=50):
    """A signed-in person's latest comments, for my page."""
    return list(
        Comment.objects.filter(user_id=user.pk, is_removed=False)
        .select_related("page")
        .exclude(status=Status.SPAM)
        .order_by("-submit_date")[:limit]
    )
