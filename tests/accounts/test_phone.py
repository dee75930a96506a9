"""Phone numbers are stored in E.164; numbers without a country code are
Norwegian."""

import pytest
from django.core.exceptions import ValidationError

from accounts.phone import format_phone, normalise_phone


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("91234567", "+4791234567"),
        ("912 34 567", "+4791234567"),
        ("91 23 45 67", "+4791234567"),
        ("+47 912 34 567", "+4791234567"),
        ("0047 912 34 567", "+4791234567"),
        ("(+47) 912-34-567", "+4791234567"),
        ("22 22 22 22", "+4722222222"),
        ("+46 70 123 45 67", "+46701234567"),
        ("+44 20 7946 0958", "+442079460958"),
        ("  91234567  ", "+4791234567"),
        ("", ""),
    ],
)
def test_numbers_are_normalised_to_e164(typed, stored):
    assert normalise_phone(typed) == stored


@pytest.mark.parametrize(
    "typed",
    [
        "12345",
        "1234567890123",
        "abc",
        "91234567x",
        "+47 912 34 567 ext 3",
        "9" * 40,
        "+",
        "<script>alert(1)</script>",
        "9123\x004567",
        "+999 123 456",
    ],
)
def test_anything_else_is_an_error(typed):
    with pytest.raises(ValidationError):
        normalise_phone(typed)


@pytest.mark.parametrize(
    ("stored", "shown"),
    [("+4791234567", "91 23 45 67"), ("+46701234567", "+46 70 123 45 67"), ("", "")],
)
def test_stored_numbers_are_shown_readably(stored, shown):
    assert format_phone(stored) == shown
