"""How long comments keep what they keep, for the site-wide retention purge
(privacy/retention.py, ``manage.py purge_personal_data``, run daily). The
days are the comments app's own settings (``conf.retention_days``)."""

from django.utils.translation import gettext_lazy as _

from privacy.retention import RetentionRule, register

from . import services
from .conf import conf
from .models import Comment


class _CommentRule(RetentionRule):
    setting = ""

    @property
    def days(self):
        return conf.retention_days(self.setting, self.key)


@register
class SenderDetails(_CommentRule):
    """IP address, browser and referrer serve spam handling only."""

    key = "comments.ip_address"
    label = _("IP address and browser of comments")
    setting = "IP_RETENTION_DAYS"
    anonymise = {"ip_address": None, "user_agent": "", "referrer": ""}

    def querysets(self, cutoff, now):
        return [services.with_sender_details(Comment.objects.all(), cutoff)]


@register
class Spam(_CommentRule):
    key = "comments.spam"
    label = _("Comments marked as spam")
    setting = "SPAM_RETENTION_DAYS"

    def querysets(self, cutoff, now):
        return [
            Comment.objects.filter(status=Comment.Status.SPAM, submit_date__lt=cutoff)
        ]

    def _apply(self, rows):
        deleted, _kept = services.delete_comments(rows)
        return deleted


@register
class Unconfirmed(_CommentRule):
    """A comment whose confirmation link expired unused was never sent."""

    key = "comments.unconfirmed"
    label = _("Comments never confirmed by email")
    setting = "CONFIRM_LINK_DAYS"

    def querysets(self, cutoff, now):
        return [
            Comment.objects.filter(
                status=Comment.Status.UNCONFIRMED, submit_date__lt=cutoff
            )
        ]

    def _apply(self, rows):
        deleted, _kept = services.delete_comments(rows)
        return deleted
