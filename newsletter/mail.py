"""Every mail to a subscriber is built here, so each carries the same
headers: ``List-Unsubscribe`` with the subscriber's one-click link,
``List-Unsubscribe-Post: List-Unsubscribe=One-Click`` (RFC 8058) and
``List-Id`` (RFC 2919). The sending side renders the newsletter's bodies
(with the visible unsubscribe link from ``links.unsubscribe_url``) and calls
:func:`build_message`; the subscriber side uses :func:`send_subscriber_mail`
for its own mails (confirmation, "already subscribed", re-consent)."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives

from home.mail import render_mail, send_message

from . import links
from .conf import conf


def list_id() -> str:
    """``List-Id``: a readable name and the list's identifier."""
    return f"{settings.WAGTAIL_SITE_NAME} <{conf.LIST_ID}>"


def build_message(
    subscriber, *, subject, text_body, html_body=None, connection=None
) -> EmailMultiAlternatives:
    """A multipart mail (plain text, and HTML when given) to ``subscriber``
    with the list headers. Not sent: the caller sends it (on ``connection``
    when given, so a batch shares one SMTP session)."""
    message = EmailMultiAlternatives(
        subject,
        text_body,
        from_email=conf.FROM_EMAIL,
        to=[subscriber.email],
        connection=connection,
        headers={
            "List-Unsubscribe": f"<{links.unsubscribe_url(subscriber)}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "List-Id": list_id(),
        },
    )
    if html_body:
        message.attach_alternative(html_body, "text/html")
    return message


def send_subscriber_mail(template_prefix, subscriber, context=None) -> bool:
    """Render ``<template_prefix>_subject.txt``, ``_body.txt`` and
    ``_body.html`` in the subscriber's language and send them. Return
    whether the mail server took the mail; a refusal is logged without the
    address and reported as False for the caller to retry, never raised."""
    context = {
        "subscriber": subscriber,
        "unsubscribe_url": links.unsubscribe_url(subscriber),
        "manage_url": links.manage_url(subscriber),
        **(context or {}),
    }
    subject, text, html = render_mail(
        template_prefix, context, language=subscriber.language
    )
    message = build_message(subscriber, subject=subject, text_body=text, html_body=html)
    return send_message(message, template_prefix)
