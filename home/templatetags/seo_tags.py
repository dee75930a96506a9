"""What search engines and link previews read from every page: the
canonical address, Open Graph and Twitter card tags, and the feeds.

A page says what it has to share through three optional attributes, so
this ground-floor tag needs to know no page type of the floors above:
``social_image`` (a Wagtail image), ``social_description`` (text) and
``social_meta_extra`` (a list of ``(property, content)`` pairs, e.g. an
article's publication time). Without them the page's search description,
else the home page's, and the share image of the venue settings serve."""

from django import template
from django.urls import reverse
from django.utils.translation import get_language, gettext

from ..models import VenueSettings

register = template.Library()

# Open Graph's recommended size for link previews (1.91:1).
SHARE_IMAGE = "fill-1200x630"
OG_LOCALES = {"nb": "nb_NO", "en": "en_GB"}


def canonical_url(request):
    """This address without its query, except the page number of a listing
    (each page of results is its own canonical page)."""
    url = request.build_absolute_uri(request.path)
    # From the raw query string: a hostile one (too many fields) must not
    # make the page fail while rendering.
    query = request.META.get("QUERY_STRING", "")
    numbers = [part[5:] for part in query.split("&") if part.startswith("side=")]
    if numbers and numbers[0].isdigit() and numbers[0].lstrip("0") not in ("", "1"):
        url += f"?side={int(numbers[0])}"
    return url


@register.simple_tag(takes_context=True)
def canonical(context):
    """This page's canonical address (``{% canonical as url %}``): what a
    share link passes on, without the query a visitor happened to have."""
    request = context.get("request")
    return canonical_url(request) if request is not None else ""


def _home(request):
    site = getattr(request, "_wagtail_site", None)
    return getattr(site, "root_page", None)


@register.inclusion_tag("components/social_meta.html", takes_context=True)
def social_meta(context):
    request = context.get("request")
    if request is None:
        return {}
    page = context.get("page")
    page = page if getattr(page, "translation_key", None) else None
    venue = VenueSettings.current()
    home = _home(request)
    title = context.get("social_title") or (
        (page.seo_title or page.title) if page else venue.name
    )
    description = (
        getattr(page, "search_description", "")
        or getattr(page, "social_description", "")
        or getattr(page, "introduction", "")
        or getattr(home, "search_description", "")
        or gettext(
            "%(venue)s: concerts, theatre and talks. The programme, tickets "
            "and news from the house."
        )
        % {"venue": venue.name}
    )
    image = getattr(page, "social_image", None) or venue.share_image
    image_data = None
    if image is not None:
        rendition = image.get_rendition(SHARE_IMAGE)
        image_data = {
            "url": request.build_absolute_uri(rendition.url),
            "width": rendition.width,
            "height": rendition.height,
            "alt": getattr(page, "social_image_alt", "") or image.title,
        }
    language = get_language()
    return {
        "canonical": canonical_url(request),
        "title": title,
        "description": " ".join(description.split()),
        "site_name": venue.name,
        "type": getattr(page, "social_type", "website"),
        "locale": OG_LOCALES.get(language, "nb_NO"),
        "image": image_data,
        "extra": getattr(page, "social_meta_extra", None) or [],
        "feeds": [
            {"url": reverse("news_feed"), "title": "news"},
            {"url": reverse("programme_feed"), "title": "programme"},
        ],
    }
