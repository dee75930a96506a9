"""What the comments app does, as verbs: show a page's thread, take a
comment, check it with Akismet, moderate, delete, notify, purge. Views,
tasks, the admin and the registry call these and stay thin."""

import dataclasses
import datetime
import functools
import hashlib
import ipaddress

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db import transaction
from django.db.models import Count, F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext
from wagtail.models import Page

from home.cache import invalidate_page_cache
from privacy import throttle
from privacy.registry import Subject
from privacy.services import held_q, is_restricted

from . import conf, spam, tasks, tokens
from .forms import MAX_ID
from .mail import send_comment_mail
from .models import Comment, CommentSettings, PageCommentSettings
from .text import count_links

Status = Comment.Status
Verdict = Comment.Verdict

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


# Which pages take comments ---------------------------------------------------


def takes_comments(page) -> bool:
    """Whether pages of this type show comments at all (COMMENTS_PAGE_MODELS)."""
    model = page.specific_class
    if model is None:
        return False
    labels = {label.lower() for label in conf.get("PAGE_MODELS")}
    return model._meta.label_lower in labels


@dataclasses.dataclass(frozen=True)
class CommentsState:
    """Whether a page shows comments (``enabled``) and takes new ones
    (``open``), and until when."""

    enabled: bool
    open: bool
    closes_at: datetime.datetime | None = None


def comments_state(page, now=None) -> CommentsState:
    if not takes_comments(page):
        return CommentsState(enabled=False, open=False)
    site_settings = CommentSettings.current()
    enabled = PageCommentSettings.overrides().get(
        page.pk, site_settings.enabled_by_default
    )
    closes_at = site_settings.closes_at(page)
    is_open = enabled and (closes_at is None or (now or timezone.now()) < closes_at)
    return CommentsState(enabled=enabled, open=is_open, closes_at=closes_at)


def set_page_comments(page, enabled: bool) -> PageCommentSettings:
    """Turn comments on a page on or off (an editor's choice)."""
    page_settings, _created = PageCommentSettings.objects.update_or_create(
        page_id=page.pk, defaults={"enabled": enabled}
    )
    transaction.on_commit(invalidate_page_cache)
    return page_settings


def is_id(value) -> bool:
    """Whether ``value`` can be a row's id (URLs take any digits)."""
    return isinstance(value, int) and 0 < value <= MAX_ID


def commentable_page(page_id):
    """The live, public page ``page_id`` if it takes comments, else None."""
    if not is_id(page_id):
        return None
    page = Page.objects.live().public().filter(pk=page_id).first()
    if page is None or not takes_comments(page):
        return None
    return page.specific


def participation_block_reason(user) -> str:
    """Why this account may not comment ("" when it may): the check the
    accounts app provides, wired in by COMMENTS_PARTICIPATION_CHECK."""
    path = conf.get("PARTICIPATION_CHECK")
    if not path or not getattr(user, "is_authenticated", False):
        return ""
    return str(import_string(path)(user) or "")


# Reading a thread -------------------------------------------------------------


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


# Posting ----------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Sender:
    """Who sent a comment, as the request tells it: for spam checks only."""

    ip: str = ""
    user_agent: str = ""
    referrer: str = ""
    language: str = ""

    @classmethod
    def from_request(cls, request):
        return cls(
            ip=throttle.client_ip(request),
            user_agent=request.META.get("HTTP_USER_AGENT", ""),
            referrer=request.META.get("HTTP_REFERER", ""),
            language=getattr(request, "LANGUAGE_CODE", "") or "",
        )

    @property
    def valid_ip(self):
        try:
            return str(ipaddress.ip_address(self.ip.strip()))
        except ValueError:
            return None


def allow_comment_from(sender: Sender) -> bool:
    """Count one comment from the sender's IP address; whether it is within
    COMMENTS_RATE_LIMIT per COMMENTS_RATE_WINDOW seconds."""
    return throttle.allow(
        "comments-ip",
        sender.ip or "unknown",
        limit=conf.get("RATE_LIMIT"),
        window=conf.get("RATE_WINDOW"),
    )


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
        and links <= conf.get("MAX_LINKS")
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


def needs_confirmation(user) -> bool:
    return bool(conf.get("CONFIRM_EMAIL")) and not getattr(
        user, "is_authenticated", False
    )


def post_comment(*, page, data, user=None, sender: Sender | None = None) -> Comment:
    """Store a comment from a valid ``CommentForm``'s ``cleaned_data`` at
    once (so nothing is lost whatever Akismet does), then check it with
    Akismet (one call) and apply the rules. Mails go out after commit."""
    user = user if getattr(user, "is_authenticated", False) else None
    sender = sender or Sender()
    parent = reply_target(page, data.get("reply_to"))
    confirm = needs_confirmation(user)
    # Owed from the start, so that no crash between here and the mail
    # loses it; spam owes nothing (apply_check clears it).
    message_due = "" if user is not None else ("confirm" if confirm else "receipt")
    comment = Comment(
        content_type_id=page.content_type_id,
        object_pk=str(page.pk),
        site_id=settings.SITE_ID,
        page=page,
        user=user,
        author_name=data["name"],
        user_email=user.email if user is not None else data["email"],
        user_url=data.get("url") or "",
        comment=data["comment"],
        submit_date=timezone.now(),
        ip_address=sender.valid_ip,
        user_agent=sender.user_agent[:500],
        referrer=sender.referrer[:500],
        language=sender.language[:10],
        parent_id=parent.pk if parent is not None else 0,
        followup=bool(data.get("followup")),
        is_public=False,
        status=Status.UNCONFIRMED if confirm else Status.PENDING,
        message_due=message_due,
    )
    comment.save()
    apply_check(comment, spam.check(comment))
    if user is None and comment.status != Status.SPAM:
        mail = "confirm" if comment.status == Status.UNCONFIRMED else "receipt"
        transaction.on_commit(
            functools.partial(tasks.send_comment_mail_task.enqueue, comment.pk, mail)
        )
    return comment


def _next_check_due(check, now):
    if check.key_invalid:
        return now + datetime.timedelta(hours=conf.get("RECHECK_INVALID_KEY_HOURS"))
    if check.error == spam.NOT_CONFIGURED:
        return None
    return now + datetime.timedelta(minutes=conf.get("RECHECK_MINUTES"))


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
        _published([comment.pk])
    comment.status = status
    return status


def posted_url(comment) -> str:
    """Where the sender goes next: to the comment when it is published, else
    to a page saying what happens to it."""
    if comment.status == Status.PUBLISHED:
        return comment.get_absolute_url()
    return reverse("comments:posted", args=[tokens.posted_token(comment)])


def confirm_comment(comment) -> Comment:
    """The commenter confirmed their address: the comment now follows the
    rules with the verdict Akismet gave when it came."""
    if comment.status != Status.UNCONFIRMED:
        return comment
    status = status_after_check(
        comment.spam_verdict,
        links=count_links(comment.comment),
        known_author=is_known_author(comment),
        restricted=author_restricted(comment),
    )
    Comment.objects.filter(pk=comment.pk, status=Status.UNCONFIRMED).update(
        status=status, is_public=status == Status.PUBLISHED
    )
    if status == Status.PUBLISHED:
        _published([comment.pk])
    comment.status = status
    return comment


def _published(ids):
    """After comments became visible: fresh pages, and mail to followers."""
    transaction.on_commit(invalidate_page_cache)
    for pk in ids:
        transaction.on_commit(
            functools.partial(tasks.notify_followers_task.enqueue, pk)
        )


# Rechecks and reports ---------------------------------------------------------


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
        .filter(
            submit_date__gte=now - datetime.timedelta(days=conf.get("RECHECK_DAYS"))
        )
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


# Moderation -------------------------------------------------------------------


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
    _report_on_commit(false_positives)
    _published(ids)
    return len(ids)


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
    _report_on_commit(to_report)
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
    _report_on_commit(to_report)
    return len(ids)


def _report_on_commit(ids):
    if ids:
        transaction.on_commit(
            functools.partial(tasks.report_to_akismet_task.enqueue, ids)
        )


# Deleting ---------------------------------------------------------------------

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


# Follow-ups -------------------------------------------------------------------


def notify_followers(comment_id) -> int:
    """Mail everyone who asked to hear of new comments on the page (once per
    address, not the author), with a link to stop. Runs once per comment.
    Returns how many mails went."""
    claimed = Comment.objects.filter(
        pk=comment_id,
        status=Status.PUBLISHED,
        is_removed=False,
        followers_notified_at__isnull=True,
    ).update(followers_notified_at=timezone.now())
    if not claimed:
        return 0
    comment = Comment.objects.select_related("page").get(pk=comment_id)
    followers = {}
    for email, language in (
        Comment.objects.published()
        .filter(page_id=comment.page_id, followup=True, is_removed=False)
        .exclude(user_email="")
        .exclude(user_email__iexact=comment.user_email)
        .order_by("submit_date")
        .values_list("user_email", "language")
    ):
        followers.setdefault(email.lower(), language)
    page = comment.page.specific
    sent = 0
    for email, language in followers.items():
        link = conf.base_url() + reverse(
            "comments:unsubscribe", args=[tokens.unsubscribe_token(email, page.pk)]
        )
        sent += send_comment_mail(
            "followup",
            email,
            {
                "comment": comment,
                "page": page,
                "comment_url": conf.base_url() + comment.get_absolute_url(),
                "unsubscribe_url": link,
            },
            language=language,
            headers={"List-Unsubscribe": f"<{link}>"},
        )
    return sent


def unsubscribe(email, page_id) -> int:
    """Stop follow-up mails to ``email`` about page ``page_id``."""
    return Comment.objects.filter(
        page_id=page_id, user_email__iexact=email, followup=True
    ).update(followup=False)


def send_comment_mail_to_author(comment_id, kind) -> bool:
    """The mail a commenter without an account gets: ``confirm`` (a link to
    confirm, valid COMMENTS_CONFIRM_LINK_DAYS) or ``receipt``; both carry a
    link that deletes the comment."""
    comment = (
        Comment.objects.select_related("page")
        .filter(pk=comment_id, is_removed=False)
        .exclude(user_email="")
        .exclude(status=Status.SPAM)
        .first()
    )
    if comment is None:
        return False
    base = conf.base_url()
    context = {
        "comment": comment,
        "page": comment.page.specific,
        "delete_url": base
        + reverse("comments:delete_by_link", args=[tokens.delete_token(comment)]),
        "comment_url": base + comment.get_absolute_url(),
    }
    if kind == "confirm":
        context["confirm_url"] = base + reverse(
            "comments:confirm", args=[tokens.confirm_token(comment)]
        )
        context["link_days"] = conf.get("CONFIRM_LINK_DAYS")
    sent = send_comment_mail(
        kind, comment.user_email, context, language=comment.language
    )
    if sent:
        Comment.objects.filter(pk=comment.pk, message_due=kind).update(message_due="")
    return sent


# A comment's mail is queued when it is posted; the retry leaves it this long
# to that first try.
AUTHOR_MAIL_RETRY_AFTER = datetime.timedelta(minutes=5)


def send_pending_author_mails(now=None) -> int:
    """Send again the confirmation and receipt mails the mail server
    refused (or a crash kept from going): comments still owed one, posted
    at least a few minutes ago and no longer ago than the confirmation link
    lives. Spam and removed comments, and older ones, are owed nothing any
    more. Returns how many went."""
    now = now or timezone.now()
    owed = Comment.objects.exclude(message_due="")
    too_late = now - datetime.timedelta(days=conf.get("CONFIRM_LINK_DAYS"))
    owed.filter(
        Q(status__in=[Status.SPAM, Status.REMOVED])
        | Q(is_removed=True)
        | Q(submit_date__lt=too_late)
    ).update(message_due="")
    due = owed.filter(submit_date__lte=now - AUTHOR_MAIL_RETRY_AFTER).values_list(
        "pk", "message_due"
    )
    return sum(send_comment_mail_to_author(pk, kind) for pk, kind in list(due))


# Editors ----------------------------------------------------------------------


def moderators():
    """Active accounts that may moderate comments (change them)."""
    user_model = get_user_model()
    permission = Permission.objects.filter(
        content_type__app_label="comments", codename="change_comment"
    ).first()
    query = Q(is_superuser=True)
    if permission is not None:
        query |= Q(groups__permissions=permission) | Q(user_permissions=permission)
    return user_model.objects.filter(query, is_active=True).exclude(email="").distinct()


def moderation_counts() -> dict[str, int]:
    """How many comments are in each state, for the admin at a glance (one
    query)."""
    awaiting = [Status.PENDING, Status.UNCONFIRMED]
    return Comment.objects.aggregate(
        pending=Count("pk", filter=Q(status=Status.PENDING)),
        unconfirmed=Count("pk", filter=Q(status=Status.UNCONFIRMED)),
        published=Count("pk", filter=Q(status=Status.PUBLISHED, is_removed=False)),
        spam=Count("pk", filter=Q(status=Status.SPAM)),
        removed=Count("pk", filter=Q(status=Status.REMOVED) | Q(is_removed=True)),
        not_checked=Count(
            "pk", filter=Q(status__in=awaiting, spam_verdict=Verdict.UNCHECKED)
        ),
        reports_waiting=Count("pk", filter=~Q(akismet_report="")),
    )


def page_counts(page) -> dict[str, int]:
    """How many comments one page has in each state."""
    counts = dict(
        Comment.objects.for_page(page.pk)
        .values_list("status")
        .annotate(count=Count("pk"))
        .order_by()
    )
    return {status: counts.get(status, 0) for status in Status.values}


def akismet_problem() -> str:
    """Why Akismet is not checking comments now, for editors, or "" when it
    is: what happened to the latest comment it was asked about."""
    if not spam.is_configured():
        return gettext("Akismet is not configured (no AKISMET_API_KEY).")
    since = timezone.now() - datetime.timedelta(days=conf.get("RECHECK_DAYS"))
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


def send_moderation_digest() -> int:
    """Mail moderators when comments wait for them (the site setting
    "daily mail to moderators"). Returns how many mails went."""
    if not CommentSettings.load().daily_digest:
        return 0
    waiting = Comment.objects.filter(status=Status.PENDING).count()
    if not waiting:
        return 0
    context = {
        "waiting": waiting,
        "not_checked": Comment.objects.not_checked().count(),
        "admin_url": conf.base_url()
        + reverse("comments_comment_modeladmin_index")
        + "?state=awaiting",
    }
    sent = 0
    for email in moderators().values_list("email", flat=True):
        sent += send_comment_mail("digest", email, context)
    return sent


# Retention --------------------------------------------------------------------


def with_sender_details(comments, cutoff):
    """Those of ``comments`` older than ``cutoff`` that still have an IP
    address, browser or referrer."""
    return comments.filter(submit_date__lt=cutoff).filter(
        Q(ip_address__isnull=False) | ~Q(user_agent="") | ~Q(referrer="")
    )


# Registry ----------------------------------------------------------------------


def comments_of(subject):
    """A person's comments: written while signed in, or with one of their
    addresses."""
    query = subject.email_q("user_email")
    if subject.user_id is not None:
        query |= Q(user_id=subject.user_id)
    return Comment.objects.filter(query)


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
