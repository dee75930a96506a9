"""Benchmark of the retention purge on a large table: a million unconfirmed
rights requests past their seven days, deleted in chunks.

    python tests/bench/purge.py [--rows 1000000] [--chunk-size 2000]
                                [--database-url postgres://...]

Steps:

1. create a throwaway database (a SQLite file in a temporary directory, or
   ``bench_purge_<pid>`` on the server ``--database-url`` names) and migrate
   it;
2. insert ``--rows`` unconfirmed requests eight days old and 1,000 from
   today (bulk inserts);
3. run the purge of ``privacy.unconfirmed_requests`` as the daily task
   does, with its progress, timed, under tracemalloc: memory must not grow
   with the number of rows (only one chunk of keys is held);
4. check that exactly the old rows went.
"""

import argparse
import datetime
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

from throwaway import setup_django as setup_throwaway_django

ROOT = Path(__file__).resolve().parents[2]
RULE = "privacy.unconfirmed_requests"
YOUNG = 1000


def say(text=""):
    sys.stdout.write(f"{text}\n")
    sys.stdout.flush()


def setup_django(database_url, tmp):
    return setup_throwaway_django(database_url, tmp, "purge")


def seed(rows, chunk=20_000):
    from django.db import transaction
    from django.utils import timezone

    from privacy.models import RightsRequest

    old = timezone.now() - datetime.timedelta(days=8)
    started = time.monotonic()
    for first in range(0, rows, chunk):
        size = min(chunk, rows - first)
        with transaction.atomic():
            RightsRequest.objects.bulk_create(
                [
                    RightsRequest(
                        email=f"person{first + n}@example.org",
                        action="erasure",
                        created_at=old,
                    )
                    for n in range(size)
                ],
                batch_size=2000,
            )
        if (first // chunk) % 10 == 9:
            say(f"    {first + size:,} rows…")
    RightsRequest.objects.bulk_create(
        [
            RightsRequest(email=f"young{n}@example.org", action="erasure")
            for n in range(YOUNG)
        ]
    )
    say(
        f"==> {rows:,} old and {YOUNG:,} young rows in "
        f"{time.monotonic() - started:.1f} s"
    )


def purge(chunk_size):
    from privacy import retention

    last = {"at": 0.0}

    def progress(key, done):
        now = time.monotonic()
        if now - last["at"] >= 5:
            last["at"] = now
            say(f"    {key}: {done:,} deleted…")

    tracemalloc.start()
    started = time.perf_counter()
    results = retention.purge(keys={RULE}, chunk_size=chunk_size, progress=progress)
    elapsed = time.perf_counter() - started
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    deleted = results[RULE].affected
    say(
        f"==> Purged {deleted:,} rows in {elapsed:.1f} s "
        f"({deleted / elapsed:,.0f} rows/s, chunks of {chunk_size})"
    )
    say(f"    peak Python allocations: {peak / 1024 / 1024:.1f} MB")
    return deleted


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--chunk-size", type=int, default=2000)
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-purge-") as directory:
        setup_django(args.database_url, Path(directory))
        from django.db import connection

        from privacy.models import RightsRequest

        started = time.monotonic()
        old_name = connection.settings_dict["NAME"]
        connection.creation.create_test_db(verbosity=0, autoclobber=True)
        say(f"==> Database migrated in {time.monotonic() - started:.1f} s")
        try:
            seed(args.rows)
            deleted = purge(args.chunk_size)
            left = RightsRequest.objects.count()
        finally:
            connection.creation.destroy_test_db(old_name, verbosity=0)
    ok = deleted == args.rows and left == YOUNG
    say(f"==> {'OK' if ok else 'WRONG'}: {left:,} young rows left")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
