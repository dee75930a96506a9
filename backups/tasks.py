"""Background work of the backups app."""

from django_tasks import task

from . import services


@task()
def rotate_backups_task():
    """Periodic: delete the archives the ``BACKUP_KEEP`` schedule no longer
    keeps."""
    return len(services.rotate())
