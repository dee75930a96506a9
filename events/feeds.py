"""The programme as an RSS feed: one item per event with upcoming
performances, soonest first, in the language of the URL
(``/rss/program.xml``, ``/en/rss/program.xml``)."""

from django.contrib.syndication.views import Feed
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from home.feeds import FeedContext
from home.i18n import locale_id

from .dates import date_range
from .models import EventIndexPage, Performance, in_language

FEED_LENGTH = 50


class ProgrammeFeed(Feed):
    def get_object(self, request):
        index = EventIndexPage.objects.live().filter(locale_id=locale_id()).first()
        return FeedContext(request, index)

    def title(self, context):
        return _("Programme of %(venue)s") % {"venue": context.venue.name}

    def description(self, context):
        return _("Upcoming events at %(venue)s.") % {"venue": context.venue.name}

    def link(self, context):
        if context.index is not None:
            return context.absolute(context.index)
        return context.request.build_absolute_uri("/")

    def items(self, context):
        if context.index is None:
            return []
        performances = (
            context.index.performances()
            .upcoming()
            .exclude(status=Performance.Status.CANCELLED)
            .select_related("event", "hall")
            .order_by("start", "pk")
        )
        events = {}
        for performance in in_language(performances, context.index.locale_id):
            event = events.setdefault(performance.event.pk, performance.event)
            event.feed_performances = [
                *getattr(event, "feed_performances", []),
                performance,
            ]
            if len(events) > FEED_LENGTH:
                del events[performance.event.pk]
                break
        for event in events.values():
            event.feed_url = context.absolute(event)
        return list(events.values())

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return f"{date_range(item.feed_performances)}. {item.lead}"

    def item_link(self, item):
        return item.feed_url

    def item_pubdate(self, item):
        return item.first_published_at

    def item_updateddate(self, item):
        return item.last_published_at


_programme_feed = ProgrammeFeed()


@require_safe
def programme_feed(request):
    return _programme_feed(request)
