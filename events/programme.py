"""The programme as one card per event, and its filters.

The filters work on a small table of facts about every upcoming performance
(event, start, hall, genre, audience, price), read in one query and kept per
cache generation. Filtering, the counts per option, the date ranges and the
month calendar are computed from it in Python, so the programme costs the
same number of queries however many events it holds; only the events shown
are then read in full.
"""

import datetime
from dataclasses import dataclass, field
from functools import cached_property

from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from home.cache import cached_for_generation, key_digest
from home.i18n import default_locale_id
from home.routing import public

from .filters import MONTH_PARAMETER, month_bounds, parse_month

GENRE_PARAMETER = "sjanger"
HALL_PARAMETER = "sal"
AUDIENCE_PARAMETER = "for"
VIEW_PARAMETER = "visning"

AUDIENCE_CHILDREN = "barn"
AUDIENCE_FREE = "gratis"
VIEW_CALENDAR = "kalender"


@dataclass
class Showing:
    """One upcoming performance, as the filters see it."""

    pk: int
    event_id: int
    start: datetime.datetime
    hall_key: str
    status: str

    # Worked out once: the facts are kept per cache generation, and the
    # filters' counts ask every showing for its month many times a request.
    @cached_property
    def local_date(self):
        return timezone.localtime(self.start).date()

    @cached_property
    def month(self):
        return self.local_date.replace(day=1)


@dataclass
class EventFacts:
    """An event of the programme with its upcoming performances."""

    pk: int
    translation_key: str
    genre_key: str | None
    for_children: bool
    free: bool
    # The lowest ticket price (the Norwegian event's: translations share
    # its prices), or None when not given.
    price_from: object = None
    showings: list = field(default_factory=list)


def read_facts(performances):
    """{event pk: EventFacts} of the upcoming ``performances`` (a queryset),
    in one query."""
    rows = performances.order_by("start", "pk").values_list(
        "pk",
        "start",
        "status",
        "hall__translation_key",
        "event_id",
        "event__translation_key",
        "event__genre__translation_key",
        "event__for_children",
        "event__price_from",
        "event__free_entry",
    )
    events = {}
    for row in rows:
        pk, start, status, hall_key, event_id, key, genre, children, price, entry = row
        facts = events.get(event_id)
        if facts is None:
            facts = events[event_id] = EventFacts(
                pk=event_id,
                translation_key=str(key),
                genre_key=str(genre) if genre else None,
                for_children=children,
                free=bool(entry) or (price is not None and price == 0),
                price_from=price,
            )
        facts.showings.append(Showing(pk, event_id, start, str(hall_key), status))
    return events


class ProgrammeFilters:
    """The filters of the programme read from the query string: genre, hall,
    month, audience (children and family, free) and the view (list or month
    calendar). Values not understood are ignored, and the page says so.

    ``genres`` and ``halls`` are those of the page's language."""

    def __init__(self, query, genres, halls):
        self.genres = list(genres)
        self.halls = list(halls)
        self.ignored = []
        self.genre = self._choose(
            query,
            GENRE_PARAMETER,
            {g.slug: g for g in self.genres},
            _("There is no genre “%(value)s”; showing all genres."),
        )
        self.hall = self._choose(
            query,
            HALL_PARAMETER,
            {h.slug: h for h in self.halls if h.slug},
            _("There is no hall “%(value)s”; showing all halls."),
        )
        self.audience = self._choose(
            query,
            AUDIENCE_PARAMETER,
            {AUDIENCE_CHILDREN: AUDIENCE_CHILDREN, AUDIENCE_FREE: AUDIENCE_FREE},
            _("“%(value)s” is not an audience we know; showing everything."),
        )
        self.month_value = _single(query, MONTH_PARAMETER)[:7]
        self.month = parse_month(self.month_value)
        if self.month_value and self.month is None:
            self.ignored.append(
                _("“%(value)s” is not a month (use YYYY-MM); showing all months.")
                % {"value": self.month_value}
            )
        self.calendar = _single(query, VIEW_PARAMETER) == VIEW_CALENDAR

    def _choose(self, query, parameter, options, message):
        value = _single(query, parameter)[:60]
        if not value:
            return None
        chosen = options.get(value)
        if chosen is None:
            self.ignored.append(message % {"value": value})
        return chosen

    # --- Matching ---------------------------------------------------------

    def state(self, **changes):
        """The active filters as a dict, with ``changes`` applied (a value of
        None removes a filter)."""
        state = {
            "genre": self.genre,
            "hall": self.hall,
            "month": self.month,
            "audience": self.audience,
        }
        state.update(changes)
        return state

    @staticmethod
    def criteria(state):
        """``state`` as the plain values :meth:`matching_showings` compares
        (translation keys as text), worked out once per selection or count
        rather than once per event."""
        genre, hall = state["genre"], state["hall"]
        return (
            None if genre is None else str(genre.translation_key),
            None if hall is None else str(hall.translation_key),
            state["month"],
            state["audience"],
        )

    @staticmethod
    def matching_showings(facts, criteria):
        """The showings of an event that pass ``criteria`` (see
        :meth:`criteria`), or [] when the event itself does not."""
        genre_key, hall_key, month, audience = criteria
        if genre_key is not None and facts.genre_key != genre_key:
            return []
        if audience == AUDIENCE_CHILDREN and not facts.for_children:
            return []
        if audience == AUDIENCE_FREE and not facts.free:
            return []
        showings = facts.showings
        if hall_key is not None:
            showings = [s for s in showings if s.hall_key == hall_key]
        if month is not None:
            showings = [s for s in showings if s.month == month]
        return showings

    def select(self, events, **changes):
        """[(facts, matching showings)] of the events that pass the filters,
        in the order of their next matching showing."""
        criteria = self.criteria(self.state(**changes))
        chosen = []
        for facts in events.values():
            showings = self.matching_showings(facts, criteria)
            if showings:
                chosen.append((facts, showings))
        chosen.sort(key=lambda item: (item[1][0].start, item[0].pk))
        return chosen

    def count(self, events, **changes):
        criteria = self.criteria(self.state(**changes))
        return sum(
            1 for facts in events.values() if self.matching_showings(facts, criteria)
        )

    # --- Options with counts and links -------------------------------------

    def options(self, events, base_url, months):
        """The filter groups for the template: each option with its label,
        the number of events it would show with the other filters kept, its
        URL (the other filters kept) and whether it is chosen."""
        groups = []

        def group(name, label, key, choices, zero_last=False):
            items = [
                {
                    "label": text,
                    "value": value,
                    "count": self.count(events, **{key: choice}),
                    "url": self.url(base_url, **{key: choice}),
                    "chosen": self.state()[key] == choice,
                }
                for choice, value, text in choices
            ]
            if zero_last:
                # Options that would show nothing go to the end of their row
                # (in their order), so that on a phone, where a row scrolls
                # sideways, the ones that lead somewhere are in sight.
                items.sort(key=lambda item: item["count"] == 0 and not item["chosen"])
            all_item = {
                "label": _("All"),
                "value": "",
                "count": self.count(events, **{key: None}),
                "url": self.url(base_url, **{key: None}),
                "chosen": self.state()[key] is None,
            }
            groups.append(
                {
                    "name": name,
                    "label": label,
                    "options": [all_item, *items],
                }
            )

        group(
            GENRE_PARAMETER,
            _("Genre"),
            "genre",
            [(g, g.slug, g.name) for g in self.genres],
            zero_last=True,
        )
        group(
            HALL_PARAMETER,
            _("Hall"),
            "hall",
            [(h, h.slug, h.name) for h in self.halls if h.slug],
            zero_last=True,
        )
        group(
            MONTH_PARAMETER,
            _("Month"),
            "month",
            [(m, f"{m:%Y-%m}", month_label(m)) for m in months],
        )
        group(
            AUDIENCE_PARAMETER,
            _("Audience"),
            "audience",
            [
                (AUDIENCE_CHILDREN, AUDIENCE_CHILDREN, _("Children and family")),
                (AUDIENCE_FREE, AUDIENCE_FREE, _("Free events")),
            ],
        )
        return groups

    def parameters(self, **changes):
        state = self.state(**changes)
        parameters = {}
        if state["genre"] is not None:
            parameters[GENRE_PARAMETER] = state["genre"].slug
        if state["hall"] is not None:
            parameters[HALL_PARAMETER] = state["hall"].slug
        if state["month"] is not None:
            parameters[MONTH_PARAMETER] = state["month"].strftime("%Y-%m")
        if state["audience"] is not None:
            parameters[AUDIENCE_PARAMETER] = state["audience"]
        return parameters

    def url(self, base_url, calendar=None, **changes):
        parameters = self.parameters(**changes)
        if self.calendar if calendar is None else calendar:
            parameters[VIEW_PARAMETER] = VIEW_CALENDAR
        return f"{base_url}?{urlencode(parameters)}" if parameters else base_url

    @property
    def query_prefix(self):
        """The active filters (and view) as the start of a query string, for
        links to further pages of the same selection."""
        parameters = self.parameters()
        if self.calendar:
            parameters[VIEW_PARAMETER] = VIEW_CALENDAR
        return urlencode(parameters) + "&" if parameters else ""

    @property
    def active(self):
        return any(value is not None for value in self.state().values())


def _single(query, parameter):
    value = query.get(parameter, "")
    return value.strip() if isinstance(value, str) else ""


def month_label(month):
    from django.utils.formats import date_format

    return date_format(month, "F Y").capitalize()


# --- Date ranges --------------------------------------------------------------


def date_range(dates):
    """The days of an event's performances as one short text, in the active
    language: "12. mars", "12.–15. mars", "30. mars–2. april" in Norwegian,
    "12 March", "12–15 March", "30 March–2 April" in English; "flere datoer"
    / "several dates" when the days are not consecutive. The year is added
    when it is not this year."""
    from django.utils.dates import MONTHS
    from django.utils.translation import get_language

    days = sorted(set(dates))
    if not days:
        return ""
    first, last = days[0], days[-1]
    if (last - first).days + 1 != len(days):
        return _("several dates")
    norwegian = (get_language() or "nb").split("-")[0] != "en"
    this_year = timezone.localdate().year
    with_year = not (first.year == last.year == this_year)

    def day_month(day, year):
        name = str(MONTHS[day.month])
        text = f"{day.day}. {name}" if norwegian else f"{day.day} {name}"
        return f"{text} {day.year}" if year else text

    if first == last:
        return day_month(first, with_year)
    if (first.year, first.month) == (last.year, last.month):
        separator = "." if norwegian else ""
        return f"{first.day}{separator}–{day_month(last, with_year)}"
    if first.year == last.year:
        return f"{day_month(first, False)}–{day_month(last, with_year)}"
    return f"{day_month(first, True)}–{day_month(last, True)}"


# --- Reading the events shown -------------------------------------------------


def events_in_language(event_ids, facts, locale_id, listing_specs):
    """{Norwegian event pk: EventPage in the language of ``locale_id``} with
    genre and image (and the image's listing rendition): two queries, made
    once per cache generation for the same events (every publish starts a
    new generation, so a changed event is read afresh)."""
    ids = sorted(event_ids)
    return cached_for_generation(
        f"programme-pages:{locale_id}:{key_digest(repr((ids, listing_specs)))}",
        lambda: read_events_in_language(ids, facts, locale_id, listing_specs),
    )


def read_events_in_language(event_ids, facts, locale_id, listing_specs):
    """:func:`events_in_language`, read from the database."""
    from django.db.models import Prefetch
    from wagtail.images import get_image_model

    from .models import EventPage

    renditions = Prefetch(
        "image__renditions",
        queryset=get_image_model()
        .get_rendition_model()
        .objects.filter(filter_spec__in=listing_specs),
    )
    pages = (
        EventPage.objects.live()
        .select_related("genre", "image")
        .defer("body", "search_description")
        .prefetch_related(renditions)
    )
    if locale_id == default_locale_id():
        return {page.pk: page for page in pages.filter(pk__in=event_ids)}
    by_key = {facts[pk].translation_key: pk for pk in event_ids}
    translated = public(pages.filter(locale_id=locale_id, translation_key__in=by_key))
    return {by_key[str(page.translation_key)]: page for page in translated}


# --- The month calendar ---------------------------------------------------------


def month_calendar(month, showings_by_day):
    """Weeks (Monday first) of ``month`` as lists of 7 days; each day is None
    outside the month, else (date, [showing, ...])."""
    import calendar

    weeks = []
    for week in calendar.Calendar(firstweekday=0).monthdatescalendar(
        month.year, month.month
    ):
        weeks.append(
            [
                (day, showings_by_day.get(day, []))
                if day.month == month.month
                else None
                for day in week
            ]
        )
    return weeks


def calendar_bounds(month):
    return month_bounds(month)
