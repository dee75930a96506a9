"""The old path of ``home.sms.backends.base``."""

from home.sms.backends.base import BaseSmsBackend  # noqa: F401
