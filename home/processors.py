"""The ground floor's door to the processor register (privacy/processors.py).

Code on this floor that sends personal data to an outside service (the SMS
backends in ``home/sms``) names the register entry first, as code on the
floors above does, with :func:`sends_to`. The register itself lives in
``privacy``, a floor above, so privacy hands its check down when it starts
(``privacy.apps``) rather than home importing it."""

from django.core.exceptions import ImproperlyConfigured

_check = None


def install(check):
    """Called once by privacy: ``check(key)`` returns the register entry
    or raises when the service is not declared."""
    global _check
    _check = check


def sends_to(key):
    """Name the register entry of the service a call is about to send
    personal data to; refused when no register is installed or the entry
    is missing."""
    if _check is None:
        raise ImproperlyConfigured(
            "No processor register is installed (privacy.apps installs it)."
        )
    return _check(key)
