from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .records import AboutAccount, editor_link


class RestrictionQuerySet(models.QuerySet):
    def active(self):
        return self.filter(lifted_at=None)


class Restriction(AboutAccount):
    """A restriction of processing (GDPR art. 18) for one person: while it
    stands their data is kept but not used (no mailings, no
    recommendations, no comments published, no retention purge). Placed by
    an editor or by the person; lifting it records who, when and why."""

    class Source(models.TextChoices):
        EDITOR = "editor", _("an editor")
        PERSON = "person", _("the person, from their page")

    reason = models.TextField(
        _("why"),
        max_length=2000,
        help_text=_(
            "Why processing is restricted, e.g. the person contests the "
            "accuracy of their data while we check it."
        ),
    )
    source = models.CharField(
        _("placed by"), max_length=10, choices=Source.choices, default=Source.EDITOR
    )
    placed_by = editor_link(_("editor"))
    placed_at = models.DateTimeField(_("placed at"), default=timezone.now)
    lifted_at = models.DateTimeField(_("lifted at"), null=True, blank=True)
    lifted_by = editor_link(_("lifted by"))
    lift_reason = models.TextField(_("why lifted"), blank=True, max_length=2000)

    objects = RestrictionQuerySet.as_manager()

    class Meta:
        verbose_name = _("restriction of processing")
        verbose_name_plural = _("restrictions of processing")
        ordering = ["-placed_at", "-pk"]
        indexes = [models.Index(fields=["lifted_at", "user"])]

    def __str__(self):
        return f"#{self.pk} {self.placed_at:%Y-%m-%d}"

    @property
    def is_active(self):
        return self.lifted_at is None


class RestrictedAddress(models.Model):
    """An address of a restricted person, in lower case, so that data held
    only under an address (a subscriber, an order, a comment) is found
    without asking which account it belongs to."""

    restriction = models.ForeignKey(
        Restriction,
        verbose_name=_("restriction"),
        on_delete=models.CASCADE,
        related_name="addresses",
    )
    email = models.EmailField(_("email address"), db_index=True)

    class Meta:
        verbose_name = _("restricted address")
        verbose_name_plural = _("restricted addresses")
        constraints = [
            models.UniqueConstraint(
                fields=["restriction", "email"], name="privacy_restricted_address_once"
            )
        ]

    def __str__(self):
        # Never the address: Wagtail's log entries keep this text.
        return f"#{self.pk}"
