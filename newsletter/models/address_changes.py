"""A subscriber's new address, waiting for its owner to confirm it."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .subscribers import Subscriber

__all__ = ["AddressChange"]


class AddressChange(models.Model):
    """A new address for a subscriber, asked for by the subscriber (from
    their manage link) or by an editor correcting it. The newsletter keeps
    going to the old address until the new one's owner opens the link we
    mail to it; a subscriber has at most one waiting change."""

    subscriber = models.ForeignKey(
        Subscriber,
        verbose_name=_("subscriber"),
        on_delete=models.CASCADE,
        related_name="address_changes",
    )
    new_email = models.EmailField(_("new email address"))
    requested_at = models.DateTimeField(_("asked for at"), default=timezone.now)
    rectification = models.ForeignKey(
        "privacy.Rectification",
        verbose_name=_("correction"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("address change")
        verbose_name_plural = _("address changes")
        ordering = ["-requested_at"]

    def __str__(self):
        return f"#{self.pk}"
