"""Template tags of the privacy app, for every page: the cookie banner (the
same HTML for every visitor, so pages stay cacheable), the notice of a
changed privacy statement for logged-in people, and third-party embeds that
wait for consent."""

import re
from urllib.parse import urlsplit

from django import template
from django.urls import reverse
from wagtail.embeds.embeds import get_embed
from wagtail.embeds.exceptions import EmbedException

from .. import cookies, policy
from ..conf import conf
from ..models import PrivacySettings

register = template.Library()

_YOUTUBE_EMBED = re.compile(r"https?://(?:www\.)?youtube\.com/embed/", re.IGNORECASE)
NOCOOKIE_EMBED = "https://www.youtube-nocookie.com/embed/"


@register.inclusion_tag("privacy/components/consent_banner.html")
def consent_banner():
    """The banner, hidden until ``static/js/consent.js`` finds no valid
    choice; its data attributes tell the script the cookie list version and
    the IDs of the services to load after consent."""
    privacy = PrivacySettings.current()
    return {
        "cookie_list_version": cookies.cookie_list_version(),
        "analytics_id": privacy.analytics_id,
        "pixel_id": privacy.pixel_id,
        "consent_url": reverse("privacy:consent"),
        "settings_url": reverse("privacy:cookies"),
        "cookie_name": conf.CONSENT_COOKIE_NAME,
        "consent_days": conf.CONSENT_DAYS,
    }


@register.inclusion_tag("privacy/components/policy_notice.html", takes_context=True)
def policy_notice(context):
    """For a logged-in person who has not yet acknowledged the newest
    material change: what changed, in the page's language when the version
    has a text in it, and a button to say they have read it. Costs no query
    for anonymous visitors."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"version": None}
    version = policy.version_to_acknowledge(user)
    return {
        "version": policy.localized_version(version),
        "next": request.get_full_path() if request else "/",
    }


def nocookie(html: str) -> str:
    """YouTube's embeds from its no-cookie domain."""
    return _YOUTUBE_EMBED.sub(NOCOOKIE_EMBED, html)


def provider_of(url: str, embed=None) -> str:
    if embed is not None and embed.provider_name:
        return embed.provider_name
    host = urlsplit(url).hostname or ""
    return host.removeprefix("www.")


@register.inclusion_tag("privacy/components/embed_placeholder.html")
def consented_embed(value):
    """A Wagtail embed behind a placeholder that names its provider. The
    embed's HTML waits in a ``<template>``; the script puts it in place on
    a click, or at once for a visitor who accepted marketing cookies."""
    if not value:
        return {"url": None}
    try:
        embed = get_embed(value.url, value.max_width, value.max_height)
        html = value.html
    except EmbedException:
        embed, html = None, ""
    return {
        "url": value.url,
        "provider": provider_of(value.url, embed),
        "html": nocookie(html),
        "title": getattr(embed, "title", "") or "",
    }
