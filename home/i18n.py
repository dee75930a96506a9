"""Content in Norwegian and English: Wagtail's internationalisation, one page
tree per locale (Norwegian at the root, English under ``/en/``), translated
with wagtail-localize.

Serving a page must not cost a query per language question, so what rarely
changes (the locales, each page's translations) is remembered per page-cache
generation (home/cache.py), which every publish renews."""

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from wagtail.models import Locale, Page
from wagtail_localize.fields import BaseTranslatableField

from .cache import cached_for_generation

UNTRANSLATED_PARAMETER = "uoversatt"
# The language a view that is not a page answers in (the search), chosen
# by the form it came from.
LANGUAGE_PARAMETER = "sprak"
# Views outside the page tree that visitors read as pages: like a page, each
# has an address per language (translated paths in venue/urls.py's
# i18n_patterns) and is in the language of its address.
TRANSLATED_VIEWS = {"accessibility_statement", "terms_of_sale"}


def locale_codes():
    """{locale id: language code}, read once per cache generation."""
    return cached_for_generation(
        "locales", lambda: dict(Locale.objects.values_list("pk", "language_code"))
    )


def locale_id(language_code=None):
    """The id of the locale of ``language_code`` (the active language when
    not given), or of the default locale when there is none."""
    codes = {code: pk for pk, code in locale_codes().items()}
    code = language_code or translation.get_language() or settings.LANGUAGE_CODE
    return codes.get(code) or codes.get(settings.LANGUAGE_CODE)


def default_locale_id():
    return locale_id(settings.LANGUAGE_CODE)


def language_of(instance):
    """The language code of a page or snippet's content."""
    return locale_codes().get(instance.locale_id, settings.LANGUAGE_CODE)


def page_translations(page, request=None):
    """{language code: URL} of the live versions of ``page`` in every
    language, itself included; read once per generation."""

    def produce():
        pages = Page.objects.live().filter(translation_key=page.translation_key)
        return {
            language_of(translated): translated.get_url(request)
            for translated in pages.only("pk", "url_path", "locale_id", "depth")
        }

    return cached_for_generation(f"translations:{page.translation_key}", produce)


def reverse_in(code, viewname, args=None, kwargs=None):
    """``reverse()`` in the language ``code``: a view of TRANSLATED_VIEWS
    at its address in that language (``/en/accessibility/``)."""
    with translation.override(code):
        return reverse(viewname, args=args, kwargs=kwargs)


def view_translations(request):
    """{language code: URL} of the view that answered ``request`` in every
    language when it is one of TRANSLATED_VIEWS, else {}: what a page's
    ``page_translations`` is to the hreflang links and the language switch."""
    match = getattr(request, "resolver_match", None)
    if match is None or match.view_name not in TRANSLATED_VIEWS:
        return {}
    return {
        code: reverse_in(code, match.view_name, match.args, match.kwargs)
        for code, _name in settings.LANGUAGES
    }


def home_urls(request=None):
    """{language code: URL of that language's home page}."""
    site = getattr(request, "_wagtail_site", None) if request else None
    roots = getattr(site, "root_pages", None) or {}
    return {code: root.get_url(request) for code, root in roots.items()}


class SharedWithSource(BaseTranslatableField):
    """For wagtail-localize: a child relation that a translation neither
    translates nor copies, because the source's rows serve every language
    (an event's performances and ticket prices)."""
