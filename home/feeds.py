"""The news as an RSS feed (Django's syndication framework), in the
language of its URL: ``/rss/nyheter.xml`` and ``/en/rss/nyheter.xml``."""

import datetime

from django.contrib.syndication.views import Feed
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from .i18n import locale_id
from .models import ArticleIndexPage, ArticlePage, VenueSettings
from .routing import public

FEED_LENGTH = 20


class FeedContext:
    """What one request's feed needs (the Feed object is shared by every
    request, so nothing request-bound may be kept on it)."""

    def __init__(self, request, index=None):
        self.request = request
        self.index = index
        self.venue = VenueSettings.current()

    def absolute(self, page):
        return self.request.build_absolute_uri(page.get_url(self.request))


class NewsFeed(Feed):
    def get_object(self, request):
        index = ArticleIndexPage.objects.live().filter(locale_id=locale_id()).first()
        return FeedContext(request, index)

    def title(self, context):
        return _("News from %(venue)s") % {"venue": context.venue.name}

    def description(self, context):
        return _("The latest news from %(venue)s.") % {"venue": context.venue.name}

    def link(self, context):
        if context.index is not None:
            return context.absolute(context.index)
        return context.request.build_absolute_uri("/")

    def items(self, context):
        articles = list(
            public(ArticlePage.objects.live().filter(locale_id=locale_id()))
            .order_by("-date", "-pk")
            .only("pk", "title", "lead", "date", "url_path", "locale_id", "depth")[
                :FEED_LENGTH
            ]
        )
        for article in articles:
            article.feed_url = context.absolute(article)
        return articles

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.lead

    def item_link(self, item):
        return item.feed_url

    def item_pubdate(self, item):
        return timezone.make_aware(
            datetime.datetime.combine(item.date, datetime.time(8, 0))
        )


_news_feed = NewsFeed()


@require_safe
def news_feed(request):
    return _news_feed(request)
