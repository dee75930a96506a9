"""Twilio in the processor register (privacy/processors.py): the SMS
backend names this entry before it opens its connection."""

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from privacy.processors import Processor, register


@register
class Twilio(Processor):
    key = "twilio"
    label = _("Twilio (text messages)")
    receives = _("Your mobile number and the text of the message")
    purpose = _("Sending the text messages you signed up for")
    location = _("USA (Twilio Inc.), with data centres in Ireland")
    transfer_basis = _("EU–US Data Privacy Framework; standard contractual clauses")

    def is_active(self):
        return "twilio" in getattr(settings, "SMS_BACKEND", "")
