"""The old path of ``home.sms.backends.filebased``: settings that still name
``newsletter.sms.backends.filebased.SmsBackend`` get this same backend."""

from home.sms.backends import filebased


class SmsBackend(filebased.SmsBackend):
    """``home.sms.backends.filebased.SmsBackend`` under its old name."""
