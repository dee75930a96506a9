"""Background work of the privacy app. Task arguments are ids, never
personal data: a queue backend stores them."""

import logging

from django_tasks import task

from . import services

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
