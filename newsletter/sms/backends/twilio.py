"""The old path of ``home.sms.backends.twilio``: settings that still name
``newsletter.sms.backends.twilio.SmsBackend`` get this same backend."""

from home.sms.backends import twilio


class SmsBackend(twilio.SmsBackend):
    """``home.sms.backends.twilio.SmsBackend`` under its old name."""


signature = twilio.signature
signature_is_valid = twilio.signature_is_valid
