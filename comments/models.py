"""Comments on pages, stored in django-comments-xtd's threaded model, with
what spam handling, moderation and the site's settings need beside it."""

import datetime

from django.db import models
from django.utils.translation import gettext_lazy as _
from django_comments.models import CommentFlag
from django_comments_xtd.models import XtdComment
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting

from home.cache import cached_for_generation


class CommentQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Comment.Status.PUBLISHED)

    def awaiting(self):
        """Waiting for an editor (or for the commenter's confirmation)."""
        return self.filter(
            status__in=[Comment.Status.PENDING, Comment.Status.UNCONFIRMED]
        )

    def not_checked(self):
        """Waiting, and Akismet could not say yet whether they are spam."""
        return self.awaiting().filter(spam_verdict=Comment.Verdict.UNCHECKED)

    def for_page(self, page_id):
        return self.filter(page_id=page_id)


class Comment(XtdComment):
    """A visitor's comment on a page: django-comments-xtd keeps the thread
    (thread, parent, level, order) and the commenter's details; this model
    adds the page, the moderation state and the spam check."""

    class Status(models.TextChoices):
        UNCONFIRMED = "unconfirmed", _("Awaiting email confirmation")
        PENDING = "pending", _("Awaiting moderation")
        PUBLISHED = "published", _("Published")
        SPAM = "spam", _("Spam")
        REMOVED = "removed", _("Removed")

    class Verdict(models.TextChoices):
        UNCHECKED = "unchecked", _("Not checked yet")
        HAM = "ham", _("Not spam")
        SPAM = "spam", _("Spam")
        DISCARD = "discard", _("Blatant spam")

    class Report(models.TextChoices):
        NONE = "", _("Nothing to report")
        SPAM = "spam", _("Report as spam")
        HAM = "ham", _("Report as not spam")

    # Named, because the default reverse name ("comment") is taken by the
    # text field of the library's model.
    xtdcomment_ptr = models.OneToOneField(
        XtdComment,
        on_delete=models.CASCADE,
        parent_link=True,
        primary_key=True,
        related_name="site_comment",
    )
    page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("page"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    # django_comments keeps names to 50 characters; ours may be 100.
    author_name = models.CharField(_("name"), max_length=100, blank=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=Status.choices,
        default=Status.PENDING,
        db_index=True,
    )
    language = models.CharField(_("language"), max_length=10, blank=True)
    # Sent to Akismet with the IP address; cleared with it after
    # COMMENTS_IP_RETENTION_DAYS.
    user_agent = models.CharField(_("browser"), max_length=500, blank=True)
    referrer = models.CharField(_("referrer"), max_length=500, blank=True)
    spam_verdict = models.CharField(
        _("Akismet's verdict"),
        max_length=10,
        choices=Verdict.choices,
        default=Verdict.UNCHECKED,
    )
    spam_checked_at = models.DateTimeField(_("checked by Akismet"), null=True)
    spam_check_due_at = models.DateTimeField(
        _("next Akismet check"), null=True, blank=True, db_index=True
    )
    spam_check_error = models.CharField(
        _("why Akismet could not check it"), max_length=200, blank=True
    )
    akismet_report = models.CharField(
        _("report to Akismet"),
        max_length=10,
        choices=Report.choices,
        blank=True,
        default=Report.NONE,
    )
    moderated_at = models.DateTimeField(_("moderated"), null=True, blank=True)
    followers_notified_at = models.DateTimeField(null=True, blank=True)
    # The mail a commenter without an account is still owed ("confirm" or
    # "receipt") until the mail server takes it; a refused one is sent
    # again by services.send_pending_author_mails.
    message_due = models.CharField(
        _("mail still to send"), max_length=10, blank=True, default=""
    )

    objects = CommentQuerySet.as_manager()

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["-submit_date", "-pk"]
        indexes = [models.Index(fields=["page", "status"])]

    def __str__(self):
        return _("Comment %(number)s") % {"number": self.pk}

    @property
    def name(self):
        return self.author_name

    @property
    def display_name(self):
        return self.author_name or _("Anonymous")

    @property
    def is_visible(self):
        return self.status == self.Status.PUBLISHED

    @property
    def is_deleted(self):
        """Deleted, but kept as "comment deleted" because replies hang on
        it."""
        return self.is_removed

    def get_absolute_url(self):
        return f"{self.page.url}#c{self.pk}"


class ReportReason(models.Model):
    """Why a visitor reported a comment. The report itself is django-comments'
    own removal-suggestion flag (``CommentFlag.SUGGEST_REMOVAL``: one per
    account and comment), which has no room for a reason: this row sits
    beside the flag and is deleted with it."""

    class Reason(models.TextChoices):
        SPAM = "spam", _("Spam or advertising")
        ABUSE = "abuse", _("Harassment, hate or threats")
        PRIVACY = "privacy", _("Shares someone's personal information")
        UNLAWFUL = "unlawful", _("Unlawful content")
        OFF_TOPIC = "off_topic", _("Off topic")
        OTHER = "other", _("Something else")

    DETAILS_MAX_LENGTH = 500

    flag = models.OneToOneField(
        CommentFlag,
        verbose_name=_("report"),
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="report_reason",
    )
    reason = models.CharField(_("reason"), max_length=20, choices=Reason.choices)
    details = models.TextField(
        _("details"), max_length=DETAILS_MAX_LENGTH, blank=True, default=""
    )

    class Meta:
        verbose_name = _("reason for a report")
        verbose_name_plural = _("reasons for reports")

    def __str__(self):
        return _("Reason for report %(number)s") % {"number": self.pk}


class PageCommentSettings(models.Model):
    """Whether one page takes comments, when an editor has said so; pages
    without a row follow the site's default (CommentSettings)."""

    page = models.OneToOneField(
        "wagtailcore.Page",
        verbose_name=_("page"),
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="comment_settings",
    )
    enabled = models.BooleanField(
        _("allow comments"),
        default=True,
        help_text=_("Visitors may comment on this page, and see the comments."),
    )

    class Meta:
        verbose_name = _("comment settings of a page")
        verbose_name_plural = _("comment settings of pages")

    def __str__(self):
        return str(self.page_id)

    @classmethod
    def overrides(cls) -> dict[int, bool]:
        """{page id: enabled} for pages an editor has set, read once per
        page-cache generation (saving one starts a new generation)."""
        return cached_for_generation(
            "comments:page-overrides",
            lambda: dict(cls.objects.values_list("page_id", "enabled")),
        )


@register_setting(icon="comment")
class CommentSettings(BaseGenericSetting):
    """How comments work across the site: on by default or not, when they
    close, avatars, and the editors' daily mail."""

    enabled_by_default = models.BooleanField(
        _("comments on by default"),
        default=True,
        help_text=_(
            "Events and articles take comments unless an editor turns them "
            "off for the page (the Comments button on the page)."
        ),
    )
    close_after_days = models.PositiveSmallIntegerField(
        _("close comments after (days)"),
        null=True,
        blank=True,
        help_text=_(
            "Days after a page was first published that it stops taking new "
            "comments. Leave empty to keep comments open."
        ),
    )
    show_gravatar = models.BooleanField(
        _("show Gravatar pictures"),
        default=False,
        help_text=_(
            "Shows each commenter's picture from Gravatar. The browser of "
            "everyone who reads the comments then asks Gravatar for a hash "
            "of each commenter's email address: mention it in the privacy "
            "statement before turning it on."
        ),
    )
    daily_digest = models.BooleanField(
        _("daily mail to moderators"),
        default=True,
        help_text=_(
            "Once a day, editors who moderate comments get a mail when "
            "comments wait for them."
        ),
    )

    class Meta:
        verbose_name = _("comments")

    @classmethod
    def current(cls):
        """The settings as pages show them, read once per cache generation
        (saving them starts a new one)."""
        return cached_for_generation("comments:settings", cls.load)

    def closes_at(self, page):
        """When ``page`` stops taking comments, or None."""
        if not self.close_after_days or page.first_published_at is None:
            return None
        return page.first_published_at + datetime.timedelta(days=self.close_after_days)
