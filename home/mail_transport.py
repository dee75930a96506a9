"""Handing a mail to the server, apart from the rendering in ``home.mail``
so that models (the contact page) can send without importing what imports
them."""

import logging
import smtplib

logger = logging.getLogger("home.mail")


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
