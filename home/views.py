import re

from django.conf import settings
from django.db import DatabaseError, connection
from django.http import HttpResponse, HttpResponseRedirect, JsonResponse
from django.middleware.csrf import get_token
from django.template.response import TemplateResponse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.views import csrf as django_csrf
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from wagtail.models import Page

from . import csrf
from .accessibility import current_report
from .i18n import LANGUAGE_PARAMETER, locale_id
from .models import AccessibilitySettings, VenueSettings, paginate
from .routing import public

SEARCH_QUERY_MAX_LENGTH = 200
SEARCH_RESULTS_MAX = 200
UNSEARCHABLE = re.compile(r'[\x00-\x1f\x7f"]')


@never_cache
@require_safe
def health(request):
    """200 when the database answers, 503 when it does not: for load
    balancers and monitoring."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


@never_cache
@require_safe
def form_token(request):
    """A CSRF token for a form on a cached page (fetched by
    static/js/forms.js when the form is used). Private, never stored."""
    return JsonResponse({"token": get_token(request)})


def csrf_failure(request, reason=""):
    """CSRF_FAILURE_VIEW: the app that owns the form answers (its form
    again, filled in, with a fresh token; see home/csrf.py); anything else
    gets Django's page."""
    handler = csrf.handler_for(request)
    if handler is None:
        return django_csrf.csrf_failure(request, reason)
    return handler(request, reason)


@require_safe
def search(request):
    """Site search over published pages: events, articles and the rest, in
    one language: the one of the page the search form was on (its hidden
    ``sprak`` field), else the visitor's choice. The results page is in
    that language too, so its ``lang`` matches the titles it lists.

    The query is not recorded (no ``Query.add_hit()``): people search for
    names, their own among them, and a stored query is personal data that
    no erasure could find. Editors' promotions match the words they type in
    themselves; the "popular searches" report stays empty on purpose."""
    query = searchable(request.GET.get("q", ""))
    language = request.GET.get(LANGUAGE_PARAMETER, "")
    if language not in dict(settings.LANGUAGES):
        language = translation.get_language()
    with translation.override(language):
        results = None
        if query:
            results = paginate(request, matching_page_ids(query, language=language), 10)
            pages = Page.objects.filter(pk__in=results.object_list).specific()
            by_pk = {page.pk: page for page in pages}
            results.object_list = [
                by_pk[pk] for pk in results.object_list if pk in by_pk
            ]
        response = TemplateResponse(
            request,
            "home/search.html",
            {"search_query": query, "search_results": results},
        )
        return response.render()


def searchable(query):
    """The query without what breaks a search backend and no search needs:
    NUL and other control characters (PostgreSQL refuses them in text) and
    double quotes (the SQLite backend quotes each word without escaping
    them, so a stray one was a server error)."""
    return UNSEARCHABLE.sub(" ", query).strip()[:SEARCH_QUERY_MAX_LENGTH]


def matching_page_ids(query, limit=SEARCH_RESULTS_MAX, language=None):
    """Ids of published pages in ``language`` (the active one when not
    given) matching ``query``, best first: whole-word matches anywhere in
    the text, then titles with a word that starts with a query word
    (Norwegian compounds: "jazz" finds "Jazzkveld")."""
    pages = public(Page.objects.live().filter(locale_id=locale_id(language)))
    ids = [page.pk for page in pages.search(query)[:limit]]
    seen = set(ids)
    for page in pages.autocomplete(query)[:limit]:
        if page.pk not in seen:
            seen.add(page.pk)
            ids.append(page.pk)
    return ids


@require_safe
def set_language(request, language):
    """Switch the interface language with a plain link (no form, so pages
    stay cacheable) and go back to where the visitor was."""
    response = HttpResponseRedirect(_safe_next(request))
    if language in dict(settings.LANGUAGES):
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            language,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            samesite=settings.LANGUAGE_COOKIE_SAMESITE,
            secure=settings.LANGUAGE_COOKIE_SECURE,
            httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        )
    return response


def _safe_next(request):
    target = request.GET.get("neste", "/")
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return "/"


# Pages of no use in search results: the admin, accounts, personal exports
# and every page reached from a mailed link (their tokens must not be
# crawled or listed), order pages, and the form-token endpoint.
ROBOTS_DISALLOWED = [
    "/admin/",
    "/konto/",
    "/skjema/",
    "/sprak/",
    "/sok/",
    "/personvern/foresporsel/",
    "/personvern/eksport/",
    "/personvern/verge/",
    "/personvern/samtykke/",
    "/personvern/lest/",
    "/personvern/begrens/",
    "/nyhetsbrev/bekreft/",
    "/nyhetsbrev/avmeld/",
    "/nyhetsbrev/abonnement/",
    "/nyhetsbrev/behold/",
    "/nyhetsbrev/meg/",
    "/nyhetsbrev/sms/",
    "/kommentarer/",
    "/billetter/kjop/",
    "/billetter/ordre/",
    "/billetter/stripe/",
]


@require_safe
def robots_txt(request):
    """``/robots.txt``: what crawlers may skip, and where the sitemap is."""
    lines = ["User-agent: *"]
    lines += [f"Disallow: {path}" for path in ROBOTS_DISALLOWED]
    lines += ["", f"Sitemap: {request.build_absolute_uri('/sitemap.xml')}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


@require_safe
def accessibility_statement(request):
    """The accessibility statement (tilgjengelighetserklæring): who answers
    for the site and how to give feedback (settings), and what the site's
    own automated checks found (home/accessibility.py)."""
    venue = VenueSettings.current()
    statement = AccessibilitySettings.load(request_or_site=request)
    return TemplateResponse(
        request,
        "home/accessibility_statement.html",
        {
            "statement": statement,
            "responsible": statement.responsible or venue.name,
            "feedback_email": statement.feedback_email or venue.email,
            "feedback_phone": statement.feedback_phone or venue.phone,
            "report": current_report(),
        },
    )
