"""The record of an erasure of one event's buyers' personal data."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Shredding(models.Model):
    """An erasure of one event's buyers' personal data after the event
    (tickets/shredder.py): when, by whom, and how much of each kind went.
    The orders stay as bookkeeping records without names or addresses."""

    event = models.ForeignKey(
        "events.EventPage",
        verbose_name=_("event"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    event_title = models.CharField(_("event"), max_length=255)
    shredded_at = models.DateTimeField(_("erased at"), default=timezone.now)
    editor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("editor"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    orders = models.PositiveIntegerField(_("orders"))
    counts = models.JSONField(_("what was erased"), default=dict)

    class Meta:
        verbose_name = _("erasure of an event's buyers")
        verbose_name_plural = _("erasures of events' buyers")
        ordering = ["-shredded_at"]

    def __str__(self):
        return f"#{self.pk} {self.shredded_at:%Y-%m-%d}"
