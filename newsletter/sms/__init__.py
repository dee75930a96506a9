"""SMS for the newsletter: replies (``inbound``, ``views``). Sending lives on
the ground floor in ``home.sms``, so that every app can use it; its names
(and ``outbox``, the same list) are re-exported here under the old path."""

from home.sms import (  # noqa: F401 - the old import path
    DEFAULT_BACKEND,
    SmsError,
    SmsMessage,
    get_connection,
    outbox,
    send_sms,
)
