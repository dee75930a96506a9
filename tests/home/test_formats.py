"""Editors save dates in the form the admin shows them, in either language."""

import datetime

import pytest
from django import forms
from django.conf import settings
from django.utils import translation


@pytest.mark.parametrize("language", ["nb", "en"])
def test_the_admins_date_and_time_format_is_accepted(language):
    shown = datetime.datetime(2027, 4, 5, 20, 0).strftime(
        settings.WAGTAIL_DATETIME_FORMAT
    )
    with translation.override(language):
        value = forms.DateTimeField().clean(shown)
        day = forms.DateField().clean("05.04.2027")
    assert (value.date(), value.hour, value.minute) == (
        datetime.date(2027, 4, 5),
        20,
        0,
    )
    assert day == datetime.date(2027, 4, 5)


def test_english_still_reads_its_own_formats():
    with translation.override("en"):
        assert forms.DateField().clean("2027-04-05") == datetime.date(2027, 4, 5)
        assert forms.DateField().clean("04/05/2027") == datetime.date(2027, 4, 5)
