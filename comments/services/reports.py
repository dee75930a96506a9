"""Visitors reporting comments ("Rapporter"). A report is django-comments'
own removal-suggestion flag (``CommentFlag.SUGGEST_REMOVAL``, one per account
and comment: the table's unique key), with the visitor's reason beside it in
``ReportReason``. Reports count until an editor decides on the comment
(``moderated_at``): a comment reported by COMMENTS_REPORTS_TO_HIDE different
visitors since then is hidden until an editor publishes it again (which
clears the reports) or removes it."""

import dataclasses
import datetime

from django.db import transaction
from django.db.models import Count, Exists, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django_comments.models import CommentFlag
from django_comments.signals import comment_was_flagged
from wagtail.models import Page

from home.cache import invalidate_page_cache
from privacy import throttle

from ..conf import conf
from ..models import Comment, ReportReason
from .pages import is_id, takes_comments

Status = Comment.Status
REPORT = CommentFlag.SUGGEST_REMOVAL
# Before any editor decided on a comment, every report counts.
NEVER = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)


def reports():
    """Every report (removal suggestion) of any comment."""
    return CommentFlag.objects.filter(flag=REPORT)


def reports_of_comment(comment_id, *, since=None):
    """The reports of one comment made after ``since`` (the editor's last
    decision; None: all of them)."""
    return reports().filter(comment_id=comment_id, flag_date__gt=since or NEVER)


def open_reports_of_outer_comment():
    """The reports of the comment ``OuterRef("pk")`` made since an editor
    last decided on it: for subqueries over comments."""
    return reports().filter(
        comment_id=OuterRef("pk"),
        flag_date__gt=Coalesce(OuterRef("moderated_at"), Value(NEVER)),
    )


def with_open_reports(comments):
    """``comments`` with ``open_reports``: how many visitors reported each
    since an editor last decided on it (one subquery, no query per row)."""
    counted = (
        open_reports_of_outer_comment()
        .order_by()
        .values("comment_id")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return comments.annotate(
        open_reports=Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))
    )


def reported_q() -> Q:
    """Comments with reports an editor has not decided on yet (a comment
    deleted but kept for its replies has nothing left to judge)."""
    return Q(Exists(open_reports_of_outer_comment())) & Q(is_removed=False)


def reportable_comment(comment_id):
    """The comment ``comment_id`` if visitors may report it: published, not
    deleted, on a live public page that takes comments. None otherwise, so a
    forged or stale id learns nothing about comments that are not shown."""
    if not is_id(comment_id):
        return None
    comment = (
        Comment.objects.select_related("page")
        .filter(pk=comment_id, status=Status.PUBLISHED, is_removed=False)
        .first()
    )
    if comment is None:
        return None
    page = Page.objects.live().public().filter(pk=comment.page_id).first()
    if page is None or not takes_comments(page):
        return None
    return comment


def has_reported(user, comment) -> bool:
    return reports().filter(comment_id=comment.pk, user_id=user.pk).exists()


def allow_report_from(user, ip: str) -> bool:
    """Count one report from this account and this IP address; whether both
    are within COMMENTS_REPORT_RATE_LIMIT per COMMENTS_REPORT_RATE_WINDOW
    seconds."""
    limit = conf.REPORT_RATE_LIMIT
    window = conf.REPORT_RATE_WINDOW
    by_account = throttle.allow(
        "comments-report-user", str(user.pk), limit=limit, window=window
    )
    by_ip = throttle.allow(
        "comments-report-ip", ip or "unknown", limit=limit, window=window
    )
    return by_account and by_ip


@dataclasses.dataclass(frozen=True)
class Reported:
    """What a report did: whether it was new (a second one from the same
    account changes nothing), and whether the comment is now hidden."""

    created: bool
    hidden: bool


@transaction.atomic
def report_comment(comment, user, *, reason, details="", request=None) -> Reported:
    """Record ``user``'s report of ``comment`` with its reason, once; hide
    the comment when enough visitors have reported it. The comment's row is
    locked so that reports arriving together are counted together. Sends
    django-comments' ``comment_was_flagged`` as its own flag view does."""
    locked = (
        Comment.objects.select_for_update(of=("self",))
        .filter(pk=comment.pk)
        .values_list("moderated_at", flat=True)
    )
    moderated_at = locked.first()
    flag, created = CommentFlag.objects.get_or_create(
        comment_id=comment.pk, user=user, flag=REPORT
    )
    if not created:
        return Reported(created=False, hidden=False)
    ReportReason.objects.create(flag=flag, reason=reason, details=details)
    comment_was_flagged.send(
        sender=Comment,
        comment=comment,
        flag=flag,
        created=created,
        request=request,
    )
    count = (
        reports()
        .filter(comment_id=comment.pk, flag_date__gt=moderated_at or NEVER)
        .count()
    )
    threshold = conf.REPORTS_TO_HIDE
    hidden = False
    if threshold and count >= threshold:
        hidden = bool(
            Comment.objects.filter(pk=comment.pk, status=Status.PUBLISHED).update(
                status=Status.PENDING, is_public=False
            )
        )
        if hidden:
            transaction.on_commit(invalidate_page_cache)
    return Reported(created=True, hidden=hidden)


def dismiss_reports(comments) -> int:
    """An editor read the reports of published comments and keeps them
    shown: the reports so far stop counting."""
    ids = list(
        comments.filter(status=Status.PUBLISHED)
        .filter(reported_q())
        .values_list("pk", flat=True)
    )
    return Comment.objects.filter(pk__in=ids).update(moderated_at=timezone.now())


def reports_of(subject):
    """The reports a person made (only accounts can report)."""
    if subject.user_id is None:
        return reports().none()
    return reports().filter(user_id=subject.user_id)


def forget_reports_of_deleted(ids) -> int:
    """Comments deleted but kept for their replies have nothing left to
    judge: their reports (and the reasons given) go."""
    deleted, _counts = reports().filter(comment_id__in=ids).delete()
    return deleted
