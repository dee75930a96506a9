"""Consent for children under the consent age (15): the age question every
form asks where consent is the legal basis, and the guardian's confirmation
for a younger visitor, with or without an account.

An app with such a form registers a :class:`Purpose` in its ``ready()``::

    guardians.register(Purpose(
        key="newsletter.subscribe",
        label=_("receive our programme newsletter"),
        carry_out=services.sign_up_for_child,
    ))

Its form mixes in :class:`AgeQuestionMixin`; when ``form.needs_guardian``
the view calls :func:`ask_guardian` instead of doing the thing: only the
pending :class:`GuardianRequest` is stored and only the guardian is mailed.
When the guardian confirms from the signed link, ``carry_out(request, http
request)`` does what the child asked for, and the row is emptied of the
details, kept as the record of the consent."""

import dataclasses
import datetime
import functools
from collections.abc import Callable

from django import forms
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from home.mail import send_templated_mail
from home.site_url import site_url

from .conf import conf
from .models import GuardianRequest

GUARDIAN_SALT = "privacy.guardian"
OLDEST_AGE_YEARS = 130


@dataclasses.dataclass(frozen=True)
class Purpose:
    """Something a child may ask for with a guardian's consent. ``label``
    completes "… asks for your consent to …"; ``carry_out`` receives the
    confirmed :class:`GuardianRequest` and the guardian's HTTP request."""

    key: str
    label: str
    carry_out: Callable


_purposes: dict[str, Purpose] = {}


def register(purpose: Purpose) -> Purpose:
    _purposes[purpose.key] = purpose
    return purpose


def get_purpose(key) -> Purpose | None:
    return _purposes.get(key)


# The age question ---------------------------------------------------------------


def is_child_by_birth_year(birth_year: int, today: datetime.date | None = None) -> bool:
    """With only a year, the birthday may still be ahead: a person counts
    as the age they turn this year minus one (who has turned 15 already
    ticks the box instead)."""
    today = today or timezone.localdate()
    return today.year - birth_year - 1 < conf.CONSENT_AGE


class AgeQuestionMixin:
    """Adds the age question to a form: tick "15 or older", or give a birth
    year; a younger visitor gives a guardian's address. Put it before the
    form class in the bases; ``own_email_field`` names the field whose
    address the guardian's must differ from. After ``is_valid()``,
    ``needs_guardian`` says whether to call :func:`ask_guardian`."""

    own_email_field = "email"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        age = conf.CONSENT_AGE
        self.fields["age_confirmed"] = forms.BooleanField(
            label=_("I am %(age)s or older") % {"age": age},
            required=False,
        )
        self.fields["birth_year"] = forms.IntegerField(
            label=_("Or your birth year"),
            required=False,
            help_text=_(
                "If you are under %(age)s, a parent or guardian must agree "
                "before we store anything."
            )
            % {"age": age},
            widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        )
        self.fields["guardian_email"] = forms.EmailField(
            label=_("A parent's or guardian's email"),
            required=False,
            max_length=254,
            help_text=_("Only if you are under %(age)s: we send them a link to agree.")
            % {"age": age},
            widget=forms.EmailInput(attrs={"autocomplete": "off"}),
        )

    @property
    def needs_guardian(self) -> bool:
        cleaned = getattr(self, "cleaned_data", {})
        return bool(
            not cleaned.get("age_confirmed")
            and cleaned.get("birth_year")
            and is_child_by_birth_year(cleaned["birth_year"])
        )

    def clean(self):
        cleaned = super().clean()
        age = conf.CONSENT_AGE
        year = cleaned.get("birth_year")
        this_year = timezone.localdate().year
        if year is not None and not (this_year - OLDEST_AGE_YEARS <= year <= this_year):
            self.add_error(
                "birth_year",
                ValidationError(_("Give the year as four digits, e.g. 2009."), "year"),
            )
            return cleaned
        if not cleaned.get("age_confirmed") and year is None:
            if "birth_year" not in self.errors:
                self.add_error(
                    "age_confirmed",
                    ValidationError(
                        _(
                            "Tick that you are %(age)s or older, or give your "
                            "birth year."
                        )
                        % {"age": age},
                        "required",
                    ),
                )
            return cleaned
        if not self.needs_guardian:
            cleaned["guardian_email"] = ""
            return cleaned
        guardian = (cleaned.get("guardian_email") or "").strip().lower()
        own = (cleaned.get(self.own_email_field) or "").strip().lower()
        if not guardian and "guardian_email" not in self.errors:
            self.add_error(
                "guardian_email",
                ValidationError(
                    _(
                        "You are under %(age)s: give the email address of a parent "
                        "or guardian. If you have turned %(age)s already, tick the "
                        "box instead."
                    )
                    % {"age": age},
                    "required",
                ),
            )
        elif guardian and guardian == own:
            self.add_error(
                "guardian_email",
                ValidationError(
                    _("Your guardian's address must be a different one from yours."),
                    "own_address",
                ),
            )
        else:
            cleaned["guardian_email"] = guardian
        return cleaned


# Asking and confirming ------------------------------------------------------------


def make_token(guardian_request: GuardianRequest) -> str:
    return signing.dumps(
        {"request": guardian_request.pk, "email": guardian_request.guardian_email},
        salt=GUARDIAN_SALT,
    )


def read_token(token) -> GuardianRequest | None:
    """The pending or confirmed request a genuine, unexpired token names, or
    None."""
    try:
        value = signing.loads(
            token,
            salt=GUARDIAN_SALT,
            max_age=datetime.timedelta(days=conf.GUARDIAN_LINK_DAYS),
        )
    except signing.BadSignature:
        return None
    if not isinstance(value, dict) or not isinstance(value.get("request"), int):
        return None
    found = GuardianRequest.objects.filter(pk=value["request"]).first()
    if found is None or found.guardian_email != value.get("email"):
        return None
    return found


def ask_guardian(
    purpose_key, *, guardian_email, child_email, child_name="", data=None, link_base=""
) -> GuardianRequest:
    """Store what the child asked for as a pending request and mail the
    guardian a signed link (after the commit). ``link_base`` is the scheme
    and host for the link (``request.build_absolute_uri("/")``)."""
    purpose = _purposes[purpose_key]
    language = (translation.get_language() or "").split("-")[0]
    pending = GuardianRequest.objects.create(
        purpose=purpose.key,
        child_email=child_email.strip().lower(),
        child_name=child_name,
        guardian_email=guardian_email.strip().lower(),
        data=data or {},
        language=language,
    )
    link = (link_base or site_url()).rstrip("/") + reverse(
        "privacy:guardian_confirm", args=[make_token(pending)]
    )
    context = {
        "child": child_name or pending.child_email,
        "purpose": purpose.label,
        "link": link,
        "link_days": conf.GUARDIAN_LINK_DAYS,
        "age": conf.CONSENT_AGE,
    }
    transaction.on_commit(
        functools.partial(
            send_templated_mail,
            "privacy/email/guardian_request",
            pending.guardian_email,
            context,
            language=language,
        )
    )
    return pending


@transaction.atomic
def confirm(guardian_request: GuardianRequest, http_request=None) -> bool:
    """Carry out what the child asked for, once (a second click changes
    nothing), and keep only who consented to what, and when. Returns
    whether it was carried out now."""
    locked = GuardianRequest.objects.select_for_update().get(pk=guardian_request.pk)
    if locked.confirmed_at is not None:
        return False
    purpose = _purposes.get(locked.purpose)
    if purpose is None:
        return False
    with translation.override(locked.language or None):
        purpose.carry_out(locked, http_request)
    locked.confirmed_at = timezone.now()
    locked.data = {}
    locked.save(update_fields=["confirmed_at", "data"])
    guardian_request.confirmed_at = locked.confirmed_at
    return True
