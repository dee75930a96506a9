from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from home.models import DeliveryRecord


class NoticeDelivery(DeliveryRecord):
    """One notice of one material change to one address: the record that
    makes sending exactly-once. A row exists per version and address (a
    unique constraint), is claimed before its mail is handed to the mail
    server and marked sent right after (home/outbox.py), so a worker that
    dies resumes where it stopped and nobody is mailed twice. Its status
    and retry fields are ``DeliveryRecord``'s."""

    version = models.ForeignKey(
        "privacy.PolicyVersion",
        verbose_name=_("version"),
        on_delete=models.PROTECT,
        related_name="deliveries",
    )
    email = models.EmailField(_("email address"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    source = models.CharField(_("recipient list"), max_length=40)
    language = models.CharField(_("language"), max_length=10, blank=True)

    class Meta:
        verbose_name = _("notice delivery")
        verbose_name_plural = _("notice deliveries")
        constraints = [
            models.UniqueConstraint(
                fields=["version", "email"], name="privacy_notice_once_per_address"
            ),
        ]
        indexes = [
            models.Index(fields=["version", "status", "id"]),
            models.Index(fields=["status", "next_attempt_at"]),
        ]

    def __str__(self):
        return f"{self.version} → #{self.pk} ({self.status})"


class PolicyAcknowledgement(models.Model):
    """A logged-in person has read the notice of a material change."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    version = models.ForeignKey(
        "privacy.PolicyVersion",
        verbose_name=_("version"),
        on_delete=models.PROTECT,
        related_name="acknowledgements",
    )
    acknowledged_at = models.DateTimeField(_("acknowledged at"), default=timezone.now)

    class Meta:
        verbose_name = _("acknowledgement")
        verbose_name_plural = _("acknowledgements")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "version"], name="privacy_acknowledged_once"
            ),
        ]

    def __str__(self):
        return f"{self.version} ({self.acknowledged_at:%Y-%m-%d})"


class LanguagePreference(models.Model):
    """The language a person last used the site in while logged in: notices
    are written in it."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    language = models.CharField(_("language"), max_length=10)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("language preference")
        verbose_name_plural = _("language preferences")

    def __str__(self):
        return self.language
