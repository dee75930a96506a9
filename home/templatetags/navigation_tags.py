from django import template
from django.conf import settings
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import get_language, get_language_info
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
    for item in cached_for_generation(f"menu:{site.pk}", produce):
        current = ""
        if here == item["path"]:
            current = "page"
        elif here and here.startswith(item["path"]):
            current = "true"
        items.append({**item, "current": current})
    return items


@register.simple_tag(takes_context=True)
def language_links(context):
    """The language switch: each language named in itself, with a link that
    brings the visitor back to the same page."""
    here = context["request"].get_full_path()
    current = get_language()
    return [
        {
            "code": code,
            "name": get_language_info(code)["name_local"],
            "url": reverse("set_language", args=[code])
            + "?"
            + urlencode({"neste": here}),
            "current": code == current,
        }
        for code, _name in settings.LANGUAGES
    ]
