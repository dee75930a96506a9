import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ConsentRecord(models.Model):
    """One choice a visitor made about cookies, kept as proof: which
    categories, on which banner text and cookie list, under which version
    of the privacy statement, when, and by whom when logged in. No IP
    address. The random id is also in the visitor's consent cookie."""

    class Source(models.TextChoices):
        BANNER = "banner", _("banner")
        SETTINGS = "settings", _("cookie settings page")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    statistics = models.BooleanField(_("statistics"), default=False)
    marketing = models.BooleanField(_("marketing"), default=False)
    banner_version = models.CharField(_("banner text version"), max_length=40)
    cookie_list_version = models.CharField(_("cookie list version"), max_length=40)
    policy_version = models.ForeignKey(
        "privacy.PolicyVersion",
        verbose_name=_("privacy statement version"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    language = models.CharField(_("language"), max_length=10, blank=True)
    source = models.CharField(
        _("given on"), max_length=10, choices=Source.choices, default=Source.BANNER
    )
    created_at = models.DateTimeField(_("given at"), default=timezone.now)

    class Meta:
        verbose_name = _("cookie consent")
        verbose_name_plural = _("cookie consents")
        indexes = [
            models.Index(fields=["user", "created_at"]),
            models.Index(fields=["created_at"]),
        ]

    def __str__(self):
        return str(self.pk)
