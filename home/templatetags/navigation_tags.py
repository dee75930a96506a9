from django import template
from django.contrib.auth import get_user_model
from django.db.models import Q
from wagtail.admin.templatetags.wagtailuserbar import wagtailuserbar
from wagtail.models import Page, Site

from ..cache import cached_for_generation
from ..routing import public

register = template.Library()


@register.simple_tag(takes_context=True)
def menu_pages(context):
    """The pages shown in the header: children of the site's root page with
    "show in menus" ticked, as dicts with ``title``, ``url`` and ``current``
    ("page" for the page shown, "true" for its section, else "").

    The list is read once per cache generation; publishing starts a new one."""
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    if site is None:
        return []

    def produce():
        return [
            {"title": page.title, "url": page.get_url(request), "path": page.url_path}
            for page in public(Page.objects.child_of(site.root_page).live().in_menu())
        ]

    here = getattr(context.get("page"), "url_path", None)
    items = []
    # The site's root is the home page of the request's language
    # (home/routing.py): each language has its own menu.
    for item in cached_for_generation(f"menu:{site.pk}:{site.root_page_id}", produce):
        current = ""
        if here == item["path"]:
            current = "page"
        elif here and here.startswith(item["path"]):
            current = "true"
        items.append({**item, "current": current})
    return items


@register.simple_tag(takes_context=True)
def editor_userbar(context):
    """Wagtail's user bar (edit this page, the admin) for people who may use
    the admin, and nothing for everyone else. Wagtail asks the permission
    by reading all of the person's permissions (two queries on every page
    a signed-in visitor reads); this asks a set kept per cache generation,
    and Wagtail's own check runs only for the few people in it."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if not may_use_admin(user):
        return ""
    return wagtailuserbar(context)


def may_use_admin(user):
    """Whether ``user`` may use the admin: active, and a superuser or given
    Wagtail's "access admin" permission (themselves or through a group).
    The people so given are read once per cache generation; a change to
    anyone's groups or permissions starts one (home/signal_handlers.py)."""
    if not (getattr(user, "is_authenticated", False) and user.is_active):
        return False
    return user.is_superuser or user.pk in admin_user_ids()


def admin_user_ids():
    return cached_for_generation(
        "admin-user-ids",
        lambda: frozenset(
            get_user_model()
            .objects.filter(
                Q(
                    user_permissions__content_type__app_label="wagtailadmin",
                    user_permissions__codename="access_admin",
                )
                | Q(
                    groups__permissions__content_type__app_label="wagtailadmin",
                    groups__permissions__codename="access_admin",
                )
            )
            .values_list("pk", flat=True)
        ),
    )
