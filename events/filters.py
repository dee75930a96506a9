"""The programme's filters, read from the query string.

A value that is not understood (an unknown genre, a month that is not a
month) is ignored and the page says so, rather than failing or showing an
empty programme."""

import datetime

from django.utils import timezone

MONTH_PARAMETER = "maned"


def parse_month(value):
    """'2026-12' as the first day of that month, or None."""
    try:
        year, month = value.split("-")
        if len(year) != 4 or len(month) != 2:
            return None
        return datetime.date(int(year), int(month), 1)
    except ValueError:
        return None


def month_bounds(first_day):
    """The start of a month and of the next, as aware local datetimes."""
    tz = timezone.get_current_timezone()
    start = datetime.datetime.combine(first_day, datetime.time.min, tzinfo=tz)
    next_month = (first_day + datetime.timedelta(days=32)).replace(day=1)
    end = datetime.datetime.combine(next_month, datetime.time.min, tzinfo=tz)
    return start, end
