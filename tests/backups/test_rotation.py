"""Rotation keeps the newest archive of each of the last days, weeks and
months the schedule names, and never the erasure journal's copy."""

import datetime

import pytest

from backups import services
from backups.tasks import rotate_backups_task

UTC = datetime.UTC


def nightly(days, *, until=datetime.datetime(2026, 12, 5, 2, 0, tzinfo=UTC)):
    return [until - datetime.timedelta(days=day) for day in range(days)]


def test_the_schedule_keeps_the_newest_of_each_day_week_and_month():
    times = nightly(400)
    kept = services.archives_to_keep(times, {"daily": 14, "weekly": 8, "monthly": 12})

    newest = max(times)
    assert all(newest - datetime.timedelta(days=day) in kept for day in range(14))
    assert len({when.isocalendar()[:2] for when in kept}) >= 8
    assert len({(when.year, when.month) for when in kept}) == 12
    assert min(kept) > newest - datetime.timedelta(days=366)
    # 14 days, then Sundays for weeks 3-8 and month ends: no more than that.
    assert len(kept) <= 14 + 8 + 12


@pytest.mark.django_db
def test_rotation_deletes_what_the_schedule_does_not_keep_and_keeps_the_journal(
    backup_dirs, settings
):
    settings.BACKUP_KEEP = {"daily": 2, "weekly": 0, "monthly": 0}
    backup_dirs.mkdir(parents=True, exist_ok=True)
    names = [services.archive_name(when) for when in nightly(5)]
    for name in names:
        (backup_dirs / name).write_bytes(b"x")
    (backup_dirs / "erasure-journal.jsonl").write_text("")

    assert rotate_backups_task.enqueue().return_value == 3

    left = sorted(path.name for path in backup_dirs.iterdir())
    assert left == sorted([*names[:2], "erasure-journal.jsonl"])
