import time

from django.core.management.base import BaseCommand, CommandError

from newsletter import services
from newsletter.conf import conf


class Command(BaseCommand):
    help = (
        "Ask subscribers with no sign of life for NEWSLETTER_RECONSENT_MONTHS "
        "whether they still want the newsletter (the periodic task does this "
        "daily). Nobody is mailed twice; safe to run again. Those who do not "
        "answer are removed by the retention purge."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Only count; mail nobody."
        )
        parser.add_argument(
            "--limit",
            type=int,
            default=None,
            help="Mail at most this many (default NEWSLETTER_RECONSENT_BATCH_SIZE).",
        )

    def handle(self, *args, dry_run=False, limit=None, **options):
        if limit is not None and limit < 1:
            raise CommandError("--limit must be 1 or more.")
        started = time.monotonic()
        last_report = {"at": 0.0}

        def progress(done, total):
            now = time.monotonic()
            if done == total or now - last_report["at"] >= 1.0:
                last_report["at"] = now
                self.stdout.write(f"  {done} of {total}…")

        count = services.send_reconsent_mails(
            limit=limit, dry_run=dry_run, progress=progress
        )
        elapsed = time.monotonic() - started
        if dry_run:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Dry run: {count} subscriber(s) would be asked "
                    f"(no sign of life for {conf.RECONSENT_MONTHS} months)."
                )
            )
        else:
            self.stdout.write(
                self.style.SUCCESS(
                    f"{count} re-consent mail(s) sent in {elapsed:.1f} s."
                )
            )
