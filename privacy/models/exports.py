import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..storage import get_export_storage
from ..tokens import make_download_token


class RequestAction(models.TextChoices):
    """What a person can ask for at ``/personvern/foresporsel/`` once they
    have confirmed their address. An export is built at once; every other
    action becomes a :class:`~privacy.models.RightsRequest` in the queue
    editors answer (``services.carry_out_request`` dispatches)."""

    EXPORT = "export", _("A copy of my data")
    RECTIFICATION = "rectification", _("Correct data about me")
    ERASURE = "erasure", _("Delete data about me")
    RESTRICTION = "restriction", _("Restrict how my data is used")
    OBJECTION = "objection", _("Object to profiling and marketing")


class DataExportQuerySet(models.QuerySet):
    def for_subject(self, subject):
        """The exports made for ``subject``: by their account, or (without an
        account) to one of their addresses."""
        query = subject.email_q("email")
        if subject.user_id is not None:
            query |= models.Q(user_id=subject.user_id)
        return self.filter(query)

    def in_progress_or_ready(self):
        return self.filter(
            status__in=[
                DataExport.Status.PENDING,
                DataExport.Status.BUILDING,
                DataExport.Status.READY,
            ]
        )


class DataExport(models.Model):
    """One copy of a person's data (right of access and portability): a ZIP
    built in the background and downloaded through a signed, expiring link.

    An export belongs to an account (downloaded while logged in) or, for a
    person without an account, to an email address (the link is the
    credential); never both. ``user`` is SET_NULL, not CASCADE: deleting a
    user outside the registry must not drop the row while its file stays on
    disk, and the row is the record that we answered the request. An export
    left with neither user nor email can no longer be downloaded, and the
    purge deletes its file at once."""

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting")
        BUILDING = "building", _("being prepared")
        READY = "ready", _("ready")
        FAILED = "failed", _("failed")
        EXPIRED = "expired", _("expired")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="data_exports",
    )
    email = models.EmailField(
        _("email address"),
        blank=True,
        help_text=_("Set for a request without an account: where the link goes."),
    )
    language = models.CharField(_("language"), max_length=10, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    file = models.FileField(
        _("file"), storage=get_export_storage, max_length=200, blank=True
    )
    size = models.PositiveBigIntegerField(_("size in bytes"), null=True, blank=True)
    created_at = models.DateTimeField(_("requested at"), default=timezone.now)
    ready_at = models.DateTimeField(_("ready at"), null=True, blank=True)
    expires_at = models.DateTimeField(_("link expires at"), null=True, blank=True)
    notified_at = models.DateTimeField(_("mailed at"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)

    objects = DataExportQuerySet.as_manager()

    class Meta:
        verbose_name = _("data export")
        verbose_name_plural = _("data exports")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["status", "expires_at"]),
            models.Index(fields=["user", "created_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(user__isnull=True) | models.Q(email=""),
                name="privacy_dataexport_user_or_email",
                violation_error_message=_(
                    "An export belongs to an account or to an address, not both."
                ),
            ),
        ]

    def __str__(self):
        return f"{self._meta.verbose_name} {self.pk} ({self.status})"

    @property
    def is_downloadable(self):
        return (
            self.status == self.Status.READY
            and bool(self.file)
            and self.expires_at is not None
            and self.expires_at > timezone.now()
        )

    @property
    def is_orphaned(self):
        """Made for an account that has since been deleted."""
        return self.user_id is None and not self.email

    def get_download_url(self):
        """The signed download path (relative; see ``services.download_url``
        for the absolute link mailed)."""
        return reverse("privacy:export_download", args=[make_download_token(self)])
