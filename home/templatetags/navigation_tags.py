from django import template
from django.contrib.auth.models import Permission
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
    a signed-in visitor reads); this asks for the one permission in one."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if not may_use_admin(user):
        return ""
    return wagtailuserbar(context)


def may_use_admin(user):
    if not (getattr(user, "is_authenticated", False) and user.is_active):
        return False
    if user.is_superuser:
        return True
    return (
        Permission.objects.filter(
            content_type__app_label="wagtailadmin", codename="access_admin"
        )
        .filter(Q(user=user) | Q(group__user=user))
        .exists()
    )
