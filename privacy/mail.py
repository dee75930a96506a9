"""The privacy app's mails: a subject, a plain-text body and, where a
template exists, an HTML body, rendered in the recipient's language."""

import logging
import smtplib

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.utils import translation

from home.models import VenueSettings

logger = logging.getLogger(__name__)


def send_privacy_mail(name, recipient, context, *, language="") -> bool:
    """Send ``templates/privacy/email/<name>_*`` to ``recipient``. Return
    whether it was handed to the mail server; a failure is logged (without
    the address) for the caller to retry, never raised."""
    context = {"venue": VenueSettings.load(), **context}
    with translation.override(language or settings.LANGUAGE_CODE):
        subject = " ".join(
            render_to_string(f"privacy/email/{name}_subject.txt", context).split()
        )
        body = render_to_string(f"privacy/email/{name}_body.txt", context)
        try:
            html = render_to_string(f"privacy/email/{name}_body.html", context)
        except TemplateDoesNotExist:
            html = None
    message = EmailMultiAlternatives(subject, body, to=[recipient])
    if html:
        message.attach_alternative(html, "text/html")
    try:
        message.send()
    except (smtplib.SMTPException, OSError):
        logger.exception("Could not send the privacy mail %r.", name)
        return False
    return True
