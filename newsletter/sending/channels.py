"""How an issue (mail) and an SMS announcement reach one subscriber: the
newsletter's channels of the delivery engine (home/outbox.py). Both hold a
row a dead worker left *being sent* for an editor (``AfterCrash.HOLD``):
the message may have arrived, and a newsletter twice for many is worse
than missing for a few."""

import smtplib

from django.core.mail import get_connection as get_mail_connection
from django.db.models import Q

from home import outbox, sms
from home.outbox import DeliveryFailed, DeliverySkipped
from privacy.services import held_q

from .. import links, mail, rendering
from ..conf import conf
from ..models import Delivery, Issue, SmsAnnouncement, SmsDelivery, Subscriber


class Channel(outbox.Channel):
    """A kind of campaign: its model and delivery model, who gets it, and
    how one delivery is handed over. ``key`` is what tasks receive."""

    campaign_model = None
    campaign_field = ""
    after_crash = outbox.AfterCrash.HOLD

    @property
    def model(self):
        return self.delivery_model

    @property
    def max_attempts(self):
        return conf.MAX_ATTEMPTS

    @property
    def retry_seconds(self):
        return conf.RETRY_SECONDS

    @property
    def stale_minutes(self):
        return conf.STALE_MINUTES

    def deliveries(self, campaign_id):
        return self.delivery_model.objects.filter(
            **{f"{self.campaign_field}_id": campaign_id}
        )

    def recipients(self, campaign):
        """The subscribers to create deliveries for."""
        raise NotImplementedError

    def reachable(self, subscribers):
        """``subscribers`` without those whose processing is restricted
        (privacy.restrictions): they receive nothing while it stands."""
        return subscribers.exclude(restricted_subscribers_q())

    def get_connection(self):
        raise NotImplementedError

    def reconnect(self, connection) -> bool:
        """After connection trouble: start afresh; False when that fails."""
        connection.close()
        try:
            connection.open()
        except (smtplib.SMTPException, OSError, sms.SmsError):
            return False
        return True

    def prepare(self, campaign):
        """What every delivery of a batch shares (rendered once)."""
        raise NotImplementedError

    def skip_reason(self, batch, delivery):
        # Restricted after the deliveries were made: skipped, not sent.
        if delivery.subscriber_id in batch.held:
            return "Processing is restricted for this subscriber."
        return None


class MailChannel(Channel):
    """Issues of the newsletter, by mail, through Django's mail backend."""

    key = "mail"
    campaign_model = Issue
    delivery_model = Delivery
    campaign_field = "issue"

    def recipients(self, issue):
        subscribers = Subscriber.objects.confirmed()
        if not issue.all_languages:
            subscribers = subscribers.filter(language=issue.language)
        return self.reachable(subscribers)

    def get_connection(self):
        return get_mail_connection()

    def prepare(self, issue):
        return rendering.render_issue(issue, frozen=True)

    def send(self, batch, delivery, connection) -> dict:
        message = personalised_message(
            batch.prepared, delivery.subscriber, connection=connection
        )
        try:
            count = message.send()
        except smtplib.SMTPRecipientsRefused as error:
            codes = sorted({code for code, _message in error.recipients.values()})
            raise DeliveryFailed(
                f"Recipient refused ({', '.join(map(str, codes))}).",
                retry=not codes or any(code < 500 for code in codes),
            ) from error
        except (
            smtplib.SMTPServerDisconnected,
            smtplib.SMTPConnectError,
            smtplib.SMTPHeloError,
            smtplib.SMTPAuthenticationError,
            OSError,
        ) as error:
            raise DeliveryFailed(
                f"Mail server connection failed: {type(error).__name__}",
                connection_trouble=True,
            ) from error
        except smtplib.SMTPResponseException as error:
            detail = error.smtp_error
            if isinstance(detail, bytes):
                detail = detail.decode(errors="replace")
            raise DeliveryFailed(
                f"{error.smtp_code} {detail}"[:400],
                retry=error.smtp_code < 500,
                connection_trouble=error.smtp_code == 421,
            ) from error
        except smtplib.SMTPException as error:
            raise DeliveryFailed(
                f"Mail server error: {type(error).__name__}", connection_trouble=True
            ) from error
        if not count:
            raise DeliveryFailed("The mail backend did not send it.")
        return {}


class SmsChannel(Channel):
    """SMS announcements, through the SMS backend (``SMS_BACKEND``,
    home/sms)."""

    key = "sms"
    campaign_model = SmsAnnouncement
    delivery_model = SmsDelivery
    campaign_field = "announcement"

    def recipients(self, announcement):
        subscribers = Subscriber.objects.confirmed().with_phone()
        if not announcement.all_languages:
            subscribers = subscribers.filter(language=announcement.language)
        return self.reachable(subscribers)

    def get_connection(self):
        return sms.get_connection()

    def prepare(self, announcement):
        return announcement.message

    def send(self, batch, delivery, connection) -> dict:
        phone = delivery.subscriber.phone
        if not phone:
            raise DeliverySkipped("The subscriber removed their mobile number.")
        message = sms.SmsMessage(to=phone, body=batch.prepared)
        try:
            count = connection.send_messages([message])
        except sms.SmsError as error:
            raise DeliveryFailed(
                str(error)[:400],
                retry=error.retry,
                uncertain=error.uncertain,
                connection_trouble=error.retry,
            ) from error
        if not count:
            raise DeliveryFailed("The SMS backend did not send it.")
        return {"provider_id": message.provider_id[:64]}


def restricted_subscribers_q() -> Q:
    """Subscribers whose processing is restricted, by their account or
    their address."""
    return held_q(user_field="user_id", email_field="email")


CHANNELS = {channel.key: channel for channel in (MailChannel(), SmsChannel())}


def channel_for(campaign) -> Channel:
    for channel in CHANNELS.values():
        if isinstance(campaign, channel.campaign_model):
            return channel
    raise TypeError(f"No channel sends {type(campaign).__name__}.")


def personalised_message(rendered, subscriber, *, subject=None, connection=None):
    """The mail of an issue for one subscriber, with their links and the
    list headers (newsletter.mail.build_message)."""
    message = mail.build_message(
        subscriber,
        subject=subject or rendered.subject,
        text_body="",
        connection=connection,
    )
    # The visible link is the header's link (a signed link made a second
    # later would differ).
    unsubscribe_url = message.extra_headers["List-Unsubscribe"].strip("<>")
    html, text = rendered.personalise(
        unsubscribe_url=unsubscribe_url, manage_url=links.manage_url(subscriber)
    )
    message.body = text
    message.attach_alternative(html, "text/html")
    return message
