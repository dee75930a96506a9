"""Django's SMTP backend, naming the mail provider's entry in the processor
register (privacy/processors.py) before it connects, like every other client
that sends personal data out. The settings use it whenever mail goes out by
SMTP (``EMAIL_URL=smtp://...``)."""

from django.core.mail.backends import smtp

from .processors import sends_to


class DeclaredSMTPBackend(smtp.EmailBackend):
    """Sends as Django's SMTP backend does, once the register declares the
    mail provider."""

    def open(self):
        if self.connection is None:
            sends_to("mail")
        return super().open()
