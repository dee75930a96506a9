"""Tasks on RQ that a Redis outage does not lose.

With Redis configured, tasks go to RQ (django-tasks-rq) and its workers
(``manage.py rqworker``). Tasks are enqueued from requests (a comment's
mails, a receipt) and from the scheduler; were Redis down, the enqueue would
raise, the visitor would get a 500 for a comment already saved, and the
mail would never go. :class:`RQBackend` then puts the task in the database
queue instead (the backend named by OPTIONS ``FALLBACK``, django-tasks-db),
which one ``manage.py db_worker --backend <name>`` beside the RQ workers
works through. Nothing waits for Redis to come back."""

import logging

from django_tasks_rq import RQBackend as LibraryRQBackend
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)


class RQBackend(LibraryRQBackend):
    """django-tasks-rq's backend, falling back to another backend (OPTIONS
    ``FALLBACK``, an alias in TASKS) when Redis cannot take the task."""

    def __init__(self, alias, params):
        super().__init__(alias, params)
        self.fallback = self.options.get("FALLBACK")

    def enqueue(self, task, args, kwargs):
        try:
            return super().enqueue(task, args, kwargs)
        except RedisError as error:
            if not self.fallback:
                raise
            logger.warning(
                "Redis cannot take task %s (%s); queued in the %r backend",
                task.module_path,
                error,
                self.fallback,
            )
            return task.using(backend=self.fallback).enqueue(*args, **kwargs)
