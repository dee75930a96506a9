from django.http import Http404
from django.views.decorators.http import require_safe
from wagtail.models import Site


@require_safe
def calendar(request, path):
    """``<page url>kalender.ics`` for any published page that offers a
    calendar (the programme and each event). Wagtail's own routing serves
    only paths ending in a slash, so this view finds the page itself."""
    site = Site.find_for_request(request)
    if site is None:
        raise Http404
    components = [component for component in path.split("/") if component]
    page = site.root_page.specific.route(request, components).page.specific
    if not hasattr(page, "calendar") or page.get_view_restrictions():
        raise Http404
    return page.calendar(request)
