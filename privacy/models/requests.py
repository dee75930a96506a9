from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .exports import RequestAction


class RightsRequestQuerySet(models.QuerySet):
    def confirmed(self):
        return self.exclude(status=RightsRequest.Status.UNCONFIRMED)

    def open(self):
        return self.filter(
            status__in=[RightsRequest.Status.NEW, RightsRequest.Status.IN_PROGRESS]
        )

    def overdue(self, now=None):
        return self.open().filter(due_at__lt=now or timezone.now())


class RightsRequest(models.Model):
    """A request to correct, delete, restrict or stop using someone's data,
    made at ``/personvern/foresporsel/`` and answered by editors within 30
    days of the requester confirming their address; or one that came by
    phone, letter or email, entered by an editor with how the person's
    identity was checked (then also for a copy of the data). When the person's data
    is erased the request stays, redacted, as the record that we answered."""

    class Status(models.TextChoices):
        UNCONFIRMED = "unconfirmed", _("waiting for confirmation")
        NEW = "new", _("new")
        IN_PROGRESS = "in_progress", _("in progress")
        DONE = "done", _("done")
        REFUSED = "refused", _("refused")

    class Channel(models.TextChoices):
        WEB = "web", _("the request form")
        PHONE = "phone", _("phone")
        LETTER = "letter", _("letter")
        EMAIL = "email", _("email")
        IN_PERSON = "in_person", _("in person")

    action = models.CharField(
        _("request"),
        max_length=20,
        choices=RequestAction.choices,
    )
    email = models.EmailField(_("email address"), blank=True)
    details = models.TextField(_("details"), blank=True, max_length=4000)
    language = models.CharField(_("language"), max_length=10, blank=True)
    channel = models.CharField(
        _("received by"), max_length=10, choices=Channel.choices, default=Channel.WEB
    )
    identity_check = models.TextField(
        _("how identity was checked"),
        blank=True,
        max_length=2000,
        help_text=_(
            "For a request an editor entered: how the person proved who they "
            "are, e.g. called back on the number in their account."
        ),
    )
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=Status.choices,
        default=Status.UNCONFIRMED,
    )
    reason = models.TextField(
        _("reason for refusal"),
        blank=True,
        max_length=2000,
        help_text=_("Sent to the requester; required when refusing."),
    )
    created_at = models.DateTimeField(_("received at"), default=timezone.now)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    due_at = models.DateTimeField(_("due by"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    redacted = models.BooleanField(
        _("redacted"),
        default=False,
        help_text=_("The person's details were erased; the request is kept."),
    )

    objects = RightsRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("rights request")
        verbose_name_plural = _("rights requests")
        ordering = ["due_at", "created_at"]
        indexes = [
            models.Index(fields=["status", "due_at"]),
            models.Index(fields=["status", "created_at"]),
        ]

    def __str__(self):
        return f"#{self.pk} {self.get_action_display()}"

    @property
    def is_open(self):
        return self.status in (self.Status.NEW, self.Status.IN_PROGRESS)

    @property
    def is_overdue(self):
        return self.is_open and self.due_at is not None and self.due_at < timezone.now()

    @staticmethod
    def due_date(confirmed_at, days):
        return confirmed_at + timedelta(days=days)


class RightsRequestEvent(models.Model):
    """One thing that happened to a rights request, with who did it and
    when: confirmed, status changed, data exported or erased, mailed."""

    request = models.ForeignKey(
        RightsRequest,
        verbose_name=_("request"),
        on_delete=models.CASCADE,
        related_name="events",
    )
    editor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("editor"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    action = models.CharField(_("action"), max_length=40)
    note = models.TextField(_("note"), blank=True, max_length=2000)
    created_at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        verbose_name = _("rights request event")
        verbose_name_plural = _("rights request events")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.action} ({self.created_at:%Y-%m-%d %H:%M})"
