"""CSRF protection for forms on pages served from the page cache.

A cached page is the same HTML for everyone, so it cannot hold a CSRF token.
Such a form carries ``data-token-url`` (the ``form_token`` endpoint instead),
and static/js/forms.js fetches a token from it, privately, when the form is
first used or sent. Without the script, or with a token gone stale, the post
fails Django's check; the app that owns the form can then answer with the
form again, filled in as sent and with a fresh token, instead of Django's
bare 403 page. It registers that answer here, by the URL name of the view
the form posts to::

    from home.csrf import on_csrf_failure

    @on_csrf_failure("comments:post")
    def comment_form_again(request, reason):
        return render(...)  # the form, filled in, with {% csrf_token %}

``CSRF_FAILURE_VIEW`` (``home.views.csrf_failure``) looks the handler up;
every other failure gets Django's page."""

from collections.abc import Callable

from django.http import HttpResponse

Handler = Callable[..., HttpResponse]

_handlers: dict[str, Handler] = {}


def on_csrf_failure(*view_names: str):
    """Decorator: answer CSRF failures of posts to ``view_names`` with the
    decorated ``(request, reason) -> response``."""

    def decorator(handler):
        for name in view_names:
            _handlers[name] = handler
        return handler

    return decorator


def handler_for(request) -> Handler | None:
    match = getattr(request, "resolver_match", None)
    if match is None:
        return None
    return _handlers.get(match.view_name)
