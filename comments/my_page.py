"""The "My comments" section of my page (``/konto/meg/``), offered through
the ``my_page_sections`` Wagtail hook (see wagtail_hooks.py): accounts finds
it there, so comments never imports accounts, an app on its own floor."""

from django.utils.translation import gettext_lazy as _

from . import services

SECTION_KEY = "comments"
TEMPLATE = "comments/site/my_page.html"


def section_context(request):
    """The person's latest comments with their state."""
    return {"comments": services.my_comments(request.user)}


def section():
    """The section as the hook describes it."""
    return {
        "key": SECTION_KEY,
        "title": _("My comments"),
        "template_name": TEMPLATE,
        "get_context": section_context,
        "order": 30,
    }
