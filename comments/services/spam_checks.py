"""Akismet's verdicts and the rules that follow from them: what a checked
comment becomes, rechecks of those Akismet could not check, the editors'
reports of its mistakes, and what editors are told when it is not
checking."""

import datetime
import functools

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext

from privacy.registry import Subject
from privacy.services import held_q, is_restricted

from .. import spam, tasks
from ..conf import conf
from ..models import Comment
from ..text import count_links
from .followups import announce_published

Status = Comment.Status
Verdict = Comment.Verdict


def status_after_check(
    verdict, *, links: int, known_author: bool, restricted: bool = False
) -> str:
    """The rules: spam (and blatant spam) stays spam; not spam from an
    address with an earlier published comment, with at most
    COMMENTS_MAX_LINKS links, is published; everything else waits for an
    editor (also when Akismet could not say, and while processing of the
    author's data is restricted)."""
    if verdict in (Verdict.SPAM, Verdict.DISCARD):
        return Status.SPAM
    if (
        verdict == Verdict.HAM
        and known_author
        and links <= conf.MAX_LINKS
        and not restricted
    ):
        return Status.PUBLISHED
    return Status.PENDING


def author_restricted(comment) -> bool:
    """Whether processing is restricted for the comment's author (by their
    account or address): their comments wait, unpublished."""
    emails = frozenset({comment.user_email}) if comment.user_email else frozenset()
    if comment.user_id is None and not emails:
        return False
    return is_restricted(Subject(user=comment.user, emails=emails))


def restricted_authors_q() -> Q:
    """Comments whose author's processing is restricted."""
    return held_q(user_field="user_id", email_field="user_email")


def is_known_author(comment) -> bool:
    """Whether the comment's address has another published comment."""
    if not comment.user_email:
        return False
    return (
        Comment.objects.published()
        .filter(user_email__iexact=comment.user_email, is_removed=False)
        .exclude(pk=comment.pk)
        .exists()
    )


def _next_check_due(check, now):
    if check.key_invalid:
        return now + datetime.timedelta(hours=conf.RECHECK_INVALID_KEY_HOURS)
    if check.error == spam.NOT_CONFIGURED:
        return None
    return now + datetime.timedelta(minutes=conf.RECHECK_MINUTES)


def apply_check(comment, check: spam.Check, now=None) -> str:
    """Record what Akismet said about ``comment`` and move it on by the
    rules: a comment still unconfirmed stays so unless it is spam; one an
    editor has already decided on keeps that decision. Returns its
    status."""
    now = now or timezone.now()
    fields = {"spam_verdict": check.verdict, "spam_check_error": check.error}
    if check.checked:
        fields.update(spam_checked_at=now, spam_check_due_at=None)
    else:
        fields["spam_check_due_at"] = _next_check_due(check, now)
    status = comment.status
    if comment.moderated_at is None and status in (Status.UNCONFIRMED, Status.PENDING):
        decided = status_after_check(
            check.verdict,
            links=count_links(comment.comment),
            known_author=is_known_author(comment),
            restricted=author_restricted(comment),
        )
        if decided == Status.SPAM or status == Status.PENDING:
            status = decided
    fields["status"] = status
    fields["is_public"] = status == Status.PUBLISHED
    if status == Status.SPAM:
        fields["message_due"] = ""
    Comment.objects.filter(pk=comment.pk).update(**fields)
    if status == Status.PUBLISHED and comment.status != Status.PUBLISHED:
        announce_published([comment.pk])
    comment.status = status
    return status


def recheck_comments(now=None, limit=100) -> int:
    """Check again the waiting comments Akismet could not check, up to
    COMMENTS_RECHECK_DAYS old and due (every COMMENTS_RECHECK_MINUTES; every
    COMMENTS_RECHECK_INVALID_KEY_HOURS while the key is invalid). Stops at
    the first failure, as Akismet is then down for all of them. Returns how
    many got a verdict."""
    if not spam.is_configured():
        return 0
    now = now or timezone.now()
    due = (
        Comment.objects.not_checked()
        .filter(submit_date__gte=now - datetime.timedelta(days=conf.RECHECK_DAYS))
        .filter(Q(spam_check_due_at__isnull=True) | Q(spam_check_due_at__lte=now))
        .select_related("page")
        .order_by("submit_date")
    )
    checked = 0
    for comment in due[:limit]:
        result = spam.check(comment, recheck=True)
        if not result.checked:
            due.update(
                spam_check_due_at=_next_check_due(result, now),
                spam_check_error=result.error,
            )
            break
        apply_check(comment, result, now=now)
        checked += 1
    return checked


def report_pending(ids=None) -> int:
    """Send Akismet the reports editors asked for (spam it missed, ham it
    caught). A report that fails stays for the next try. Returns how many
    went."""
    pending = Comment.objects.exclude(akismet_report="")
    if ids is not None:
        pending = pending.filter(pk__in=ids)
    if not spam.is_configured():
        # Nobody to tell; the editors' decision stands.
        pending.update(akismet_report="")
        return 0
    sent = 0
    for comment in pending.select_related("page").order_by("pk"):
        as_spam = comment.akismet_report == Comment.Report.SPAM
        if not spam.report(comment, as_spam=as_spam):
            break  # Akismet is down: the rest wait for the next try too
        Comment.objects.filter(
            pk=comment.pk, akismet_report=comment.akismet_report
        ).update(akismet_report="")
        sent += 1
    return sent


def report_on_commit(ids):
    if ids:
        transaction.on_commit(
            functools.partial(tasks.report_to_akismet_task.enqueue, ids)
        )


def akismet_problem() -> str:
    """Why Akismet is not checking comments now, for editors, or "" when it
    is: what happened to the latest comment it was asked about."""
    if not spam.is_configured():
        return gettext("Akismet is not configured (no AKISMET_API_KEY).")
    since = timezone.now() - datetime.timedelta(days=conf.RECHECK_DAYS)
    latest = (
        Comment.objects.filter(submit_date__gte=since)
        .exclude(spam_verdict=Verdict.UNCHECKED, spam_check_error="")
        .order_by("-submit_date", "-pk")
        .values_list("spam_verdict", "spam_check_error")
        .first()
    )
    if latest is None or latest[0] != Verdict.UNCHECKED:
        return ""
    if latest[1] == spam.KEY_INVALID:
        return gettext("Akismet says the API key is invalid.")
    return gettext("Akismet could not be reached (%(error)s).") % {"error": latest[1]}
