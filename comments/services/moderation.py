"""Editors' decisions on comments: publish, unpublish, spam and not spam.
Akismet hears of the decisions that correct it."""

from django.db import transaction
from django.utils import timezone

from home.cache import invalidate_page_cache

from ..models import Comment
from .followups import announce_published
from .spam_checks import report_on_commit, restricted_authors_q

Status = Comment.Status
Verdict = Comment.Verdict


def _moderate(comments, status, **extra):
    now = timezone.now()
    ids = list(comments.values_list("pk", flat=True))
    was_public = Comment.objects.filter(pk__in=ids, status=Status.PUBLISHED).exists()
    Comment.objects.filter(pk__in=ids).update(
        status=status, is_public=status == Status.PUBLISHED, moderated_at=now, **extra
    )
    if was_public or status == Status.PUBLISHED:
        transaction.on_commit(invalidate_page_cache)
    return ids


@transaction.atomic
def publish_comments(comments) -> int:
    """Publish: shown on the page; followers hear of it once. Akismet hears
    of those it called spam. Comments of authors whose processing is
    restricted are left waiting."""
    comments = comments.exclude(status=Status.PUBLISHED).exclude(restricted_authors_q())
    false_positives = list(
        comments.filter(spam_verdict__in=[Verdict.SPAM, Verdict.DISCARD]).values_list(
            "pk", flat=True
        )
    )
    ids = _moderate(comments, Status.PUBLISHED)
    Comment.objects.filter(pk__in=false_positives).update(
        spam_verdict=Verdict.HAM, akismet_report=Comment.Report.HAM
    )
    report_on_commit(false_positives)
    announce_published(ids)
    return len(ids)


@transaction.atomic
def unpublish_comments(comments) -> int:
    """Take published comments off the page (kept as removed)."""
    return len(_moderate(comments.filter(status=Status.PUBLISHED), Status.REMOVED))


@transaction.atomic
def mark_spam(comments) -> int:
    """Spam: never shown, deleted after COMMENTS_SPAM_RETENTION_DAYS; Akismet
    hears of those it did not call spam itself."""
    comments = comments.exclude(status=Status.SPAM)
    to_report = list(
        comments.exclude(spam_verdict__in=[Verdict.SPAM, Verdict.DISCARD]).values_list(
            "pk", flat=True
        )
    )
    ids = _moderate(comments, Status.SPAM)
    Comment.objects.filter(pk__in=to_report).update(akismet_report=Comment.Report.SPAM)
    report_on_commit(to_report)
    return len(ids)


@transaction.atomic
def mark_not_spam(comments) -> int:
    """Not spam: back among those awaiting moderation; Akismet hears of
    those it called spam."""
    comments = comments.filter(status=Status.SPAM)
    to_report = list(
        comments.filter(spam_verdict__in=[Verdict.SPAM, Verdict.DISCARD]).values_list(
            "pk", flat=True
        )
    )
    ids = _moderate(comments, Status.PENDING, spam_verdict=Verdict.HAM)
    Comment.objects.filter(pk__in=to_report).update(akismet_report=Comment.Report.HAM)
    report_on_commit(to_report)
    return len(ids)
