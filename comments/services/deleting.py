"""Deleting comments (by editors, authors and their links) so that replies
keep their place, and who may delete which."""

from django.db import transaction
from django.db.models import F

from home.cache import invalidate_page_cache

from ..models import Comment
from .pages import is_id
from .reports import forget_reports_of_deleted

Status = Comment.Status


PLACEHOLDER_FIELDS = {
    "user": None,
    "user_name": "",
    "user_email": "",
    "user_url": "",
    "comment": "",
    "ip_address": None,
    "author_name": "",
    "user_agent": "",
    "referrer": "",
    "followup": False,
    "is_removed": True,
}


@transaction.atomic
def delete_comments(comments) -> tuple[int, int]:
    """Delete comments. One that others replied to stays as "comment
    deleted", with nothing of its author or text, so the replies keep their
    place; it goes when its last reply goes. Returns (deleted, kept as
    "comment deleted")."""
    ids = set(comments.values_list("pk", flat=True))
    if not ids:
        return 0, 0
    replied_to = set(
        Comment.objects.filter(parent_id__in=ids)
        .exclude(pk__in=ids)
        .values_list("parent_id", flat=True)
    )
    doomed = ids - replied_to
    parents = (
        set(
            Comment.objects.filter(pk__in=doomed, level__gt=0).values_list(
                "parent_id", flat=True
            )
        )
        - ids
    )
    was_public = Comment.objects.filter(pk__in=ids, status=Status.PUBLISHED).exists()
    Comment.objects.filter(pk__in=doomed).delete()
    kept = Comment.objects.filter(pk__in=replied_to).update(**PLACEHOLDER_FIELDS)
    forget_reports_of_deleted(replied_to)
    # A "comment deleted" whose last reply just went goes too.
    still_replied_to = set(
        Comment.objects.filter(parent_id__in=parents)
        .exclude(pk=F("parent_id"))
        .values_list("parent_id", flat=True)
    )
    Comment.objects.filter(pk__in=parents - still_replied_to, is_removed=True).delete()
    if was_public:
        transaction.on_commit(invalidate_page_cache)
    return len(doomed), kept


def can_delete(user, comment) -> bool:
    """A signed-in author may delete their own comment."""
    return (
        getattr(user, "is_authenticated", False)
        and comment.user_id == user.pk
        and not comment.is_removed
    )


def comment_for_token(comment_id, email):
    """The comment a genuine token names, while it still has that address."""
    if not email or not is_id(comment_id):
        return None
    return (
        Comment.objects.select_related("page")
        .filter(pk=comment_id, user_email__iexact=email, is_removed=False)
        .first()
    )
