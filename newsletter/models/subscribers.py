"""Subscribers, their consents and the keyed hashes of addresses that never
want mail again."""

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ..conf import conf

__all__ = [
    "Consent",
    "Subscriber",
    "SubscriberQuerySet",
    "SUPPRESSION_SALT",
    "Suppression",
    "address_hash",
    "normalise_email",
]


def normalise_email(email: str) -> str:
    """The one form an address is stored and compared in: trimmed, lower
    case (the registry and allauth compare addresses the same way)."""
    return (email or "").strip().lower()


class SubscriberQuerySet(models.QuerySet):
    def confirmed(self):
        """Subscribers who clicked their confirmation link: the only ones
        who receive mail."""
        return self.filter(confirmed_at__isnull=False)

    def unconfirmed(self):
        return self.filter(confirmed_at__isnull=True)

    def with_phone(self):
        return self.exclude(phone="")

    def awaiting_reconsent(self):
        """Confirmed subscribers asked whether they still want mail, who have
        not answered yet."""
        return self.confirmed().filter(reconsent_sent_at__isnull=False)

    def due_for_reconsent(self, now=None, *, months=None):
        """Confirmed subscribers with no sign of life for ``months`` who have
        not been asked yet."""
        now = now or timezone.now()
        cutoff = now - datetime.timedelta(
            days=round((months or conf.RECONSENT_MONTHS) * 365.25 / 12)
        )
        return self.confirmed().filter(
            reconsent_sent_at__isnull=True, last_activity_at__lt=cutoff
        )

    def reconsent_expired(self, now=None, *, days=None):
        """Subscribers asked to re-consent longer than ``days`` ago who did
        not answer: they are removed."""
        now = now or timezone.now()
        cutoff = now - datetime.timedelta(days=days or conf.RECONSENT_DAYS)
        return self.filter(reconsent_sent_at__lt=cutoff)


class Subscriber(models.Model):
    """One address that receives the programme newsletter once confirmed.
    Unsubscribing deletes the row and everything hanging off it (consents,
    deliveries); nothing about a former subscriber is kept except, if they
    ask, a keyed hash in :class:`Suppression`."""

    class Source(models.TextChoices):
        FORM = "form", _("sign-up form")
        MY_PAGE = "my_page", _("my page")
        DEMO = "demo", _("demo content")

    email = models.EmailField(_("email address"), unique=True)
    name = models.CharField(_("name"), max_length=150, blank=True)
    phone = models.CharField(
        _("mobile number"),
        max_length=20,
        blank=True,
        help_text=_("In E.164 form (+4791234567); used only for SMS reminders."),
    )
    language = models.CharField(
        _("language"),
        max_length=10,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        blank=True,
        # An account deleted outside the registry takes its subscription
        # along: the subscription was made with the account's address.
        on_delete=models.CASCADE,
        related_name="newsletter_subscriptions",
    )
    source = models.CharField(
        _("signed up on"), max_length=10, choices=Source.choices, default=Source.FORM
    )
    created_at = models.DateTimeField(_("signed up at"), default=timezone.now)
    confirm_sent_at = models.DateTimeField(
        _("confirmation mailed at"), null=True, blank=True
    )
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    last_activity_at = models.DateTimeField(
        _("last sign of life"),
        default=timezone.now,
        help_text=_(
            "Confirmation, re-confirmation, a visit to the manage link or a "
            "change on my page."
        ),
    )
    reconsent_sent_at = models.DateTimeField(
        _("asked to re-consent at"), null=True, blank=True
    )

    objects = SubscriberQuerySet.as_manager()

    class Meta:
        verbose_name = _("subscriber")
        verbose_name_plural = _("subscribers")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["confirmed_at", "created_at"]),
            models.Index(fields=["last_activity_at"]),
            models.Index(fields=["reconsent_sent_at"]),
        ]

    def __str__(self):
        """By number, never the address: Wagtail's log entries keep this
        label after the subscriber is deleted in the admin."""
        return gettext("Subscriber #%(id)s") % {"id": self.pk}

    def save(self, *args, **kwargs):
        self.email = normalise_email(self.email)
        super().save(*args, **kwargs)

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None

    @property
    def awaits_reconsent(self) -> bool:
        return self.confirmed_at is not None and self.reconsent_sent_at is not None


class Consent(models.Model):
    """One consent a subscriber gave: when, from which address (blanked
    after the retention table's ``newsletter.consent_ip`` days), under which
    version of the privacy statement, and the exact text they were shown."""

    class Source(models.TextChoices):
        FORM = "form", _("sign-up form")
        MY_PAGE = "my_page", _("my page")
        RECONSENT = "reconsent", _("re-consent link")
        GUARDIAN = "guardian", _("a guardian's consent")

    subscriber = models.ForeignKey(
        Subscriber,
        verbose_name=_("subscriber"),
        on_delete=models.CASCADE,
        related_name="consents",
    )
    given_at = models.DateTimeField(_("given at"), default=timezone.now)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    policy_version = models.ForeignKey(
        "privacy.PolicyVersion",
        verbose_name=_("privacy statement version"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    text = models.TextField(_("text shown"))
    language = models.CharField(_("language"), max_length=10, blank=True)
    source = models.CharField(
        _("given on"), max_length=10, choices=Source.choices, default=Source.FORM
    )

    class Meta:
        verbose_name = _("newsletter consent")
        verbose_name_plural = _("newsletter consents")
        ordering = ["given_at"]
        indexes = [models.Index(fields=["given_at"])]

    def __str__(self):
        return f"{self.subscriber_id} {self.given_at:%Y-%m-%d %H:%M}"


SUPPRESSION_SALT = "newsletter.suppression"


def address_hash(email, *, secret=None) -> str:
    """A keyed hash (HMAC-SHA256 with a key derived from SECRET_KEY) of the
    normalised address: without the key it cannot be reversed by trying
    addresses. With a rotated key, fallback keys still match old hashes."""
    return salted_hmac(
        SUPPRESSION_SALT,
        normalise_email(email),
        secret=secret or settings.SECRET_KEY,
        algorithm="sha256",
    ).hexdigest()


class Suppression(models.Model):
    """An address that asked never to be mailed again, kept only as a keyed
    hash (HMAC; see ``address_hash``): it cannot be read
    back, only matched when the same address signs up again."""

    email_hash = models.CharField(_("address hash"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("added at"), default=timezone.now)

    class Meta:
        verbose_name = _("suppressed address")
        verbose_name_plural = _("suppressed addresses")

    def __str__(self):
        return self.email_hash[:12]
