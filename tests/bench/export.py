"""Benchmark of a personal-data export: one person with many rows in every
registered kind, exported to a ZIP, timed and weighed.

    python tests/bench/export.py [--rows 5000] [--synthetic-kinds 8]
                                 [--database-url postgres://...] [--check]

Steps:

1. create a throwaway database (a SQLite file in a temporary directory, or
   ``bench_export_<pid>`` on the server ``--database-url`` names, dropped
   after) and migrate it;
2. create a user and ask every registered kind to seed ``--rows`` rows for
   them (``seeding.py``, one seeder per kind); kinds without a seeder are
   listed and skipped;
3. add ``--synthetic-kinds`` kinds that yield ``--rows`` generated rows each
   without a database (ten fields, dates and free text), standing in for the
   kinds later apps will register (comments, orders, tickets...), so the
   writer is measured at the size the issue sets even before those exist;
4. run ``services.export_subject`` into a temporary file twice: once for wall
   time and the growth of the process's peak RSS, once under tracemalloc for
   the peak of Python allocations (tracemalloc slows the run down);
5. print the figures and the targets: under 10 s, under 200 MB.
"""

import argparse
import resource
import sys
import tempfile
import time
import tracemalloc
import zipfile
from pathlib import Path

from throwaway import setup_django as setup_throwaway_django

ROOT = Path(__file__).resolve().parents[2]
TARGET_SECONDS = 10.0
TARGET_MEGABYTES = 200.0


def say(text=""):
    sys.stdout.write(f"{text}\n")
    sys.stdout.flush()


def setup_django(database_url, tmp):
    connection = setup_throwaway_django(
        database_url, tmp, "export", site_sqlite_options=False
    )
    from django.conf import settings

    settings.PRIVACY_EXPORT_STORAGE_DIR = tmp / "exports"
    return connection


def create_database():
    from django.db import connection

    started = time.monotonic()
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    say(
        f"==> Database {connection.settings_dict['NAME']} migrated in "
        f"{time.monotonic() - started:.1f} s ({connection.vendor})"
    )
    return old_name


def destroy_database(old_name):
    from django.db import connection

    connection.creation.destroy_test_db(old_name, verbosity=0)


def synthetic_kinds(count):
    """Kinds that yield generated rows, registered for this run only."""
    import datetime

    from privacy import registry

    class SyntheticKind(registry.PersonalData):
        """Rows shaped like a comment or an order: ids, dates, free text."""

        label = "Synthetic rows"
        purpose = legal_basis = retention = "Benchmark only."
        count = 0

        def rows(self, subject):
            start = datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC)
            for number in range(self.count):
                yield number, start + datetime.timedelta(minutes=number)

        def export_row(self, row):
            number, moment = row
            return {
                "id": number,
                "created_at": moment.isoformat(),
                "updated_at": moment.isoformat(),
                "page": f"/arrangementer/forestilling-{number % 97}/",
                "name": "Kari Nordmann",
                "email": "kari@example.org",
                "ip_address": "192.0.2.44",
                "text": "Flott forestilling! Æ, ø og å <b>fungerer</b>. " * 3,
                "amount_ore": 35000 + number,
                "is_public": number % 2 == 0,
            }

    return SyntheticKind, count


def seed(rows, synthetic):
    from django.db import transaction
    from seeding import can_seed
    from seeding import seed as seed_kind

    from accounts.models import User
    from privacy import registry
    from privacy.registry import Subject

    user = User.objects.create_user(
        email="bench@example.org",
        password=None,
        first_name="Kari",
        last_name="Nordmann",
    )
    subject = Subject.for_user(user)
    seeded, skipped, failed = [], [], []
    started = time.monotonic()
    for kind in registry.kinds():
        if not can_seed(kind):
            skipped.append(kind.key)
            continue
        try:
            with transaction.atomic():
                seed_kind(kind, subject, rows)
        except Exception as error:  # noqa: BLE001 (reported; the run goes on)
            failed.append(f"{kind.key} ({type(error).__name__}: {error})")
        else:
            seeded.append(kind.key)
    say(
        f"==> Seeded {rows} rows in {len(seeded)} kind(s) in "
        f"{time.monotonic() - started:.1f} s: {', '.join(seeded) or 'none'}"
    )
    if skipped:
        say(f"    no seeder, so only their real rows: {', '.join(skipped)}")
    for failure in failed:
        say(f"    seeding FAILED, exported without seeded rows: {failure}")
    kind_class, count = synthetic
    for number in range(count):
        key = f"bench.synthetic{number:02d}"
        registry.register(
            type(f"Synthetic{number:02d}", (kind_class,), {"key": key, "count": rows})
        )
    if count:
        say(f"    plus {count} synthetic kind(s) of {rows} generated rows each")
    return Subject.for_user(user)


def rss_megabytes():
    # ru_maxrss is in kilobytes on Linux.
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_export(subject, tmp, trace):
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    from privacy import services

    path = tmp / ("traced.zip" if trace else "export.zip")
    reset_queries()
    rss_before = rss_megabytes()
    if trace:
        tracemalloc.start()
    started = time.perf_counter()
    cpu_started = time.process_time()
    with open(path, "wb") as fileobj, CaptureQueriesContext(connection) as queries:
        counts = services.export_subject(subject, fileobj)
    elapsed = time.perf_counter() - started
    cpu = time.process_time() - cpu_started
    peak = None
    if trace:
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    return {
        "path": path,
        "counts": counts,
        "seconds": elapsed,
        "cpu": cpu,
        "queries": len(queries),
        "rss_before": rss_before,
        "rss_after": rss_megabytes(),
        "traced_peak": peak / 1024 / 1024 if peak is not None else None,
    }


def time_kinds(subject):
    """Seconds to read each kind's rows alone (queries and export_row, no
    writing): which kind to look at when the export is slow."""
    from privacy import registry

    timings = {}
    for kind in registry.kinds():
        started = time.perf_counter()
        for _row in kind.export(subject):
            pass
        timings[kind.key] = time.perf_counter() - started
    return timings


def profile_export(subject, tmp, limit=30):
    import cProfile
    import pstats

    from privacy import services

    say("==> Profile of one export")
    profiler = cProfile.Profile()
    with open(tmp / "profiled.zip", "wb") as fileobj:
        profiler.enable()
        services.export_subject(subject, fileobj)
        profiler.disable()
    for order in ("cumulative", "tottime"):
        pstats.Stats(profiler, stream=sys.stdout).strip_dirs().sort_stats(
            order
        ).print_stats(limit)


def describe_zip(path):
    with zipfile.ZipFile(path) as archive:
        return {info.filename: info.file_size for info in archive.infolist()}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=5000, help="rows per kind (5000)")
    parser.add_argument(
        "--synthetic-kinds",
        type=int,
        default=8,
        help="generated kinds standing in for later apps (8; 0 for none)",
    )
    parser.add_argument(
        "--database-url",
        default="",
        help="run on this database server (a bench_export_<pid> database is "
        "created and dropped); default: a SQLite file in a temporary directory",
    )
    parser.add_argument(
        "--profile", action="store_true", help="also print a cProfile of an export"
    )
    parser.add_argument(
        "--check", action="store_true", help="exit with 1 when a target is missed"
    )
    options = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="venue-bench-export-") as name:
        tmp = Path(name)
        setup_django(options.database_url, tmp)
        old_name = create_database()
        try:
            subject = seed(options.rows, synthetic_kinds(options.synthetic_kinds))
            say("==> Exporting (wall time and RSS)")
            timed = run_export(subject, tmp, trace=False)
            say("==> Exporting again under tracemalloc (slower; for the peak)")
            traced = run_export(subject, tmp, trace=True)
            per_kind = time_kinds(subject)
            if options.profile:
                profile_export(subject, tmp)
        finally:
            destroy_database(old_name)

        zip_size = timed["path"].stat().st_size / 1024 / 1024
        members = describe_zip(timed["path"])
        total_rows = sum(timed["counts"].values())
        rss_growth = timed["rss_after"] - timed["rss_before"]
        say()
        say("=" * 72)
        say(f"rows exported       {total_rows} in {len(timed['counts'])} kinds")
        say(f"    {'kind':<32} {'rows':>8} {'read alone':>11}")
        for key, count in timed["counts"].items():
            say(f"    {key:<32} {count:>8} {per_kind[key]:>9.2f} s")
        say(
            f"wall time           {timed['seconds']:.2f} s "
            f"(CPU {timed['cpu']:.2f} s, {timed['queries']} queries)"
        )
        say(
            f"ZIP size            {zip_size:.2f} MB "
            + ", ".join(
                f"{name} {size / 1024 / 1024:.1f} MB unpacked"
                for name, size in members.items()
            )
        )
        say(
            f"peak RSS            {timed['rss_after']:.0f} MB "
            f"(+{rss_growth:.0f} MB during the export)"
        )
        say(
            f"tracemalloc peak    {traced['traced_peak']:.1f} MB "
            f"(traced run took {traced['seconds']:.2f} s)"
        )
        say()
        checks = [
            (
                f"export in under {TARGET_SECONDS:g} s",
                timed["seconds"] < TARGET_SECONDS,
            ),
            (
                f"peak memory under {TARGET_MEGABYTES:g} MB (process RSS)",
                timed["rss_after"] < TARGET_MEGABYTES,
            ),
        ]
        for label, passed in checks:
            say(f"  [{'PASS' if passed else 'FAIL'}] {label}")
        say("=" * 72)
    return 1 if options.check and not all(passed for _label, passed in checks) else 0


if __name__ == "__main__":
    sys.exit(main())
