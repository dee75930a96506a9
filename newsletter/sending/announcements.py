"""SMS announcements: the message as sent (the editor's text and the stop
instruction, within one SMS) and starting to send it."""

import functools

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log

from home.sms.gsm import MAX_LENGTH, gsm_length, unsupported_characters

from .. import tasks
from ..models import SmsAnnouncement
from .campaigns import CampaignStatus, CannotSend


def stop_text(language) -> str:
    """The stop instruction ending every SMS, in ``language``."""
    with translation.override(language):
        return gettext("Reply STOP to stop SMS from us.")


def compose_sms(text, language) -> str:
    """The SMS as sent: the editor's text and the stop instruction."""
    return f"{' '.join(text.split())} {stop_text(language)}"


def sms_problems(text, language) -> list[str]:
    """Why ``text`` cannot go out as one SMS (with its stop instruction),
    if it cannot."""
    problems = []
    unsupported = unsupported_characters(text)
    if unsupported:
        problems.append(
            gettext(
                "These characters cannot be sent in an SMS: %(characters)s. "
                "Replace them (e.g. curly quotes with straight ones)."
            )
            % {"characters": " ".join(unsupported)}
        )
    length = gsm_length(compose_sms(text, language))
    if length > MAX_LENGTH:
        problems.append(
            gettext(
                "The message is %(over)s character(s) too long: with the stop "
                "instruction an SMS holds %(max)s."
            )
            % {"over": length - MAX_LENGTH, "max": MAX_LENGTH}
        )
    return problems


def start_sms(announcement, *, user=None, now=None):
    """Send an SMS announcement now to every confirmed subscriber (of its
    language) who gave a mobile number."""
    now = now or timezone.now()
    problems = sms_problems(announcement.text, announcement.language)
    if problems:
        raise CannotSend(problems)
    message = compose_sms(announcement.text, announcement.language)
    with transaction.atomic():
        started = SmsAnnouncement.objects.filter(
            pk=announcement.pk, status=CampaignStatus.DRAFT
        ).update(status=CampaignStatus.SENDING, started_at=now, message=message)
        if not started:
            raise CannotSend(_("This announcement is being sent or has been sent."))
        announcement.refresh_from_db()
        log(instance=announcement, action="newsletter.send", user=user)
        transaction.on_commit(
            functools.partial(tasks.queue_campaign_task.enqueue, "sms", announcement.pk)
        )
    return announcement
