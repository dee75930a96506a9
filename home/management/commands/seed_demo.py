import logging
import time
from contextlib import contextmanager

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from home import demo


@contextmanager
def quieter(logger_name, level):
    """Raise a logger's level for a while: Wagtail logs a line per page
    created and published, which would drown the progress lines."""
    logger = logging.getLogger(logger_name)
    previous = logger.level
    logger.setLevel(level)
    try:
        yield
    finally:
        logger.setLevel(previous)


class Command(BaseCommand):
    help = (
        "Fill a fresh site with demo content: venue settings, pages, news, "
        "halls, genres and a programme of events. Safe to run again: what "
        "exists is left alone and nothing is created twice."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--events",
            type=int,
            default=40,
            help="How many upcoming events to create (default 40).",
        )

    def handle(self, *args, **options):
        if options["events"] < 0:
            raise CommandError("--events must be 0 or more.")
        demo.autodiscover()
        seeders = demo.get_seeders()
        if not seeders:
            raise CommandError("No app has a demo_content module with a seeder.")

        started = time.monotonic()
        totals = {}
        level = logging.WARNING if options["verbosity"] < 2 else logging.NOTSET
        with quieter("wagtail", level):
            for label, seeder in seeders:
                self.stdout.write(self.style.MIGRATE_HEADING(f"Seeding {label}"))
                with transaction.atomic():
                    created = seeder(self.stdout, self.style, events=options["events"])
                for kind, count in (created or {}).items():
                    totals[kind] = totals.get(kind, 0) + count

        elapsed = time.monotonic() - started
        made = ", ".join(f"{count} {kind}" for kind, count in totals.items() if count)
        if made:
            self.stdout.write(self.style.SUCCESS(f"Created {made} in {elapsed:.1f} s."))
        else:
            self.stdout.write(
                self.style.SUCCESS("Nothing new: the demo content was in place.")
            )
