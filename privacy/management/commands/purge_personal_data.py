import time

from django.core.management.base import BaseCommand, CommandError

from privacy import retention


class Command(BaseCommand):
    help = (
        "Delete or anonymise personal data past its retention time, rule by "
        "rule, as the retention table (PRIVACY_RETENTION) and each app's "
        "retention rules say. Deletes in chunks; safe to run again."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Only count what would go; change nothing.",
        )
        parser.add_argument(
            "--rule",
            action="append",
            dest="rules",
            metavar="KEY",
            help="Apply only this rule (repeatable), e.g. accounts.security_log.",
        )
        parser.add_argument(
            "--chunk-size",
            type=int,
            default=None,
            help="Rows per delete statement (default PRIVACY_PURGE_CHUNK_SIZE).",
        )

    def handle(self, *args, dry_run=False, rules=None, chunk_size=None, **options):
        known = {rule.key for rule in retention.rules()}
        unknown = sorted(set(rules or []) - known)
        if unknown:
            raise CommandError(
                f"No such retention rule: {', '.join(unknown)}. "
                f"Known: {', '.join(sorted(known))}."
            )
        if chunk_size is not None and chunk_size < 1:
            raise CommandError("--chunk-size must be 1 or more.")
        started = time.monotonic()
        last_report = {"at": 0.0}

        def progress(key, done):
            now = time.monotonic()
            if now - last_report["at"] >= 1.0:
                last_report["at"] = now
                self.stdout.write(f"  {key}: {done} so far…")

        results = retention.purge(
            dry_run=dry_run,
            keys=set(rules) if rules else None,
            chunk_size=chunk_size,
            progress=progress,
        )
        verb = "would go" if dry_run else "gone"
        for result in results.values():
            days = "—" if result.days is None else f"{result.days} d"
            action = "anonymised" if result.anonymised else "deleted"
            self.stdout.write(
                f"{result.key} ({days}): {result.affected} {verb}"
                f"{'' if dry_run else f' ({action})'} – {result.label}"
            )
        for key in retention.undeclared_keys():
            self.stdout.write(
                self.style.WARNING(
                    f"{key}: in the retention table, but no installed app has "
                    "this rule yet."
                )
            )
        total = sum(result.affected for result in results.values())
        elapsed = time.monotonic() - started
        summary = f"{total} row(s) {verb} in {elapsed:.1f} s."
        self.stdout.write(
            self.style.SUCCESS(("Dry run: " if dry_run else "") + summary)
        )
