"""Sending an issue of the newsletter: now, at a set time (the scheduler
starts it when due), or as a test to the editor's own address."""

import functools
import logging
import smtplib

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log

from .. import rendering, tasks
from ..models import Issue, Subscriber
from .campaigns import CampaignStatus, CannotSend
from .channels import personalised_message

logger = logging.getLogger(__name__)


def start_issue(issue, *, user=None, now=None):
    """Send ``issue`` now: freeze its content, mark it sending, and list
    its recipients in the background once the transaction commits."""
    now = now or timezone.now()
    if not issue.body:
        raise CannotSend(_("The issue has no content yet."))
    body_html, body_text = rendering.render_body(issue)
    with transaction.atomic():
        started = Issue.objects.filter(
            pk=issue.pk, status__in=[CampaignStatus.DRAFT, CampaignStatus.SCHEDULED]
        ).update(
            status=CampaignStatus.SENDING,
            started_at=now,
            body_html=body_html,
            body_text=body_text,
        )
        if not started:
            raise CannotSend(_("This issue is being sent or has been sent already."))
        issue.refresh_from_db()
        log(instance=issue, action="newsletter.send", user=user)
        transaction.on_commit(
            functools.partial(tasks.queue_campaign_task.enqueue, "mail", issue.pk)
        )
    return issue


def schedule_issue(issue, when, *, user=None, now=None):
    """Send ``issue`` at ``when`` (the scheduler starts it when due)."""
    now = now or timezone.now()
    if when <= now:
        raise CannotSend(_("Choose a time in the future."))
    if not issue.body:
        raise CannotSend(_("The issue has no content yet."))
    with transaction.atomic():
        scheduled = Issue.objects.filter(
            pk=issue.pk, status__in=[CampaignStatus.DRAFT, CampaignStatus.SCHEDULED]
        ).update(status=CampaignStatus.SCHEDULED, scheduled_at=when)
        if not scheduled:
            raise CannotSend(_("This issue is being sent or has been sent already."))
        issue.refresh_from_db()
        log(instance=issue, action="newsletter.schedule", user=user)
    return issue


def unschedule_issue(issue, *, user=None):
    """Take a scheduled issue back to draft."""
    with transaction.atomic():
        changed = Issue.objects.filter(
            pk=issue.pk, status=CampaignStatus.SCHEDULED
        ).update(status=CampaignStatus.DRAFT, scheduled_at=None)
        if not changed:
            raise CannotSend(_("This issue is not scheduled."))
        issue.refresh_from_db()
        log(instance=issue, action="newsletter.unschedule", user=user)
    return issue


def send_scheduled_issues(now=None) -> int:
    """Periodic: start every scheduled issue whose time has come. Returns
    how many were started."""
    now = now or timezone.now()
    started = 0
    due = Issue.objects.filter(
        status=CampaignStatus.SCHEDULED, scheduled_at__lte=now
    ).order_by("scheduled_at")
    for issue in due:
        try:
            start_issue(issue, now=now)
        except CannotSend as refusal:
            logger.warning("Scheduled issue %s not started: %s", issue.pk, refusal)
        else:
            started += 1
    return started


def send_test(issue, user) -> str:
    """Mail ``issue`` as it is now to the editor's own address only, as a
    subscriber with that address would get it. Returns the address."""
    if not user.email:
        raise CannotSend(_("Your account has no email address."))
    stand_in = Subscriber(email=user.email, language=issue.language)
    rendered = rendering.render_issue(issue)
    with translation.override(issue.language):
        subject = gettext("[Test] %(subject)s") % {"subject": rendered.subject}
    message = personalised_message(rendered, stand_in, subject=subject)
    try:
        message.send()
    except (smtplib.SMTPException, OSError) as error:
        logger.warning("A test of issue %s was refused: %s", issue.pk, error)
        raise CannotSend(
            _("The mail server did not take the test mail. Try again shortly.")
        ) from error
    log(instance=issue, action="newsletter.send_test", user=user)
    return user.email
