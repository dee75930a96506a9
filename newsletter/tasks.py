"""Background work of the newsletter app. Task arguments are ids, never
personal data: a queue backend stores them. Periodic tasks are listed in
settings.PERIODIC_TASKS."""

from django_tasks import task

from . import sending, services

# Subscribers ------------------------------------------------------------------


@task()
def send_confirmation_task(subscriber_id: int):
    """Mail the double opt-in link of a new or repeated sign-up."""
    return services.send_confirmation(subscriber_id)


@task()
def send_pending_confirmations_task():
    """Periodic: confirmation links the mail server refused, sent again."""
    return services.send_pending_confirmations()


@task()
def send_already_subscribed_task(subscriber_id: int):
    """Tell a confirmed subscriber who signed up again that they already
    are (the sign-up page answers the same either way)."""
    return services.send_already_subscribed(subscriber_id)


@task()
def send_reconsent_mails_task():
    """Periodic: ask subscribers with no sign of life for
    NEWSLETTER_RECONSENT_MONTHS whether they still want the newsletter."""
    return services.send_reconsent_mails()


# Sending (issues and SMS announcements; newsletter/sending.py) -----------------


@task()
def queue_campaign_task(channel: str, campaign_id: int):
    """List the recipients of an issue ("mail") or SMS announcement ("sms")
    being sent, and enqueue the sending in batches."""
    return sending.queue(channel, campaign_id)


@task()
def send_batch_task(channel: str, campaign_id: int, first_id: int, last_id: int):
    """Send one batch (delivery ids ``first_id`` to ``last_id``)."""
    return sending.send_batch(channel, campaign_id, first_id, last_id)


@task()
def resume_sending_task():
    """Periodic: resume sending a crash interrupted, retry refusals, and
    mark finished campaigns sent."""
    return sending.resume()


@task()
def send_scheduled_issues_task():
    """Periodic: start the issues scheduled for now or earlier."""
    return sending.send_scheduled_issues()
