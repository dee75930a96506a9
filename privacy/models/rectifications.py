from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .records import AboutAccount, editor_link


class RectificationQuerySet(models.QuerySet):
    def waiting(self):
        """Address changes mailed to the new address, not confirmed yet."""
        return self.filter(state=Rectification.State.WAITING)


class Rectification(AboutAccount):
    """One correction of a person's data (GDPR art. 16): what was corrected
    (the kind of data, the row, the names of the fields, never their old
    values), by whom, when and why. A new address takes effect only once
    its owner confirms it; until then the correction waits."""

    class Source(models.TextChoices):
        EDITOR = "editor", _("an editor")
        PERSON = "person", _("the person")

    class State(models.TextChoices):
        DONE = "done", _("corrected")
        WAITING = "waiting", _("waiting for the new address to confirm")
        LAPSED = "lapsed", _("the new address never confirmed")

    email = models.EmailField(
        _("email address"),
        blank=True,
        help_text=_("The person's address (the new one, once confirmed)."),
    )
    kind = models.CharField(_("what was corrected"), max_length=60)
    record_id = models.PositiveIntegerField(_("record"))
    fields = models.CharField(_("fields"), max_length=300)
    reason = models.TextField(_("why"), blank=True, max_length=2000)
    source = models.CharField(
        _("corrected by"), max_length=10, choices=Source.choices, default=Source.EDITOR
    )
    editor = editor_link(_("editor"))
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.DONE
    )
    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)

    objects = RectificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("correction")
        verbose_name_plural = _("corrections")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["state", "at"])]

    def __str__(self):
        return f"#{self.pk} {self.at:%Y-%m-%d}"
