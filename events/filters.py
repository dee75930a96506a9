"""The programme's filters, read from the query string.

A value that is not understood (an unknown genre, a month that is not a
month) is ignored and the page says so, rather than failing or showing an
empty programme."""

import datetime

from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

GENRE_PARAMETER = "sjanger"
MONTH_PARAMETER = "maned"


class EventFilters:
    """``genres`` are all genres, listed for the filter and searched for the
    slug asked for, so the filter costs one query."""

    def __init__(self, query, genres):
        self.genres = list(genres)
        self.genre_slug = query.get(GENRE_PARAMETER, "").strip()[:60]
        self.month_value = query.get(MONTH_PARAMETER, "").strip()[:7]
        self.month = parse_month(self.month_value)
        self.ignored = []
        if self.month_value and self.month is None:
            self.ignored.append(
                _("“%(value)s” is not a month (use YYYY-MM); showing all months.")
                % {"value": self.month_value}
            )
        self.genre = None

    def apply(self, performances):
        if self.genre_slug:
            self.genre = next(
                (genre for genre in self.genres if genre.slug == self.genre_slug),
                None,
            )
            if self.genre is None:
                self.ignored.append(
                    _("There is no genre “%(value)s”; showing all genres.")
                    % {"value": self.genre_slug}
                )
            else:
                # Performances belong to Norwegian events: their genre is the
                # Norwegian one of the genre asked for in any language.
                performances = performances.filter(
                    event__genre__translation_key=self.genre.translation_key
                )
        if self.month is not None:
            start, end = month_bounds(self.month)
            performances = performances.filter(start__gte=start, start__lt=end)
        return performances

    @property
    def query_prefix(self):
        """The active filters as the start of a query string, for links to
        further pages of the same selection."""
        parameters = {}
        if self.genre:
            parameters[GENRE_PARAMETER] = self.genre.slug
        if self.month:
            parameters[MONTH_PARAMETER] = self.month.strftime("%Y-%m")
        return urlencode(parameters) + "&" if parameters else ""

    @property
    def active(self):
        return bool(self.genre or self.month)


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
