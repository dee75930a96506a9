from django import template

from home.models import VenueSettings

from ..models import LISTING_IMAGE, Performance
from ..structured_data import event_data, jsonld_script

register = template.Library()


@register.inclusion_tag("components/upcoming_events.html", takes_context=True)
def upcoming_events(context, limit=6):
    """The next ``limit`` events, each with its next performance, for the
    home page. Fixed query count: a bounded window of performances is read
    and the first performance of each event kept."""
    performances = (
        Performance.objects.published().upcoming().for_listing().order_by("start")
    )[: limit * 10]
    seen = set()
    upcoming = []
    for performance in performances:
        if performance.event_id in seen or performance.is_cancelled:
            continue
        seen.add(performance.event_id)
        upcoming.append(performance)
        if len(upcoming) == limit:
            break
    return {"request": context.get("request"), "performances": upcoming}


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
