"""One way for every app to send a mail: a subject, a plain-text body and,
where a template exists, an HTML body, rendered in the recipient's language
with the venue in the context."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.utils import translation

from .mail_transport import send_message
from .models import VenueSettings


def render_mail(template_prefix, context, *, language=None):
    """Render ``<template_prefix>_subject.txt``, ``_body.txt`` and, if it
    exists, ``_body.html``: ``(subject, text, html or None)``."""
    context = {"venue": VenueSettings.current(), **context}
    with translation.override(language or settings.LANGUAGE_CODE):
        subject = " ".join(
            render_to_string(f"{template_prefix}_subject.txt", context).split()
        )
        text = render_to_string(f"{template_prefix}_body.txt", context)
        try:
            html = render_to_string(f"{template_prefix}_body.html", context)
        except TemplateDoesNotExist:
            html = None
    return subject, text, html


def send_templated_mail(
    template_prefix, recipient, context, *, language=None, headers=None
) -> bool:
    """Send the mail ``template_prefix`` names to ``recipient`` (see
    :func:`send_message`)."""
    subject, text, html = render_mail(template_prefix, context, language=language)
    message = EmailMultiAlternatives(subject, text, to=[recipient], headers=headers)
    if html:
        message.attach_alternative(html, "text/html")
    return send_message(message, template_prefix)
