"""Dates in bulk for editors: copy an event with new dates, and add a series
of performances (every Friday in March at 19:00) to an event.

Performances are children of the event page, and Wagtail keeps them in the
page's revisions too: a row added behind the revisions' back would vanish
the next time an older draft is published. So new performances go through a
revision, published at once when the event is live with nothing else
waiting, else kept as a draft for the editor to publish."""

import dataclasses
import datetime

from django.utils import timezone
from wagtail.coreutils import find_available_slug

from .models import EventPage, Performance

# More performances than this at once is a slip of the finger (a year of
# every day), not a season.
MAX_PERFORMANCES = 100
# The longest period a series may span; it keeps the day-by-day walk short.
MAX_SERIES_DAYS = 2 * 366


def series_starts(first_day, last_day, weekdays, at):
    """The local date-times from ``first_day`` to ``last_day`` (inclusive)
    that fall on one of ``weekdays`` (0 = Monday), at the time ``at``."""
    weekdays = {int(day) for day in weekdays}
    starts = []
    day = first_day
    while day <= last_day:
        if day.weekday() in weekdays:
            starts.append(timezone.make_aware(datetime.datetime.combine(day, at)))
        day += datetime.timedelta(days=1)
    return starts


@dataclasses.dataclass
class Plan:
    """What adding ``starts`` to an event would do: the new performances
    and the ones the event has already (left as they are)."""

    new: list
    duplicates: list


def plan(event, starts):
    """Split ``starts`` into new ones and those the event already has (in
    its latest revision, which is what the editor sees)."""
    current = event.get_latest_revision_as_object()
    taken = {performance.start for performance in current.performances.all()}
    new, duplicates = [], []
    for start in sorted(set(starts)):
        (duplicates if start in taken else new).append(start)
    return Plan(new=new, duplicates=duplicates)


def add_performances(event, starts, hall, *, user, note="", publish=True):
    """Add a performance in ``hall`` at each of ``starts`` the event does not
    have yet, through a new revision. The revision is published when
    ``publish`` is set (the editor may publish), the event is live and has
    no other unpublished changes; otherwise it waits as a draft. Returns
    ``(plan, published)``."""
    result = plan(event, starts)
    if not result.new:
        return result, False
    current = event.get_latest_revision_as_object()
    position = len(current.performances.all())
    for number, start in enumerate(result.new):
        current.performances.add(
            Performance(start=start, hall=hall, note=note, sort_order=position + number)
        )
    can_publish = publish and event.live and not event.has_unpublished_changes
    revision = current.save_revision(user=user)
    if can_publish:
        revision.publish(user=user)
    return result, can_publish


def suggested_slug(event, starts):
    """A free address for a copy of ``event``: its slug and the year of the
    first new date (peer-gynt-2027), or a number after it when taken."""
    parent = event.get_parent()
    base = event.slug
    if starts:
        year = str(timezone.localtime(min(starts)).year)
        if not base.endswith(year):
            base = f"{base}-{year}"
    return find_available_slug(parent, base)


def copy_event(event, *, title, slug, starts, hall, user):
    """A draft copy of ``event`` under the same programme, with its texts,
    image, genre and prices, and one performance in ``hall`` at each of
    ``starts``. Its performances, tickets and orders are not copied, and the
    copy is a new event (no translations yet)."""
    copy = event.copy(
        to=event.get_parent(),
        update_attrs={"title": title, "draft_title": title, "slug": slug},
        exclude_fields=["performances"],
        keep_live=False,
        copy_revisions=False,
        user=user,
    ).specific
    for number, start in enumerate(sorted(set(starts))):
        Performance.objects.create(
            event=copy, start=start, hall=hall, sort_order=number
        )
    copy = EventPage.objects.get(pk=copy.pk)
    copy.save_revision(user=user)
    return copy
