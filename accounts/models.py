from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class EmailUserManager(UserManager):
    """Creates users identified by their email address; there is no username."""

    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email=None, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email=None, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    """A person with an account: visitors who registered, and editors.

    People sign in with their email address, so there is no username. The
    model exists from the first migration so that accounts can grow without
    swapping the user model later."""

    username = None
    email = models.EmailField(_("email address"), unique=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []

    objects = EmailUserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self):
        """A label by number only: Wagtail's log entries and admin messages
        store ``str(user)`` and keep it after the account is erased. People
        see ``display_name`` (allauth's ``ACCOUNT_USER_DISPLAY``)."""
        return gettext("User #%(id)s") % {"id": self.pk}

    def display_name(self):
        """The name people see: the full name, or the address."""
        return self.get_full_name() or self.email


class Profile(models.Model):
    """What a registered person tells us about themselves beyond the login:
    address, phone and birth date, and for a child the guardian who confirms
    the account. The name lives on ``User``; every field here is optional and
    editable by its owner on my page."""

    user = models.OneToOneField(
        User, on_delete=models.CASCADE, related_name="profile", verbose_name=_("user")
    )
    street_address = models.CharField(_("street address"), max_length=200, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=10, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    phone = models.CharField(
        _("phone"),
        max_length=16,
        blank=True,
        help_text=_("In international format (E.164), e.g. +4791234567."),
    )
    birth_date = models.DateField(_("birth date"), null=True, blank=True)
    guardian_name = models.CharField(_("guardian's name"), max_length=150, blank=True)
    guardian_email = models.EmailField(_("guardian's email address"), blank=True)
    guardian_requested_at = models.DateTimeField(
        _("guardian asked at"), null=True, blank=True
    )
    guardian_confirmed_at = models.DateTimeField(
        _("guardian confirmed at"), null=True, blank=True
    )
    inactivity_notice_at = models.DateTimeField(
        _("told of deletion for inactivity at"),
        null=True,
        blank=True,
        help_text=_(
            "When the holder was told the account goes unless they sign in; "
            "empty again once they do."
        ),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    # The fields a person fills in themselves, as the profile form and the
    # personal-data export name them (capitalised, unlike verbose_name).
    OWN_FIELD_LABELS = {
        "street_address": _("Street address"),
        "postal_code": _("Postal code"),
        "city": _("City"),
        "phone": _("Phone"),
        "birth_date": _("Birth date"),
        "guardian_name": _("Guardian's name"),
        "guardian_email": _("Guardian's email address"),
    }

    class Meta:
        verbose_name = _("profile")
        verbose_name_plural = _("profiles")

    def __str__(self):
        # Not the person's name: see User.__str__.
        return gettext("Profile of user #%(id)s") % {"id": self.user_id}


class KnownAddress(models.Model):
    """An address the account has verified, kept after it is replaced or
    removed: what the person did under it (a subscription, an order, a
    comment written signed out) is still theirs, so export and deletion
    find it. Personal data of the account, erased with it."""

    user = models.ForeignKey(
        User,
        on_delete=models.CASCADE,
        related_name="known_addresses",
        verbose_name=_("user"),
    )
    email = models.EmailField(_("email address"))
    verified_at = models.DateTimeField(
        _("verified at"),
        null=True,
        blank=True,
        help_text=_("Empty when it was verified before the site kept the date."),
    )
    removed_at = models.DateTimeField(_("no longer used since"), null=True, blank=True)

    class Meta:
        verbose_name = _("address used by an account")
        verbose_name_plural = _("addresses used by accounts")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "email"], name="accounts_knownaddress_once"
            )
        ]

    def __str__(self):
        # Never the address: Wagtail's log entries keep this text.
        return f"#{self.pk}"


class SecurityEvent(models.Model):
    """Something that matters for the account's safety besides signing in
    (axes keeps those): a password or address changed, a refused request
    to the admin. Shown to the holder on my page, so that they notice what
    they did not do; kept as long as the sign-in log."""

    class Kind(models.TextChoices):
        PASSWORD_CHANGED = "password_changed", _("Password changed")
        PASSWORD_RESET = "password_reset", _("Password reset from an email link")
        PASSWORD_SET = "password_set", _("Password set")
        EMAIL_CHANGED = "email_changed", _("Email address changed")
        EMAIL_ADDED = "email_added", _("Email address added")
        EMAIL_REMOVED = "email_removed", _("Email address removed")
        ADMIN_REFUSED = "admin_refused", _("Refused access to the admin")

    user = models.ForeignKey(
        User,
        on_delete=models.CASCADE,
        related_name="security_events",
        verbose_name=_("user"),
    )
    kind = models.CharField(_("what happened"), max_length=20, choices=Kind.choices)
    at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    user_agent = models.CharField(_("browser"), max_length=255, blank=True)
    detail = models.CharField(
        _("detail"),
        max_length=300,
        blank=True,
        help_text=_("The address or the admin page concerned."),
    )

    class Meta:
        verbose_name = _("security event")
        verbose_name_plural = _("security events")
        ordering = ["-at"]

    def __str__(self):
        # Never the detail (an address): Wagtail's log entries keep this text.
        return f"#{self.pk}"
