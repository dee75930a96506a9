"""The old path of ``home.sms.backends.locmem``: settings that still name
``newsletter.sms.backends.locmem.SmsBackend`` get this same backend."""

from home.sms.backends import locmem


class SmsBackend(locmem.SmsBackend):
    """``home.sms.backends.locmem.SmsBackend`` under its old name."""
