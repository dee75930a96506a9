"""Which language a page is in, its translations and the dates in it.

Pages carry their language in the URL (home/i18n.py). These tags give the
``lang`` attribute the language of the page's content, link each page to its
translations for search engines (``hreflang``) and for the language switch,
and write dates as each language does."""

from django import template
from django.conf import settings
from django.core.exceptions import TooManyFieldsSent
from django.template.defaultfilters import date as date_filter
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import get_language, get_language_info

from ..i18n import (
    LANGUAGE_PARAMETER,
    UNTRANSLATED_PARAMETER,
    home_urls,
    language_of,
    page_translations,
    view_translations,
)
from ..models import SiteTexts

register = template.Library()

# Django's date formats by style and language: "Monday 7 December 2026,
# 19:30" in English, "mandag 7. desember 2026, 19:30" in Norwegian.
DATE_STYLES = {
    "nb": {
        "date": "j. F Y",
        "date_time": "j. F Y, H:i",
        "day_month_time": "j. F H:i",
        "weekday_date": "l j. F Y",
        "weekday_date_time": "l j. F Y, H:i",
        "weekday_day_month_time": "l j. F, H:i",
    },
    "en": {
        "date": "j F Y",
        "date_time": "j F Y, H:i",
        "day_month_time": "j F H:i",
        "weekday_date": "l j F Y",
        "weekday_date_time": "l j F Y, H:i",
        "weekday_day_month_time": "l j F, H:i",
    },
}


def date_format(style, language=None):
    formats = DATE_STYLES.get(language or get_language()) or DATE_STYLES["nb"]
    return formats[style]


@register.filter
def local_date(value, style="date"):
    """``value`` written in the style named (a key of DATE_STYLES) in the
    active language, e.g. ``{{ performance.start|local_date:"weekday_date" }}``."""
    if value in (None, ""):
        return ""
    if hasattr(value, "tzinfo") and timezone.is_aware(value):
        value = timezone.localtime(value)
    return date_filter(value, date_format(style))


def _page(context):
    page = context.get("page")
    return page if getattr(page, "translation_key", None) else None


@register.simple_tag(takes_context=True)
def content_language(context):
    """The language of the content shown: the page's locale, else the
    active language (views that are not pages speak the visitor's)."""
    page = _page(context)
    return language_of(page) if page is not None else get_language()


@register.simple_tag(takes_context=True)
def translated_url(context, page):
    """The address of ``page`` (one a setting points at, such as the
    privacy page) in the language of the content shown, or its own when
    it has no translation in it yet; read once per cache generation."""
    request = context.get("request")
    translations = page_translations(page, request)
    return translations.get(content_language(context)) or page.get_url(request)


@register.simple_tag(takes_context=True)
def site_text(context, name):
    """One of the site texts (home.models.SiteTexts, e.g. "opening_hours")
    in the language of the content shown, or the Norwegian one with
    ``lang`` set when it has no translation yet::

        {% site_text "opening_hours" as hours %}
        {% if hours %}<p{% if hours.lang %} lang="{{ hours.lang }}"{% endif %}>...
    """
    return SiteTexts.for_language(content_language(context))[name]


@register.inclusion_tag("components/hreflang.html", takes_context=True)
def hreflang_links(context):
    """``<link rel="alternate" hreflang>`` to each live version of the page
    (or of a view read as a page, such as the terms of sale), itself
    included, with the Norwegian one as ``x-default``."""
    request = context.get("request")
    if request is None:
        return {"alternates": []}
    page = _page(context)
    if page is None:
        translations = view_translations(request)
    else:
        translations = page_translations(page, request)
    alternates = [
        {"code": code, "url": request.build_absolute_uri(url)}
        for code, _name in settings.LANGUAGES
        if (url := translations.get(code))
    ]
    default = translations.get(settings.LANGUAGE_CODE)
    if len(alternates) > 1 and default:
        alternates.append(
            {"code": "x-default", "url": request.build_absolute_uri(default)}
        )
    return {"alternates": alternates if len(alternates) > 1 else []}


@register.simple_tag(takes_context=True)
def language_links(context):
    """The language switch: each language named in itself, with a link that
    sets the language and brings the visitor to the same page (or view read
    as a page) in it, or, when the page has no translation yet, to that
    language's home page, which then says so (``untranslated_notice``)."""
    request = context["request"]
    page = _page(context)
    if page is None:
        translations = view_translations(request)
    else:
        translations = page_translations(page, request)
    homes = home_urls(request) if page is not None else {}
    current = content_language(context)
    links = []
    for code, _name in settings.LANGUAGES:
        if code in translations:
            target = translations[code]
        elif page is None:
            target = same_view_in(request, code)
        elif code in homes:
            target = f"{homes[code]}?{urlencode({UNTRANSLATED_PARAMETER: 1})}"
        else:
            target = request.get_full_path()
        links.append(
            {
                "code": code,
                "name": get_language_info(code)["name_local"],
                "url": reverse("set_language", args=[code])
                + "?"
                + urlencode({"neste": target}),
                "current": code == current,
            }
        )
    return links


def same_view_in(request, code):
    """The address of a view that is not a page (the search) in the
    language ``code``: the same address, with the language it carries set
    to ``code`` and from its first page of results (the other language
    has its own number of pages)."""
    try:
        query = request.GET.copy()
    except TooManyFieldsSent:
        return request.path
    if LANGUAGE_PARAMETER not in query:
        return request.get_full_path()
    query[LANGUAGE_PARAMETER] = code
    query.pop("side", None)
    return f"{request.path}?{query.urlencode()}"


@register.inclusion_tag("components/untranslated_notice.html", takes_context=True)
def untranslated_notice(context):
    """On a home page reached from the language switch of a page that has
    no translation yet: a notice that says so."""
    request = context.get("request")
    # Read from the raw query string: a hostile one (too many fields) must
    # not make the page fail while rendering.
    query = request.META.get("QUERY_STRING", "") if request else ""
    return {"shown": f"{UNTRANSLATED_PARAMETER}=1" in query.split("&")}


@register.simple_tag(takes_context=True)
def home_url(context):
    """The home page of the language shown (the site's root for the
    request, home/routing.py)."""
    request = context.get("request")
    site = getattr(request, "_wagtail_site", None)
    return (site.root_page.get_url(request) if site else None) or "/"
