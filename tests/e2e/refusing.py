"""Mail and SMS backends that refuse some recipients for good, as a mail
server does for a mailbox that is gone and an SMS provider for a number
that takes no SMS. The browser tests point ``EMAIL_BACKEND`` or
``SMS_BACKEND`` at them (the live server runs in the tests' process) to
show an editor a failed delivery and let them send it again."""

import smtplib

from django.core.mail.backends.locmem import EmailBackend

from newsletter.sms import SmsError
from newsletter.sms.backends.locmem import SmsBackend

MAIL_BACKEND = f"{__name__}.RefusingMailBackend"
SMS_BACKEND = f"{__name__}.RefusingSmsBackend"


class RefusingMailBackend(EmailBackend):
    """Django's test outbox, refusing the addresses in ``refused`` (550)."""

    refused: set[str] = set()

    def send_messages(self, messages):
        for message in messages:
            for address in message.to:
                if address in self.refused:
                    raise smtplib.SMTPRecipientsRefused(
                        {address: (550, b"Mailbox unavailable")}
                    )
        return super().send_messages(messages)


class RefusingSmsBackend(SmsBackend):
    """The SMS test outbox, refusing the numbers in ``refused``."""

    refused: set[str] = set()

    def send_messages(self, messages):
        for message in messages:
            if message.to in self.refused:
                raise SmsError("The number cannot receive SMS.", retry=False)
        return super().send_messages(messages)


def refuse_nobody():
    RefusingMailBackend.refused.clear()
    RefusingSmsBackend.refused.clear()
