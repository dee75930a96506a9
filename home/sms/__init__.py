"""Short text messages through a pluggable backend, as Django sends mail.
On the ground floor so that every app can send them (newsletter
announcements, the tickets' waiting list); ``newsletter.sms`` re-exports
this module under its old path.

``SMS_BACKEND`` names the backend class by dotted path:

- ``home.sms.backends.filebased.SmsBackend`` writes each message to a
  file in ``SMS_FILE_PATH`` (development; nothing leaves the machine);
- ``home.sms.backends.locmem.SmsBackend`` keeps messages in
  :data:`outbox` (tests);
- ``home.sms.backends.twilio.SmsBackend`` sends them with Twilio's
  Messages API (``SMS_TWILIO_*`` settings).

A backend is opened once for a batch (``with get_connection() as
connection:``) and sends :class:`SmsMessage` objects one list at a time. A
message that could not be sent raises :class:`SmsError`, which says whether
trying again later may help and whether the provider may have taken it
anyway (then it must not be sent again automatically)."""

import dataclasses

from django.conf import settings
from django.utils.module_loading import import_string

DEFAULT_BACKEND = "home.sms.backends.filebased.SmsBackend"

# Messages the locmem backend "sent"; tests empty it.
outbox: list["SmsMessage"] = []


@dataclasses.dataclass
class SmsMessage:
    """One text message to one number (E.164, "+4791234567"). After a
    successful send, ``provider_id`` holds the provider's id for it."""

    to: str
    body: str
    sender: str = ""
    provider_id: str = ""


class SmsError(Exception):
    """A message was not sent. ``retry``: it may go through later (the
    provider was unreachable or busy); False for a refusal that will not
    change (an invalid number). ``uncertain``: the provider may have taken
    it (the answer was lost), so sending it again could send it twice."""

    def __init__(self, message, *, retry=True, uncertain=False, code=""):
        super().__init__(message)
        self.retry = retry and not uncertain
        self.uncertain = uncertain
        self.code = code


def get_connection(backend=None, *, fail_silently=False, **kwargs):
    """An instance of ``backend`` (a dotted path; ``SMS_BACKEND`` by
    default)."""
    path = backend or getattr(settings, "SMS_BACKEND", DEFAULT_BACKEND)
    return import_string(path)(fail_silently=fail_silently, **kwargs)


def send_sms(to, body, *, sender="", connection=None) -> SmsMessage:
    """Send one message now; raises :class:`SmsError` when it fails."""
    message = SmsMessage(to=to, body=body, sender=sender)
    connection = connection or get_connection()
    connection.send_messages([message])
    return message
