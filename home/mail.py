"""One way for every app to send a mail: a subject, a plain-text body and,
where a template exists, an HTML body, rendered in the recipient's language
with the venue in the context."""

import logging
import smtplib

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.utils import translation

from .models import VenueSettings

logger = logging.getLogger(__name__)


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


def send_message(message, name) -> bool:
    """Hand ``message`` to the mail server. Return whether it took it; a
    failure is logged (with the mail's ``name``, without the address) for
    the caller to retry, never raised: the caller's work is done and must
    not be undone by a mail server."""
    try:
        message.send()
    except (smtplib.SMTPException, OSError):
        logger.exception("Could not send the mail %r.", name)
        return False
    return True
