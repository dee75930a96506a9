"""Every POST endpoint of the site is submitted by at least one browser test.

The test client sends no Origin header and hides what real browsers refuse
(DESIGN.md), so each form a visitor or editor can send is sent once from
Chromium. A browser test names what it submits with a marker::

    @pytest.mark.submits("comments:post", "newsletter:confirm")

Names are Django URL names as the URL conf namespaces them; a Wagtail page
type that takes POSTs is ``page:<app_label>.<ModelName>``; an admin view is
named by its URL name (``comments_admin_bulk``,
``wagtailsnippets_newsletter_issue:send_now``).

Which endpoints there are, and which take POST, is read from the code:

- every URL pattern of the resolved URL conf outside the admin (our apps,
  allauth under /konto/, Wagtail's public views), and in the admin those
  registered by our code: our ``register_admin_urls`` hooks and the snippet
  viewsets and wagtail-modeladmin classes of our models (not Wagtail's own
  admin);
- a class-based view takes POST when it has a ``post`` handler that its
  ``http_method_names`` allows (wagtail-modeladmin views are looked up on
  the ModelAdmin's ``<name>_view_class``);
- a function view says which methods it takes with Django's
  ``require_POST``, ``require_safe``, ``require_GET`` or
  ``require_http_methods([...])`` (in the decorators above its ``def``, also
  through ``method_decorator``, or wrapped around it anywhere). Every view of
  ours must say so: a view that says nothing takes every method, and reading
  its body for ``request.POST`` is a guess, so
  :func:`test_every_view_of_ours_says_which_methods_it_takes` fails for it.
  Third-party function views that say nothing count as taking POST when
  their source reads ``request.POST``, ``request.body`` or ``request.method``;
- a page type of ours takes POST when it is a Wagtail form page or its own
  ``serve`` reads ``request.method``, ``request.POST`` or ``request.body``.

Endpoints that are not forms a person submits (webhooks, mail clients'
one-click POSTs, scripts) are listed in ``NOT_FORMS`` with the reason and
the non-browser test that posts to them; the list is checked too."""

import ast
import importlib
import inspect
import re
import textwrap
from functools import cache
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver
from wagtail.contrib.forms.models import FormMixin
from wagtail.models import get_page_models

E2E_DIR = Path(__file__).parent
TESTS_DIR = E2E_DIR.parent

# Endpoints that take POST but that no person submits from a page of the
# site: each is posted to by the test named beside it (file[::function]).
NOBODY_OFFERED = (
    "the admin offers no form for it: its permission helper refuses every user"
)
NOT_FORMS = {
    "tickets:stripe_webhook": (
        "Stripe's servers post signed events to it",
        "tests/tickets/test_webhooks.py"
        "::test_a_completed_checkout_marks_the_order_paid_and_issues_tickets_once",
    ),
    "newsletter:sms_twilio_inbound": (
        "Twilio posts the replies to our SMS (stop words) to it",
        "tests/newsletter/test_sms_twilio.py",
    ),
    "wagtailsnippets_newsletter_issue:preview_on_add": (
        "Wagtail's preview panel posts the form to it from its script as the "
        "editor types; the issue form itself is submitted in a browser test",
        "tests/newsletter/test_mailing_admin.py"
        "::test_the_admin_preview_renders_the_mail",
    ),
    "wagtailsnippets_newsletter_issue:preview_on_edit": (
        "Wagtail's preview panel posts the form to it from its script",
        "tests/newsletter/test_mailing_admin.py"
        "::test_the_admin_preview_renders_the_mail",
    ),
    "account_confirm_login_code": (
        "allauth mounts it, but signing in by a mailed code is off: the page "
        "sends every visitor on to the password login",
        "tests/accounts/test_unused_allauth_forms.py"
        "::test_a_post_to_the_login_code_form_signs_nobody_in",
    ),
    "account_set_password": (
        "allauth mounts it for accounts without a password; every account "
        "here gets one at sign-up, so it sends the person to the change form",
        "tests/accounts/test_unused_allauth_forms.py"
        "::test_a_post_to_set_a_first_password_leaves_the_password_alone",
    ),
    "wagtailcore_login": (
        "Wagtail's own login for pages restricted to signed-in visitors; "
        "nothing links to it, as WAGTAIL_FRONTEND_LOGIN_URL falls back to "
        "LOGIN_URL (allauth's login, submitted in the account tests)",
        "tests/home/test_restricted_pages.py"
        "::test_a_page_for_signed_in_visitors_sends_others_to_the_sites_login",
    ),
    "comments_comment_modeladmin_create": (
        NOBODY_OFFERED,
        "tests/comments/test_moderation.py"
        "::test_editors_cannot_write_comments_in_the_admin",
    ),
    "newsletter_subscriber_modeladmin_create": (
        NOBODY_OFFERED,
        "tests/newsletter/test_subscriber_admin.py"
        "::test_nobody_adds_or_edits_subscribers_in_the_admin",
    ),
    "newsletter_subscriber_modeladmin_edit": (
        NOBODY_OFFERED,
        "tests/newsletter/test_subscriber_admin.py"
        "::test_nobody_adds_or_edits_subscribers_in_the_admin",
    ),
    **{
        f"tickets_order_modeladmin_{action}": (
            NOBODY_OFFERED,
            "tests/tickets/test_admin.py"
            "::test_orders_cannot_be_added_edited_or_deleted",
        )
        for action in ("create", "edit", "delete")
    },
    **{
        f"tickets_performancesales_modeladmin_{action}": (
            NOBODY_OFFERED,
            "tests/tickets/test_admin.py"
            "::test_performance_rows_cannot_be_added_or_deleted_even_by_a_superuser",
        )
        for action in ("create", "delete")
    },
}


def our_apps():
    """The apps in this repository (not installed packages)."""
    base = Path(settings.BASE_DIR).resolve()
    return {
        config.name
        for config in apps.get_app_configs()
        if Path(config.path).resolve().is_relative_to(base)
        and ".venv" not in Path(config.path).parts
    }


def is_ours(module_name):
    return (module_name or "").split(".")[0] in our_apps()


# Reading views ----------------------------------------------------------------

METHOD_DECORATORS = {
    "require_POST": {"POST"},
    "require_GET": {"GET"},
    "require_safe": {"GET", "HEAD"},
}
READS_POST = re.compile(r"request\.(POST|body|method)\b")


def unwrap(view):
    """The function a view's decorators wrap, through bound methods too."""
    view = getattr(view, "__func__", view)
    while hasattr(view, "__wrapped__"):
        view = view.__wrapped__
        view = getattr(view, "__func__", view)
    return view


def methods_in_closures(view):
    """The methods ``require_http_methods`` was given, if it wraps the view
    at any level (the decorator keeps them in its closure)."""
    current = view
    while current is not None:
        function = getattr(current, "__func__", current)
        code = getattr(function, "__code__", None)
        if code is not None and function.__closure__:
            cells = dict(zip(code.co_freevars, function.__closure__, strict=True))
            if "request_method_list" in cells:
                return {
                    method.upper()
                    for method in cells["request_method_list"].cell_contents
                }
        current = getattr(function, "__wrapped__", None)
    return None


def _decorator_methods(node):
    """The methods one decorator expression restricts to, or None."""
    if isinstance(node, ast.Call):
        name = getattr(node.func, "id", getattr(node.func, "attr", ""))
        if name == "method_decorator" and node.args:
            return _decorator_methods(node.args[0])
        if name == "require_http_methods" and node.args:
            return {
                element.value.upper()
                for element in getattr(node.args[0], "elts", [])
                if isinstance(element, ast.Constant)
            }
        return None
    name = getattr(node, "id", getattr(node, "attr", ""))
    return METHOD_DECORATORS.get(name)


@cache
def source_of(function):
    try:
        return textwrap.dedent(inspect.getsource(function))
    except (OSError, TypeError):
        return ""


def methods_in_decorators(function):
    """The methods the decorators above a ``def`` restrict it to, or None
    (``co_firstlineno`` starts at the first decorator, so does the source)."""
    source = source_of(function)
    if not source:
        return None
    definition = ast.parse(source).body[0]
    for decorator in getattr(definition, "decorator_list", []):
        methods = _decorator_methods(decorator)
        if methods is not None:
            return methods
    return None


def declared_methods(view):
    """The methods a function view says it takes, or None if it says none."""
    methods = methods_in_closures(view)
    if methods is None:
        methods = methods_in_decorators(unwrap(view))
    return methods


def bound_owner(view):
    """The object a view is a bound method of (a ModelAdmin, a viewset),
    through the decorators Wagtail wraps admin views in."""
    current = view
    while current is not None:
        if getattr(current, "__self__", None) is not None:
            return current.__self__
        current = getattr(current, "__wrapped__", None)
    return None


def modeladmin_view_class(view):
    """wagtail-modeladmin routes to bound methods (``edit_view``) that build
    the view from ``edit_view_class``."""
    owner = bound_owner(view)
    name = getattr(unwrap(view), "__name__", "")
    if owner is not None and hasattr(owner, f"{name}_class"):
        return getattr(owner, f"{name}_class")
    return None


def view_class_of(view):
    return getattr(view, "view_class", None) or modeladmin_view_class(view)


def class_takes_post(view_class):
    return "post" in view_class.http_method_names and callable(
        getattr(view_class, "post", None)
    )


def takes_post(view):
    view_class = view_class_of(view)
    if view_class is not None:
        return class_takes_post(view_class)
    methods = declared_methods(view)
    if methods is not None:
        return "POST" in methods
    return bool(READS_POST.search(source_of(unwrap(view))))


@cache
def our_viewset_namespaces():
    """URL namespaces of the admin viewsets whose class is ours (our
    snippet viewsets; not the choosers Wagtail adds to them, nor Wagtail's
    own viewsets of our models, such as the users)."""
    from wagtail.admin.viewsets import viewsets

    get_resolver().url_patterns  # noqa: B018 - registers the viewsets
    return {
        viewset.url_namespace
        for viewset in viewsets.viewsets
        if is_ours(type(viewset).__module__)
    }


def registered_by_us(name, view):
    """An admin view our code registers: its code is in one of our apps
    (our ``register_admin_urls`` hooks, our view classes and viewset
    methods), it belongs to a ModelAdmin of ours, or to a viewset of ours."""
    view_class = view_class_of(view)
    if view_class is not None and is_ours(view_class.__module__):
        return True
    if is_ours(getattr(unwrap(view), "__module__", "")):
        return True
    owner = bound_owner(view)
    if owner is not None and is_ours(type(owner).__module__):
        return True
    return (name or "").partition(":")[0] in our_viewset_namespaces()


# The endpoints ----------------------------------------------------------------


def url_patterns(patterns=None, prefix="", namespaces=()):
    """(route, namespaced name, view) for every pattern of the URL conf."""
    if patterns is None:
        patterns = get_resolver().url_patterns
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = namespaces + ((pattern.namespace,) if pattern.namespace else ())
            yield from url_patterns(
                pattern.url_patterns, prefix + str(pattern.pattern), inner
            )
        elif isinstance(pattern, URLPattern):
            name = ":".join((*namespaces, pattern.name)) if pattern.name else None
            yield prefix + str(pattern.pattern), name, pattern.callback


def in_scope(route, name, view):
    if route.lstrip("^").startswith("admin/"):
        return registered_by_us(name, view)
    return True


def page_takes_post(model):
    if issubclass(model, FormMixin):
        return True
    serve = model.__dict__.get("serve")
    return serve is not None and bool(READS_POST.search(source_of(unwrap(serve))))


@cache
def post_endpoints():
    """{name: where} for every endpoint that takes POST."""
    endpoints = {}
    for route, name, view in url_patterns():
        if not in_scope(route, name, view) or not takes_post(view):
            continue
        if name is None:
            endpoints[f"<unnamed> {route}"] = route
        else:
            endpoints.setdefault(name, route)
    for model in get_page_models():
        if is_ours(model.__module__) and page_takes_post(model):
            endpoints[f"page:{model._meta.label}"] = model.__module__
    return endpoints


def all_endpoint_names():
    """Every endpoint a marker may name (POST or not: a marker on a GET-only
    page is caught by the "takes no POST" check with its own message)."""
    names = {name for _route, name, _view in url_patterns() if name}
    names |= {f"page:{model._meta.label}" for model in get_page_models()}
    return names


def browser_test_modules():
    for path in sorted(E2E_DIR.glob("test_*.py")):
        yield importlib.import_module(f"tests.e2e.{path.stem}")


@cache
def submitted():
    """{endpoint name: [browser tests naming it]} from the ``submits``
    markers of the test functions in tests/e2e."""
    names = {}
    for module in browser_test_modules():
        for attribute, function in vars(module).items():
            if not attribute.startswith("test_") or not callable(function):
                continue
            for mark in getattr(function, "pytestmark", []):
                if mark.name == "submits":
                    for name in mark.args:
                        names.setdefault(name, []).append(
                            f"{module.__name__}::{attribute}"
                        )
    return names


def our_views():
    """(name, view) for each function view of ours in the URL conf."""
    for route, name, view in url_patterns():
        if view_class_of(view) is not None:
            continue
        if is_ours(getattr(unwrap(view), "__module__", "")):
            yield name or route, view


# The tests --------------------------------------------------------------------


def test_every_post_endpoint_is_submitted_by_a_browser_test():
    missing = sorted(
        name
        for name in post_endpoints()
        if name not in submitted() and name not in NOT_FORMS
    )
    assert missing == [], (
        "No browser test submits these POST endpoints; add one marked "
        "@pytest.mark.submits(<name>), or list it in NOT_FORMS with a reason:\n  "
        + "\n  ".join(f"{name}  ({post_endpoints()[name]})" for name in missing)
    )


def test_every_submits_marker_names_an_endpoint_that_exists():
    known = all_endpoint_names()
    unknown = sorted(
        f"{name} in {', '.join(tests)}"
        for name, tests in submitted().items()
        if name not in known
    )
    assert unknown == [], "Markers naming no endpoint:\n  " + "\n  ".join(unknown)


def test_every_submits_marker_names_an_endpoint_that_takes_post():
    known = all_endpoint_names()
    not_post = sorted(
        f"{name} in {', '.join(tests)}"
        for name, tests in submitted().items()
        if name in known and name not in post_endpoints()
    )
    assert not_post == [], "Markers naming an endpoint that takes no POST:\n  " + (
        "\n  ".join(not_post)
    )


def test_every_endpoint_that_is_not_a_form_takes_post_and_has_its_own_test():
    problems = []
    for name, (_reason, test) in NOT_FORMS.items():
        if name not in post_endpoints():
            problems.append(f"{name}: not a POST endpoint (any more?)")
        path, _, function = test.partition("::")
        if not (Path(settings.BASE_DIR) / path).is_file():
            problems.append(f"{name}: {path} does not exist")
            continue
        module = importlib.import_module(path.removesuffix(".py").replace("/", "."))
        tests = [
            attribute for attribute in vars(module) if attribute.startswith("test")
        ]
        if function and function not in tests:
            problems.append(f"{name}: {path} has no {function}")
        if not tests:
            problems.append(f"{name}: {path} has no tests")
    assert problems == [], "\n".join(problems)


def test_every_view_of_ours_says_which_methods_it_takes():
    silent = sorted(
        f"{name} ({unwrap(view).__module__}.{unwrap(view).__qualname__})"
        for name, view in our_views()
        if declared_methods(view) is None
    )
    assert silent == [], (
        "These views take every method; say which they take with "
        "require_safe, require_POST or require_http_methods([...]):\n  "
        + "\n  ".join(silent)
    )


def test_the_check_tells_forms_from_pages_that_are_only_read():
    endpoints = post_endpoints()
    # A form with require_POST, one with require_http_methods, a class-based
    # one (allauth), an admin action of ours, a snippet viewset's form and a
    # form page are all found...
    for name in (
        "comments:post",
        "newsletter:subscribe",
        "account_login",
        "comments_admin_bulk",
        "wagtailsnippets_events_hall:add",
        "page:home.ContactPage",
    ):
        assert name in endpoints, name
    # ...and pages that are only read, Wagtail's own admin and page types
    # without a form are not.
    for name in (
        "events:calendar",
        "health",
        "search",
        "wagtailadmin_pages:edit",
        "page:events.EventPage",
    ):
        assert name not in endpoints, name
