"""Tasks go to RQ when Redis is configured, and to the database queue while
Redis cannot take them (home/task_backends.py): a comment's mail or a
receipt is never lost, and the visitor gets no error."""

import pytest
from django_tasks_db.models import DBTaskResult

from home.tasks import clear_expired_sessions

pytestmark = pytest.mark.django_db


@pytest.fixture
def rq_with_redis_down(settings):
    """TASKS as venue/settings/base.py makes them with REDIS_URL set, and
    Redis stopped (a port nothing listens on)."""
    settings.RQ_QUEUES = {
        "default": {"URL": "redis://127.0.0.1:9/1?socket_connect_timeout=1"}
    }
    settings.TASKS = {
        "default": {
            "BACKEND": "home.task_backends.RQBackend",
            "QUEUES": ["default"],
            "OPTIONS": {"FALLBACK": "database"},
        },
        "database": {
            "BACKEND": "django_tasks_db.DatabaseBackend",
            "QUEUES": ["default"],
        },
    }


def test_a_task_waits_in_the_database_queue_while_redis_is_down(
    rq_with_redis_down, caplog
):
    result = clear_expired_sessions.enqueue()
    assert result.backend == "database"
    stored = DBTaskResult.objects.get(pk=result.id)
    assert stored.task_path == "home.tasks.clear_expired_sessions"
    assert stored.status == "READY"
    assert "queued in the 'database' backend" in caplog.text


def test_without_a_fallback_the_error_is_raised(rq_with_redis_down, settings):
    from redis.exceptions import ConnectionError as RedisConnectionError

    settings.TASKS = {
        "default": {"BACKEND": "home.task_backends.RQBackend", "QUEUES": ["default"]}
    }
    with pytest.raises(RedisConnectionError):
        clear_expired_sessions.enqueue()
    assert not DBTaskResult.objects.exists()
