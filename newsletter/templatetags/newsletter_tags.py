"""The newsletter's sign-up box, for the site's footer and other pages
(``{% newsletter_signup %}``), without those templates knowing the app."""

from django import template
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import mark_safe

from accounts.phone import format_phone
from home.cache import cached_for_generation

from .. import services
from ..forms import SubscribeForm

register = template.Library()

BOX_TEMPLATE = "newsletter/components/signup_box.html"


def _render_box(language) -> str:
    version = services.current_policy_version()
    form = SubscribeForm(
        auto_id="footer-newsletter-%s",
        initial={"policy_version": version.number if version else None},
    )
    shown_version = (
        {"number": version.number, "get_url": version.get_url()} if version else None
    )
    return render_to_string(
        BOX_TEMPLATE,
        {
            "form": form,
            "policy_version": shown_version,
            "consent_text": services.consent_text(
                policy_version=version, language=language
            ),
        },
    )


# Account pages (ours and allauth's) have address fields of their own and
# my page has the newsletter section; a second address field there would
# only confuse people and their browsers' autofill.
HIDDEN_NAMESPACES = {"accounts", "newsletter"}
HIDDEN_URL_NAME_PREFIXES = ("account_", "usersessions_")


def _hidden_here(context) -> bool:
    match = getattr(context.get("request"), "resolver_match", None)
    if match is None:
        return False
    return bool(
        set(match.namespaces) & HIDDEN_NAMESPACES
        or (match.url_name or "").startswith(HIDDEN_URL_NAME_PREFIXES)
    )


@register.simple_tag(takes_context=True)
def newsletter_signup(context):
    """The box: address, consent text, button. The same for everyone (no
    CSRF token: static/js/forms.js fetches one), so it is rendered once
    per page-cache generation and language; publishing the privacy page
    starts a new generation. Left out on the newsletter's own pages (the
    full form, or a page about one's subscription) and on account pages."""
    if _hidden_here(context):
        return ""
    language = translation.get_language() or ""
    return mark_safe(  # noqa: S308 (our own template's output, cached)
        cached_for_generation(
            f"newsletter-box:{language}", lambda: _render_box(language)
        )
    )


@register.filter
def readable_phone(value):
    """A stored E.164 number as people write it (912 34 567)."""
    return format_phone(value)
