from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path
from django.utils.translation import pgettext_lazy
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from accounts import urls as accounts_urls
from comments import urls as comments_urls
from events import urls as events_urls
from events.feeds import programme_feed
from home import views as home_views
from home.feeds import news_feed
from newsletter import urls as newsletter_urls
from privacy import urls as privacy_urls
from tickets import urls as tickets_urls

from .sitemaps import sitemap

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("dokumenter/", include(wagtaildocs_urls)),
    path("helse/", home_views.health, name="health"),
    path("sok/", home_views.search, name="search"),
    path("skjema/token/", home_views.form_token, name="form_token"),
    path("sprak/<str:language>/", home_views.set_language, name="set_language"),
    path("sitemap.xml", sitemap),
    path("robots.txt", home_views.robots_txt, name="robots_txt"),
    path("personvern/", include(privacy_urls)),
    path("billetter/", include(tickets_urls)),
    path("nyhetsbrev/", include(newsletter_urls)),
    path("kommentarer/", include(comments_urls)),
    path("konto/", include(accounts_urls)),
    path("konto/", include("allauth.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Pages in the language of their tree: Norwegian without a prefix, as
# always, English under /en/ (home/i18n.py); the calendar feeds with them,
# and the pages visitors read that are views (home.i18n.TRANSLATED_VIEWS),
# at an address translated into each language (Norwegian as always).
urlpatterns += i18n_patterns(
    path(
        pgettext_lazy("URL path", "accessibility/"),
        home_views.accessibility_statement,
        name="accessibility_statement",
    ),
    *tickets_urls.translated_urlpatterns,
    path("rss/nyheter.xml", news_feed, name="news_feed"),
    path("rss/program.xml", programme_feed, name="programme_feed"),
    path("", include(events_urls)),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)

# 503 with Retry-After while the database cannot be reached; else 500.
handler500 = "home.errors.server_error"
