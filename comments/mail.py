"""The comments app's mails: ``templates/comments/site/email/<name>_subject.txt``
and ``_body.txt``, rendered in the recipient's language."""

import logging
import smtplib

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import translation

from home.models import VenueSettings

from . import conf

logger = logging.getLogger(__name__)


def send_comment_mail(name, recipient, context, *, language="", headers=None):
    """Send one mail; return whether the mail server took it. A failure is
    logged without the address and reported, never raised."""
    context = {"venue": VenueSettings.load(), "base_url": conf.base_url(), **context}
    with translation.override(language or settings.LANGUAGE_CODE):
        subject = " ".join(
            render_to_string(f"comments/site/email/{name}_subject.txt", context).split()
        )
        body = render_to_string(f"comments/site/email/{name}_body.txt", context)
    message = EmailMessage(subject, body, to=[recipient], headers=headers or {})
    try:
        message.send()
    except (smtplib.SMTPException, OSError):
        logger.exception("Could not send the comments mail %r.", name)
        return False
    return True
