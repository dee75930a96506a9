from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class GuardianRequest(models.Model):
    """Something a child under 15 asked for where consent is the legal basis
    (a newsletter sign-up, an account), waiting for a parent or guardian to
    confirm it. Until then it is the only thing stored and only the guardian
    is mailed; confirming carries it out and leaves the row, emptied of what
    was asked for, as the record of who consented and when."""

    purpose = models.CharField(_("what was asked for"), max_length=60)
    child_email = models.EmailField(_("child's email address"))
    child_name = models.CharField(_("child's name"), max_length=150, blank=True)
    guardian_email = models.EmailField(_("guardian's email address"))
    data = models.JSONField(
        _("details of the request"),
        default=dict,
        blank=True,
        help_text=_("What the purpose needs to carry out the request."),
    )
    language = models.CharField(_("language"), max_length=10, blank=True)
    created_at = models.DateTimeField(_("asked at"), default=timezone.now)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("guardian's consent")
        verbose_name_plural = _("guardians' consents")
        indexes = [models.Index(fields=["created_at"])]

    def __str__(self):
        # Never an address: Wagtail's log entries keep this text.
        return f"#{self.pk}"
