from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class BackupRun(models.Model):
    """One run of ``manage.py backup``: when, how it ended, and the archive
    it made. The dashboard reads the last good one and warns when it is old
    or a later one failed."""

    class Status(models.TextChoices):
        RUNNING = "running", _("running")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")

    started_at = models.DateTimeField(default=timezone.now, db_index=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.RUNNING
    )
    archive = models.CharField(max_length=200, blank=True)
    size = models.BigIntegerField(default=0)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-started_at"]
        verbose_name = _("backup")
        verbose_name_plural = _("backups")

    def __str__(self):
        return f"{self.started_at:%Y-%m-%d %H:%M} {self.status}"
