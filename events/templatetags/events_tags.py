from django import template
from django.db.models import OuterRef, Subquery
from django.utils import timezone

from home.cache import cached_until
from home.i18n import default_locale_id, locale_id
from home.models import VenueSettings
from home.routing import public

from ..models import LISTING_IMAGE, EventPage, Performance, in_language
from ..programme import date_range
from ..structured_data import event_data, jsonld_script

register = template.Library()


@register.inclusion_tag("components/upcoming_events.html", takes_context=True)
def upcoming_events(context, limit=6):
    """The next ``limit`` events, each shown by its next performance that is
    not cancelled, for the home page. Read once per cache generation and
    kept until the first of them starts (the others start later, so nothing
    before that can change the list)."""
    language = locale_id()
    performances = cached_until(
        f"upcoming-events:{language}:{limit}",
        lambda: read_upcoming_events(language, limit),
    )
    return {"request": context.get("request"), "performances": performances}


def read_upcoming_events(language, limit):
    """(the start of the first, [performance, ...]) of the next ``limit``
    events: one query for exactly those rows, one for their images'
    renditions (and in English one more for the translations; untranslated
    events are left out)."""
    now = timezone.now()
    next_of_event = (
        Performance.objects.filter(event=OuterRef("event"), start__gte=now)
        .exclude(status=Performance.Status.CANCELLED)
        .order_by("start", "pk")
        .values("pk")[:1]
    )
    performances = (
        Performance.objects.published()
        .filter(pk=Subquery(next_of_event))
        .for_listing()
        .order_by("start", "pk")
    )
    if language != default_locale_id():
        translated = public(EventPage.objects.live().filter(locale_id=language))
        performances = performances.filter(
            event__translation_key__in=translated.values("translation_key")
        )
    performances = list(performances[:limit])
    valid_until = performances[0].start if performances else None
    return valid_until, in_language(performances, language)


@register.simple_tag(takes_context=True)
def event_structured_data(context, page):
    request = context["request"]
    venue = VenueSettings.current()
    image_url = None
    if page.image:
        image_url = request.build_absolute_uri(
            page.image.get_rendition(LISTING_IMAGE).url
        )
    return jsonld_script(event_data(page, request, venue, image_url))


@register.filter
def status_class(performance):
    return f"status status--{performance.status.replace('_', '-')}"


@register.filter
def placeholder_variant(pk):
    """One of four designs of the placeholder of an event without an image,
    chosen by its id so neighbouring cards differ."""
    try:
        return int(pk) % 4
    except (TypeError, ValueError):
        return 0


@register.filter
def status_modifier(status):
    """'sold_out' as 'sold-out', for the status badge's class."""
    return str(status).replace("_", "-")


@register.filter
def hall_url_for(hall, event):
    """The address of ``hall``'s page, seen from ``event``'s page."""
    return event.hall_url(hall)


@register.simple_tag
def event_dates_for(results):
    """For the search results: {page pk: (date range, is over)} of the
    events among ``results``, from one query for all their performances (a
    translation shows its Norwegian event's)."""
    events = [page for page in results if isinstance(page, EventPage)]
    if not events:
        return {}
    default = default_locale_id()
    keys = {page.translation_key for page in events}
    days, last = {}, {}
    for key, start, status in Performance.objects.filter(
        event__translation_key__in=keys, event__locale_id=default
    ).values_list("event__translation_key", "start", "status"):
        last[key] = max(last.get(key, start), start)
        if status != Performance.Status.CANCELLED:
            days.setdefault(key, []).append(start)
    now = timezone.now()
    shown = {}
    for page in events:
        starts = days.get(page.translation_key, [])
        upcoming = [start for start in starts if start >= now] or starts
        over = page.translation_key in last and last[page.translation_key] < now
        shown[page.pk] = (
            date_range([timezone.localtime(start).date() for start in upcoming]),
            over,
        )
    return shown


@register.filter
def lookup(mapping, key):
    return mapping.get(key) if mapping else None
