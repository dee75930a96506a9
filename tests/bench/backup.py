"""Benchmark of backup and restore: time, archive size and peak memory.

    python tests/bench/backup.py [--scale 1.0] [--database-url postgres://...]

Steps:

1. create a throwaway database (a SQLite file in a temporary directory, or
   ``bench_backup_<pid>`` on the server ``--database-url`` names) and migrate
   it;
2. seed ``--scale`` times 100,000 comments, 20,000 orders and 50,000
   newsletter subscribers, plus 200 media files;
3. back up (``backups.services.create_backup``), timed, under tracemalloc;
   the archive's size;
4. restore it into the same database (``--force``), timed, under tracemalloc,
   and check the counts came back.

Memory must stay flat as the data grows: run with ``--scale 0.25`` and
``--scale 1`` and compare the peaks. Peak memory is Python's allocations
(tracemalloc) and the process's resident maximum (``getrusage``), which for
PostgreSQL leaves out pg_dump and pg_restore (reported apart as children).
"""

import argparse
import datetime
import os
import resource
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

from throwaway import setup_django as setup_throwaway_django

COMMENTS = 100_000
ORDERS = 20_000
SUBSCRIBERS = 50_000
MEDIA_FILES = 200
# Rows per INSERT and per transaction while seeding comments.
BATCH = 1_000


def say(text=""):
    sys.stdout.write(f"{text}\n")
    sys.stdout.flush()


def rss_mb(who=resource.RUSAGE_SELF):
    return resource.getrusage(who).ru_maxrss / 1024


def seed(scale, media_dir):
    from django.conf import settings
    from django.db import transaction
    from django.utils import timezone
    from wagtail.models import Page

    from newsletter.models import Subscriber
    from tests.factories import UserFactory
    from tickets.models import Order

    started = time.monotonic()
    page = Page.objects.filter(depth__gt=1).order_by("path").first()
    now = timezone.now()
    comments = int(COMMENTS * scale)
    for first in range(0, comments, BATCH):
        with transaction.atomic():
            insert_comments(
                page, settings.SITE_ID, now, range(first, min(first + BATCH, comments))
            )
    buyer = UserFactory(email="buyer@example.org")
    Order.objects.bulk_create(
        [
            Order(
                number=f"B{n:07d}",
                event_title=f"Forestilling {n % 97}",
                performance_start=now + datetime.timedelta(days=n % 300),
                name="Kari Nordmann",
                status=Order.Status.PAID,
                quantity=2,
                total_ore=70000,
                paid_at=now,
                **({"user": buyer} if n % 2 else {"email": f"buyer{n}@example.org"}),
            )
            for n in range(int(ORDERS * scale))
        ],
        batch_size=2000,
    )
    subscribers = int(SUBSCRIBERS * scale)
    for first in range(0, subscribers, 10_000):
        Subscriber.objects.bulk_create(
            [
                Subscriber(
                    email=f"sub{n}@example.org",
                    name=f"Subscriber {n}",
                    phone=f"+47900{n:05d}",
                    confirmed_at=now,
                )
                for n in range(first, min(first + 10_000, subscribers))
            ],
            batch_size=2000,
        )
    os.makedirs(media_dir / "original_images", exist_ok=True)
    for number in range(MEDIA_FILES):
        (media_dir / "original_images" / f"photo{number}.jpg").write_bytes(
            os.urandom(50_000)
        )
    say(
        f"==> Seeded {comments:,} comments, {int(ORDERS * scale):,} orders, "
        f"{subscribers:,} subscribers, {MEDIA_FILES} media files in "
        f"{time.monotonic() - started:.1f} s"
    )


def insert_comments(page, site_id, now, numbers):
    """Published top-level comments, inserted in bulk one table at a time.
    A comment is three rows (django-comments, -xtd's thread columns, ours)
    and Django's bulk_create refuses models inherited across tables, so each
    level is inserted with its own local columns, in the order save() would,
    with the thread columns save() would set (a top-level comment is its own
    parent and thread)."""
    from django_comments.models import Comment as BaseComment
    from django_comments_xtd.models import XtdComment

    from comments.models import Comment

    bases = BaseComment.objects.bulk_create(
        [
            BaseComment(
                content_type_id=page.content_type_id,
                object_pk=str(page.pk),
                site_id=site_id,
                user_email=f"person{n}@example.org",
                comment=f"Comment {n}: a paragraph of plain text. " * 4,
                submit_date=now - datetime.timedelta(minutes=n),
                ip_address="192.0.2.1",
                is_public=True,
            )
            for n in numbers
        ]
    )
    ids = [base.pk for base in bases]
    assert all(ids), "the database did not return the new ids"
    threads = [
        XtdComment(comment_ptr_id=pk, thread_id=pk, parent_id=pk, level=0, order=1)
        for pk in ids
    ]
    XtdComment._base_manager._insert(
        threads, fields=XtdComment._meta.local_concrete_fields
    )
    ours = [
        Comment(
            xtdcomment_ptr_id=pk,
            page=page,
            author_name=f"Person {n}",
            user_agent="Mozilla/5.0 (bench)",
            status=Comment.Status.PUBLISHED,
        )
        for pk, n in zip(ids, numbers, strict=True)
    ]
    Comment._base_manager._insert(ours, fields=Comment._meta.local_concrete_fields)


def counts():
    from comments.models import Comment
    from newsletter.models import Subscriber
    from tickets.models import Order

    return (Comment.objects.count(), Order.objects.count(), Subscriber.objects.count())


def measured(label, work):
    tracemalloc.start()
    started = time.perf_counter()
    result = work()
    elapsed = time.perf_counter() - started
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    say(
        f"==> {label}: {elapsed:.1f} s, peak Python allocations "
        f"{peak / 1024 / 1024:.1f} MB, max RSS {rss_mb():.0f} MB "
        f"(children {rss_mb(resource.RUSAGE_CHILDREN):.0f} MB)"
    )
    return result


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-backup-") as directory:
        tmp = Path(directory)
        setup_throwaway_django(args.database_url, tmp, "backup")
        from django.conf import settings
        from django.db import connection

        from backups import services

        settings.MEDIA_ROOT = str(tmp / "media")
        settings.STORAGES = {
            **settings.STORAGES,
            "backups": {
                "BACKEND": "privacy.storage.PrivateFileStorage",
                "OPTIONS": {"location": str(tmp / "backups")},
            },
        }
        settings.BACKUP_MAINTENANCE_FILE = str(tmp / "maintenance")
        from django.core.files.storage import storages

        storages._storages = {}
        storages._backends = None

        old_name = connection.settings_dict["NAME"]
        started = time.monotonic()
        connection.creation.create_test_db(verbosity=0, autoclobber=True)
        elapsed = time.monotonic() - started
        say(f"==> Database ({connection.vendor}) migrated in {elapsed:.1f} s")
        try:
            seed(args.scale, tmp / "media")
            before = counts()
            run = measured("Backup", lambda: services.create_backup(progress=say))
            say(f"    archive {run.archive}: {run.size / 1e6:.1f} MB")
            measured(
                "Restore",
                lambda: services.restore_backup(run.archive, force=True, progress=say),
            )
            after = counts()
        finally:
            connection.creation.destroy_test_db(old_name, verbosity=0)
    ok = before == after
    say(f"==> {'OK' if ok else 'WRONG'}: comments, orders, subscribers {after}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
