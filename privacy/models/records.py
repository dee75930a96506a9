"""What the records of a right exercised share (a correction, a restriction
of processing): whose account it is about, and the links to the editors who
handled it. Shared here so the two keep the same columns; the names of the
other columns differ on purpose (a restriction is placed and lifted, a
correction is made)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


def editor_link(verbose_name):
    """A link to the editor who did something; emptied when the editor's
    account is erased, so the record stays and names nobody."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=verbose_name,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )


class AboutAccount(models.Model):
    """A record about one person's account (none for a person known only by
    an address); it goes when the account goes."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )

    class Meta:
        abstract = True
