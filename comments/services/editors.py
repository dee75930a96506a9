"""What editors see of comments at a glance (counts for the list, the
dashboard and a page) and the daily mail to moderators."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db.models import Count, Q
from django.urls import reverse

from home.site_url import site_url

from ..mail import send_comment_mail
from ..models import Comment, CommentSettings
from .reports import reported_q

Status = Comment.Status
Verdict = Comment.Verdict


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
        reported=Count("pk", filter=reported_q()),
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
        "admin_url": site_url()
        + reverse("comments_comment_modeladmin_index")
        + "?state=awaiting",
    }
    sent = 0
    for email in moderators().values_list("email", flat=True):
        sent += send_comment_mail("digest", email, context)
    return sent
