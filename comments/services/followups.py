"""After a comment is published: fresh pages, and one mail to each follower
of the page (with a link to stop)."""

import functools

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from home.cache import invalidate_page_cache
from home.site_url import site_url

from .. import tasks, tokens
from ..mail import send_comment_mail
from ..models import Comment

Status = Comment.Status


def announce_published(ids):
    """After comments became visible: fresh pages, and mail to followers."""
    transaction.on_commit(invalidate_page_cache)
    for pk in ids:
        transaction.on_commit(
            functools.partial(tasks.notify_followers_task.enqueue, pk)
        )


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
        link = site_url() + reverse(
            "comments:unsubscribe", args=[tokens.unsubscribe_token(email, page.pk)]
        )
        sent += send_comment_mail(
            "followup",
            email,
            {
                "comment": comment,
                "page": page,
                "comment_url": site_url() + comment.get_absolute_url(),
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
