"""The sections of my page (``/konto/meg/``), registered by the apps that own
them.

accounts registers the profile, the person's data and the security log.
Apps on higher floors (comments, tickets, newsletter, privacy's consents) add
theirs from their ``AppConfig.ready()``, without accounts knowing them::

    from accounts.my_page import register_section

    register_section(
        "comments",
        title=_("My comments"),
        template_name="comments/my_page/comments.html",
        get_context=my_comments_context,  # (request) -> dict, or None to hide
        order=30,
    )

Apps on the floor below accounts (privacy) cannot import it; they offer
sections through the Wagtail hook ``my_page_sections`` instead, from their
``wagtail_hooks.py``: the hook function returns the same keyword arguments
as a dict (with ``key``), or a list of such dicts::

    @hooks.register("my_page_sections")
    def my_consents_section():
        return {"key": "consents", "title": _("My consents"), ...}

A section registered with ``register_section`` wins over a hooked one with
the same key.

A section's template is included with the dict its ``get_context`` returns,
plus ``section`` (the :class:`Section`) and ``request``. It renders an
``<h2 id="{{ section.heading_id }}">`` and its content; my page wraps it in a
``<section>`` labelled by that heading. A section whose ``get_context``
raises is left out and logged, so one broken app never breaks my page."""

import dataclasses
import logging
from collections.abc import Callable

from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from . import services
from .conf import conf
from .phone import format_phone

logger = logging.getLogger(__name__)

HOOK_NAME = "my_page_sections"


@dataclasses.dataclass(frozen=True)
class Section:
    key: str
    title: str
    template_name: str
    get_context: Callable | None = None
    order: int = 100

    @property
    def heading_id(self):
        return f"my-page-{self.key}"


_sections: dict[str, Section] = {}


def register_section(key, *, title, template_name, get_context=None, order=100):
    """Add (or replace) the section ``key``. Lower ``order`` comes first:
    the profile is 10, my data 80, security 90; apps' sections go between."""
    _sections[key] = Section(
        key=key,
        title=title,
        template_name=template_name,
        get_context=get_context,
        order=order,
    )


def unregister_section(key):
    _sections.pop(key, None)


def hooked_sections() -> list[Section]:
    """The sections offered through the ``my_page_sections`` hook."""
    found = []
    for hook in hooks.get_hooks(HOOK_NAME):
        specs = hook()
        for spec in [specs] if isinstance(specs, dict) else specs or []:
            found.append(Section(**spec))
    return found


def sections() -> list[Section]:
    merged = {section.key: section for section in hooked_sections()}
    merged.update(_sections)
    return sorted(merged.values(), key=lambda section: (section.order, section.key))


def render_context(request) -> list[tuple[Section, dict]]:
    """Each section to show for ``request.user``, with its template
    context."""
    shown = []
    for section in sections():
        try:
            context = section.get_context(request) if section.get_context else {}
        except Exception:  # noqa: BLE001 (one app's section must not break the page)
            logger.exception("My page section %r failed.", section.key)
            continue
        if context is None:
            continue
        shown.append((section, {**context, "section": section}))
    return shown


# accounts' own sections ------------------------------------------------------


def profile_context(request):
    user = request.user
    profile = services.get_profile(user)
    return {
        "profile": profile,
        "phone": format_phone(profile.phone),
        "needs_guardian": services.needs_guardian(profile),
    }


def data_context(request):
    return {"export": services.latest_export(request.user)}


def security_context(request):
    return {
        "sign_ins": services.recent_sign_ins(request.user),
        "failed_sign_ins": services.recent_failed_sign_ins(request.user),
        "security_events": services.recent_security_events(request.user),
        "sessions": services.active_sessions(request.user),
        "log_days": conf.SECURITY_LOG_DAYS,
    }


def register_own_sections():
    register_section(
        "profile",
        title=_("Profile"),
        template_name="accounts/my_page/profile.html",
        get_context=profile_context,
        order=10,
    )
    register_section(
        "data",
        title=_("My data"),
        template_name="accounts/my_page/data.html",
        get_context=data_context,
        order=80,
    )
    register_section(
        "security",
        title=_("Sign-ins and sessions"),
        template_name="accounts/my_page/security.html",
        get_context=security_context,
        order=90,
    )
