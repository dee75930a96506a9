"""Background work of the privacy app. Task arguments are ids, never
personal data: a queue backend stores them."""

import logging

from django_tasks import task

from . import journal, policy, retention, services

logger = logging.getLogger(__name__)


@task()
def build_export_task(export_id: str):
    """Build an export and mail its link; on failure mark it failed (the row
    stays, so its owner sees what happened), tell the owner, and re-raise so
    the task backend records the failure too."""
    try:
        export = services.build_export(export_id)
    except Exception as error:
        logger.exception("Building data export %s failed.", export_id)
        export = services.mark_export_failed(export_id, error)
        if export is not None:
            services.notify_export_failed(export)
        raise
    if export is not None:
        services.notify_export_ready(export)


@task()
def delete_expired_exports_task():
    """Periodic: delete export files whose links have expired."""
    return services.delete_expired_exports()


@task()
def send_pending_export_mails_task():
    """Periodic: retry export mails the mail server refused."""
    return services.send_pending_export_mails()


@task()
def resume_stale_exports_task():
    """Periodic: restart exports a crashed worker left unfinished."""
    return services.resume_stale_exports()


@task()
def queue_notices_task(version_id: int):
    """Create the deliveries of a material change and enqueue their
    sending in batches."""
    return policy.queue_notices_by_id(version_id)


@task()
def send_notices_task(version_id: int, first_id: int, last_id: int):
    """Send one batch of notices (ids ``first_id`` to ``last_id``)."""
    return policy.send_notices(version_id, first_id, last_id)


@task()
def resume_notices_task():
    """Periodic: resume notices a crash left, and retry refused ones."""
    return policy.resume_notices()


@task()
def purge_personal_data_task():
    """Periodic: apply the retention table (``manage.py
    purge_personal_data`` does the same by hand)."""
    return {key: result.affected for key, result in retention.purge().items()}


@task()
def write_erasure_journal_task():
    """After an erasure: rewrite the journal's copy beside the backups, so
    the erasure outlives a lost database."""
    return journal.write_copy()
