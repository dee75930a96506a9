"""The site's answer to an error no view handled (``handler500`` in
venue/urls.py).

When the database cannot be reached (restarting, failing over, refusing
connections while it starts) nothing is wrong with the request: it can be
sent again in a moment. The answer is then 503 Service Unavailable with
Retry-After, which tells browsers, crawlers and the front proxy to try again
shortly, and the page says so; it is rendered without the database. Every
other error gets Django's 500 page (templates/500.html), except a request
that lacks a field the view reads by name, which is the client's error
(``MissingFieldMiddleware``)."""

import sys

from django.core.exceptions import BadRequest
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template import loader
from django.utils import translation
from django.utils.datastructures import MultiValueDictKeyError
from django.views import defaults

RETRY_AFTER_SECONDS = 5
# SQLSTATE classes of a database that is not there: connection exceptions
# (08...) and operator intervention (57P01 shut down by an administrator,
# 57P02 crashed, 57P03 cannot connect now: starting or shutting down).
UNAVAILABLE_SQLSTATES = ("08", "57P")


def database_unavailable(error) -> bool:
    """Whether ``error`` says the database could not be reached (rather
    than refusing a query: a lock timeout, a deadlock, a bad statement).
    An operational error without an SQLSTATE is one the server never
    answered with: a refused or broken connection, or SQLite busy."""
    if isinstance(error, InterfaceError):
        return True
    if not isinstance(error, OperationalError):
        return False
    sqlstate = getattr(error.__cause__, "sqlstate", None)
    return sqlstate is None or sqlstate.startswith(UNAVAILABLE_SQLSTATES)


def server_error(request, template_name=defaults.ERROR_500_TEMPLATE_NAME):
    """``handler500``: 503 with Retry-After while the database is away,
    else Django's own 500 view."""
    error = sys.exc_info()[1]
    if not database_unavailable(error):
        return defaults.server_error(request, template_name)
    # No request context: its processors read the database.
    html = loader.get_template("503.html").render(
        {"language": translation.get_language(), "seconds": RETRY_AFTER_SECONDS}
    )
    response = HttpResponse(html, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


class MissingFieldMiddleware:
    """A view that reads ``request.POST[name]`` (Wagtail's StreamField reads
    ``body-count`` so) fails with ``MultiValueDictKeyError`` when a request
    leaves the field out: a crafted or truncated request, never the form
    the page showed. Answer 400 Bad Request (logged as such), not 500."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, MultiValueDictKeyError):
            raise BadRequest(f"The request has no field {exception}.") from exception
        return None
