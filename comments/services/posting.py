"""Taking a comment: who sent it, the rate limit, storing it before Akismet
is asked, the confirmation of an address, and where the sender goes next."""

import dataclasses
import functools
import ipaddress

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from home.client_ip import client_ip
from privacy import throttle

from .. import spam, tasks, tokens
from ..conf import conf
from ..models import Comment
from ..text import count_links
from .followups import announce_published
from .spam_checks import (
    apply_check,
    author_restricted,
    is_known_author,
    status_after_check,
)
from .threads import reply_target

Status = Comment.Status


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
            ip=client_ip(request),
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
        limit=conf.RATE_LIMIT,
        window=conf.RATE_WINDOW,
    )


def needs_confirmation(user) -> bool:
    return bool(conf.CONFIRM_EMAIL) and not getattr(user, "is_authenticated", False)


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
        announce_published([comment.pk])
    comment.status = status
    return comment
