"""An issue as the mail subscribers get: its content rendered once (HTML
and plain text, absolute links), put in the mail's frame, and personalised
per subscriber by swapping in their unsubscribe and manage links.

The frame is rendered once per batch with placeholders where each
subscriber's links go; personalising is then two string replacements, so a
batch of hundreds costs one template render, not hundreds."""

import dataclasses
import re

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.html import escape
from django.utils.safestring import mark_safe

from home.models import VenueSettings
from home.site_url import site_url

from .text import absolutise_html

UNSUBSCRIBE_PLACEHOLDER = "NEWSLETTER-UNSUBSCRIBE-URL-0d2f"
MANAGE_PLACEHOLDER = "NEWSLETTER-MANAGE-URL-0d2f"


@dataclasses.dataclass(frozen=True)
class RenderedIssue:
    """The subject and both bodies of an issue, with placeholders for the
    subscriber's links."""

    subject: str
    html: str
    text: str

    def personalise(self, *, unsubscribe_url: str, manage_url: str):
        """``(html, text)`` with the subscriber's links in place."""
        html = self.html.replace(
            UNSUBSCRIBE_PLACEHOLDER, escape(unsubscribe_url)
        ).replace(MANAGE_PLACEHOLDER, escape(manage_url))
        text = self.text.replace(UNSUBSCRIBE_PLACEHOLDER, unsubscribe_url).replace(
            MANAGE_PLACEHOLDER, manage_url
        )
        return html, text


def _tidy(text: str) -> str:
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"


def render_body(issue) -> tuple[str, str]:
    """The issue's content as it is now, as HTML and as plain text, in the
    issue's language (upcoming events are read now)."""
    context = {"issue": issue, "base_url": site_url()}
    with translation.override(issue.language):
        html = absolutise_html(issue.body.render_as_block(context))
        text = issue.body.stream_block.render_text(issue.body, context)
    return html, text


def render_issue(issue, *, frozen=False, preview=False) -> RenderedIssue:
    """The whole mail of ``issue``. ``frozen`` uses the content fixed when
    sending started (what every subscriber gets); otherwise the content is
    rendered afresh (preview, test mail). In a ``preview`` the subscriber's
    links lead nowhere."""
    if frozen and issue.body_html:
        body_html, body_text = issue.body_html, issue.body_text
    else:
        body_html, body_text = render_body(issue)
    context = {
        "issue": issue,
        "venue": VenueSettings.current(),
        "base_url": site_url(),
        "body_html": mark_safe(body_html),  # noqa: S308 - rendered from our block templates
        "body_text": body_text,
        "unsubscribe_url": UNSUBSCRIBE_PLACEHOLDER,
        "manage_url": MANAGE_PLACEHOLDER,
        "preview": preview,
    }
    with translation.override(issue.language):
        rendered = RenderedIssue(
            subject=" ".join(issue.subject.split()),
            html=render_to_string("newsletter/mailing/issue.html", context),
            text=_tidy(render_to_string("newsletter/mailing/issue.txt", context)),
        )
    if preview:
        html, text = rendered.personalise(unsubscribe_url="#", manage_url="#")
        rendered = dataclasses.replace(rendered, html=html, text=text)
    return rendered
