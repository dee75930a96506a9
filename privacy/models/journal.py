import uuid

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ErasureJournalEntry(models.Model):
    """One erasure, remembered so that a restored backup can repeat it: keyed
    hashes of the identifiers erased (never the identifiers), which kinds,
    and when. Kept for as long as the site keeps backups; every backup
    carries the table, and a copy of it lives beside the backups, outside
    their rotation (privacy/journal.py)."""

    class Source(models.TextChoices):
        ERASURE = "erasure", _("erasure of a person")
        RETENTION = "retention", _("retention purge")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    erased_at = models.DateTimeField(default=timezone.now, db_index=True)
    source = models.CharField(max_length=20, choices=Source.choices)
    scope = models.CharField(
        max_length=100,
        blank=True,
        help_text="The retention rule's key, for a retention purge.",
    )
    kinds = models.JSONField(default=list, blank=True)
    options = models.JSONField(default=dict, blank=True)
    hashes = models.JSONField(default=list, blank=True)
    key_id = models.CharField(max_length=16)

    class Meta:
        ordering = ["erased_at", "id"]
        verbose_name = _("erasure journal entry")
        verbose_name_plural = _("erasure journal")

    def __str__(self):
        return f"{self.source} {self.erased_at:%Y-%m-%d %H:%M}"
