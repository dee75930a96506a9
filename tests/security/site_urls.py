"""The public addresses of the demo site, one or two per kind of page, for
the header and hostile-input tests."""

from django.urls import NoReverseMatch, reverse

from events.models import EventIndexPage, EventPage, Performance
from home.models import ArticleIndexPage, ArticlePage, ContactPage, StandardPage
from privacy.models import PrivacyPolicyPage


def first_url(model):
    page = model.objects.live().order_by("path").first()
    assert page is not None, f"The demo content has no {model.__name__}."
    return page.url


def optional_url(name):
    """The address of a URL name, or None while no app provides it."""
    try:
        return reverse(name)
    except NoReverseMatch:
        return None


def sold_performance():
    """A demo performance whose event has ticket prices."""
    performance = (
        Performance.objects.filter(event__price_categories__isnull=False)
        .order_by("start")
        .first()
    )
    assert performance is not None, "The demo content sells no tickets."
    return performance


def public_urls() -> dict[str, str]:
    """``{kind of page: address}`` for every kind of public page."""
    event_index = first_url(EventIndexPage)
    event = first_url(EventPage)
    urls = {
        "home page": "/",
        "standard page": first_url(StandardPage),
        "article index": first_url(ArticleIndexPage),
        "article": first_url(ArticlePage),
        "event index": event_index,
        "event index filtered": event_index + "?sjanger=konsert&maned=2030-01",
        "event page": event,
        "event archive": event_index + "arkiv/",
        "programme calendar": event_index + "kalender.ics",
        "event calendar": event + "kalender.ics",
        "contact form page": first_url(ContactPage),
        "privacy statement": first_url(PrivacyPolicyPage),
        "rights request form": reverse("privacy:request"),
        "cookie settings": reverse("privacy:cookies"),
        "login": reverse("account_login"),
        "signup": reverse("account_signup"),
        "password reset": reverse("account_reset_password"),
        "search": reverse("search") + "?q=konsert",
        "empty search": reverse("search"),
        "ticket purchase": reverse("tickets:buy", args=[sold_performance().pk]),
        "not found": "/finnes-ikke/",
        "health check": reverse("health"),
        "sitemap": "/sitemap.xml",
    }
    newsletter = optional_url("newsletter:subscribe")
    if newsletter:
        urls["newsletter"] = newsletter
    return urls
