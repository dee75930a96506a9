"""Background work of comments. Tasks get ids, never personal data, and
return counts. The periodic ones are listed in settings.PERIODIC_TASKS."""

from django_tasks import task

from . import services


@task()
def send_comment_mail_task(comment_id, kind):
    """The confirmation or receipt mail to a commenter without an account."""
    return int(services.send_comment_mail_to_author(comment_id, kind))


@task()
def send_pending_author_mails_task():
    """Every 15 minutes: confirmation and receipt mails the mail server
    refused."""
    return services.send_pending_author_mails()


@task()
def notify_followers_task(comment_id):
    """Mail the followers of a page about a newly published comment."""
    return services.notify_followers(comment_id)


@task()
def report_to_akismet_task(comment_ids):
    """Report editors' spam / not-spam decisions to Akismet; what fails is
    retried by ``retry_akismet_reports_task``."""
    return services.report_pending(comment_ids)


@task()
def retry_akismet_reports_task():
    """Every 20 minutes: reports to Akismet that failed before."""
    return services.report_pending()


@task()
def recheck_comments_task():
    """Every 20 minutes: comments Akismet could not check when they came
    (for up to 15 days; every 6 hours while the key is invalid)."""
    return services.recheck_comments()


@task()
def send_moderation_digest_task():
    """Daily: tell moderators how many comments wait for them."""
    return services.send_moderation_digest()
