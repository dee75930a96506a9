"""Phone numbers as people type them, stored in one form: E.164
(``+4791234567``). Numbers without a country code are read as Norwegian."""

import re

import phonenumbers
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

DEFAULT_REGION = "NO"
# Longer input is never a phone number; libphonenumber refuses it anyway.
MAX_INPUT_LENGTH = 30
# Digits and the separators people write between them; no letters, so that
# "91234567x" is an error rather than a number with an extension.
ALLOWED = re.compile(r"^[0-9 ()./+-]+$")


def normalise_phone(value, region=DEFAULT_REGION):
    """``value`` in E.164, or ``""`` for an empty value. Raises
    ``ValidationError`` for anything that is not a valid number."""
    value = (value or "").strip()
    if not value:
        return ""
    if len(value) > MAX_INPUT_LENGTH:
        raise ValidationError(_("That is too long to be a phone number."), "too_long")
    if not ALLOWED.match(value):
        raise ValidationError(
            _("Enter a phone number, e.g. 912 34 567 or +46 70 123 45 67."), "invalid"
        )
    if value.startswith("00"):
        value = "+" + value[2:]
    try:
        number = phonenumbers.parse(value, region)
    except phonenumbers.NumberParseException as error:
        raise ValidationError(
            _("This is not a valid phone number. Check the digits and country code."),
            "invalid",
        ) from error
    if not phonenumbers.is_valid_number(number):
        raise ValidationError(
            _("This is not a valid phone number. Check the digits and country code."),
            "invalid",
        )
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def format_phone(value):
    """A stored E.164 number for people to read: national form for Norwegian
    numbers, international otherwise."""
    if not value:
        return ""
    try:
        number = phonenumbers.parse(value, DEFAULT_REGION)
    except phonenumbers.NumberParseException:
        return value
    if phonenumbers.region_code_for_number(number) == DEFAULT_REGION:
        return phonenumbers.format_number(
            number, phonenumbers.PhoneNumberFormat.NATIONAL
        )
    return phonenumbers.format_number(
        number, phonenumbers.PhoneNumberFormat.INTERNATIONAL
    )
