"""Issues of the newsletter, their sending and SMS announcements.

An issue (and an SMS announcement) is a *campaign*; sending it creates one
*delivery* row per recipient. The unique (campaign, subscriber) constraint
and the claim of each row before it is handed over make sending exactly
once; see ``newsletter/sending/``. Deliveries belong to their subscriber
(``on_delete=CASCADE``): unsubscribing takes them along."""

from django.conf import settings
from django.db import models
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from wagtail.fields import StreamField
from wagtail.models import PreviewableMixin

from home.models import DeliveryRecord, DeliveryStatus

from .. import rendering
from ..blocks import IssueStreamBlock

__all__ = [
    "Delivery",
    "DeliveryStatus",
    "Issue",
    "SmsAnnouncement",
    "SmsDelivery",
]


class CampaignStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    SCHEDULED = "scheduled", _("scheduled")
    SENDING = "sending", _("sending")
    SENT = "sent", _("sent")


class Campaign(models.Model):
    """What an issue and an SMS announcement share: who it goes to, where
    its sending stands, and the counts kept once it is done (delivery rows
    are purged after a year; the counts stay)."""

    Status = CampaignStatus

    language = models.CharField(
        _("language"),
        max_length=10,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        help_text=_("The language you write in."),
    )
    all_languages = models.BooleanField(
        _("send to subscribers of every language"),
        default=False,
        help_text=_(
            "Off: only subscribers who chose this language get it (write one "
            "per language). On: every subscriber gets this one."
        ),
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=CampaignStatus.choices,
        default=CampaignStatus.DRAFT,
        editable=False,
    )
    started_at = models.DateTimeField(
        _("sending started"), null=True, blank=True, editable=False
    )
    queued_at = models.DateTimeField(
        _("recipients listed"), null=True, blank=True, editable=False
    )
    batches_enqueued_at = models.DateTimeField(
        _("batches enqueued"), null=True, blank=True, editable=False
    )
    finished_at = models.DateTimeField(
        _("sending finished"), null=True, blank=True, editable=False
    )
    recipient_count = models.PositiveIntegerField(
        _("recipients"), default=0, editable=False
    )
    sent_count = models.PositiveIntegerField(_("sent"), default=0, editable=False)
    failed_count = models.PositiveIntegerField(_("failed"), default=0, editable=False)
    created_at = models.DateTimeField(
        _("created"), default=timezone.now, editable=False
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True

    @property
    def is_editable(self) -> bool:
        """Drafts and scheduled ones can change; once sending starts, what
        went out is fixed."""
        return self.status in (CampaignStatus.DRAFT, CampaignStatus.SCHEDULED)

    def new_draft(self):
        """An unsaved draft with this one's content and none of its sending
        (the admin's "Copy")."""
        return type(self)(
            **{
                field.attname: getattr(self, field.attname)
                for field in self._meta.concrete_fields
                if field.editable and not field.primary_key
            }
        )

    @property
    def language_label(self) -> str:
        if self.all_languages:
            return _("All subscribers (%(language)s)") % {
                "language": self.get_language_display()
            }
        return self.get_language_display()


class Issue(PreviewableMixin, Campaign):
    """An issue of the programme newsletter: written in Wagtail, previewed
    as the mail it becomes, tested on yourself, then sent now or at a set
    time to every confirmed subscriber (of its language)."""

    subject = models.CharField(
        _("subject"),
        max_length=150,
        help_text=_(
            "The subject line readers see in their inbox. Under 60 characters "
            "fits most phones."
        ),
    )
    preheader = models.CharField(
        _("preheader"),
        max_length=200,
        blank=True,
        help_text=_(
            "One sentence inboxes show after the subject, e.g. 'Jazz, theatre "
            "and a family day in May'."
        ),
    )
    body = StreamField(IssueStreamBlock(), verbose_name=_("content"))
    scheduled_at = models.DateTimeField(
        _("scheduled for"), null=True, blank=True, editable=False
    )
    # The body as it was sent, frozen when sending starts: every subscriber
    # gets the same events list even if the programme changes meanwhile.
    body_html = models.TextField(_("sent content (HTML)"), blank=True, editable=False)
    body_text = models.TextField(_("sent content (text)"), blank=True, editable=False)

    class Meta:
        verbose_name = _("newsletter issue")
        verbose_name_plural = _("newsletter issues")
        ordering = ["-created_at"]
        permissions = [("send_issue", _("Can send newsletter issues"))]
        indexes = [models.Index(fields=["status", "scheduled_at"])]

    def __str__(self):
        return self.subject

    @property
    def preview_modes(self):
        return [("", _("Email")), ("text", _("Plain text"))]

    def serve_preview(self, request, mode_name):
        with translation.override(self.language):
            rendered = rendering.render_issue(self, preview=True)
            if mode_name == "text":
                html = render_to_string(
                    "newsletter/mailing/preview_text.html",
                    {"issue": self, "text": rendered.text},
                )
            else:
                html = rendered.html
        return HttpResponse(html)


class Delivery(DeliveryRecord):
    """One issue to one subscriber; exists once per pair, claimed (queued →
    being sent) before the mail goes to the mail server."""

    issue = models.ForeignKey(
        Issue,
        verbose_name=_("issue"),
        on_delete=models.CASCADE,
        related_name="deliveries",
    )
    subscriber = models.ForeignKey(
        "newsletter.Subscriber",
        verbose_name=_("subscriber"),
        on_delete=models.CASCADE,
        related_name="deliveries",
    )

    class Meta:
        verbose_name = _("newsletter delivery")
        verbose_name_plural = _("newsletter deliveries")
        constraints = [
            models.UniqueConstraint(
                fields=["issue", "subscriber"], name="newsletter_issue_once"
            ),
        ]
        indexes = [
            models.Index(fields=["issue", "status", "id"]),
            models.Index(fields=["status", "next_attempt_at"]),
            models.Index(fields=["status", "claimed_at"]),
        ]

    def __str__(self):
        return f"{self.issue_id} → {self.subscriber_id} ({self.status})"


class SmsAnnouncement(Campaign):
    """A short text message to confirmed subscribers who gave a mobile
    number: a cancelled concert, a few last seats. The stop instruction is
    added to the end, within the 160 characters of one SMS."""

    text = models.CharField(
        _("message"),
        max_length=160,
        help_text=_(
            "Short and plain: what, when, where. The stop instruction is added "
            "at the end and counts towards the 160 characters."
        ),
    )
    # The message with its stop instruction, as sent (fixed when sending
    # starts).
    message = models.CharField(_("sent message"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("SMS announcement")
        verbose_name_plural = _("SMS announcements")
        ordering = ["-created_at"]
        permissions = [("send_smsannouncement", _("Can send SMS announcements"))]

    def __str__(self):
        return self.text[:60]


class SmsDelivery(DeliveryRecord):
    """One SMS announcement to one subscriber's number. The number itself is
    read from the subscriber when sending, never copied here."""

    announcement = models.ForeignKey(
        SmsAnnouncement,
        verbose_name=_("SMS announcement"),
        on_delete=models.CASCADE,
        related_name="deliveries",
    )
    subscriber = models.ForeignKey(
        "newsletter.Subscriber",
        verbose_name=_("subscriber"),
        on_delete=models.CASCADE,
        related_name="sms_deliveries",
    )
    provider_id = models.CharField(
        _("provider's message id"), max_length=64, blank=True
    )

    class Meta:
        verbose_name = _("SMS delivery")
        verbose_name_plural = _("SMS deliveries")
        constraints = [
            models.UniqueConstraint(
                fields=["announcement", "subscriber"], name="newsletter_sms_once"
            ),
        ]
        indexes = [
            models.Index(fields=["announcement", "status", "id"]),
            models.Index(fields=["status", "next_attempt_at"]),
            models.Index(fields=["status", "claimed_at"]),
        ]

    def __str__(self):
        return f"{self.announcement_id} → {self.subscriber_id} ({self.status})"
