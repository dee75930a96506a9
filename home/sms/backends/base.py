"""The base class of SMS backends (like ``django.core.mail.backends.base``)."""


class BaseSmsBackend:
    """Subclasses implement :meth:`send_messages`; :meth:`open` and
    :meth:`close` manage a connection that lasts a batch, if the backend
    has one."""

    def __init__(self, fail_silently=False, **kwargs):
        self.fail_silently = fail_silently

    def open(self):
        """Open a connection; return True when a new one was opened."""
        return False

    def close(self):
        """Close the connection, if any."""

    def __enter__(self):
        self.open()
        return self

    def __exit__(self, exc_type, exc_value, traceback):
        self.close()

    def send_messages(self, messages) -> int:
        """Send each :class:`~home.sms.SmsMessage`; return how many
        were sent. A failure raises :class:`~home.sms.SmsError`
        unless ``fail_silently``."""
        raise NotImplementedError
