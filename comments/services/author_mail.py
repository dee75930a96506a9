"""The confirmation and receipt mails to commenters without an account, and
their retries."""

import datetime

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from home.site_url import site_url

from .. import tokens
from ..conf import conf
from ..mail import send_comment_mail
from ..models import Comment

Status = Comment.Status


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
    base = site_url()
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
        context["link_days"] = conf.CONFIRM_LINK_DAYS
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
    too_late = now - datetime.timedelta(days=conf.CONFIRM_LINK_DAYS)
    owed.filter(
        Q(status__in=[Status.SPAM, Status.REMOVED])
        | Q(is_removed=True)
        | Q(submit_date__lt=too_late)
    ).update(message_due="")
    due = owed.filter(submit_date__lte=now - AUTHOR_MAIL_RETRY_AFTER).values_list(
        "pk", "message_due"
    )
    return sum(send_comment_mail_to_author(pk, kind) for pk, kind in list(due))
