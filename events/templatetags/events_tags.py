from django import template
from django.db.models import OuterRef, Subquery
from django.utils import timezone

from home.models import VenueSettings

from ..models import LISTING_IMAGE, Performance
from ..structured_data import event_data, jsonld_script

register = template.Library()


@register.inclusion_tag("components/upcoming_events.html", takes_context=True)
def upcoming_events(context, limit=6):
    """The next ``limit`` events, each shown by its next performance that is
    not cancelled, for the home page: one query for exactly those rows."""
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
        .order_by("start", "pk")[:limit]
    )
    return {"request": context.get("request"), "performances": performances}


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
