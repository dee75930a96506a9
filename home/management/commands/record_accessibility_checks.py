from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from home.accessibility import merge_runs, read_runs, write_report
from home.cache import invalidate_page_cache


class Command(BaseCommand):
    help = (
        "Merge the axe-core results the browser tests recorded (axe-*.json in "
        "FOLDER) into the report the accessibility statement shows."
    )

    def add_arguments(self, parser):
        parser.add_argument("folder", help="Where the browser tests wrote their runs.")
        parser.add_argument(
            "--output",
            default=None,
            help="The report to write (default: settings.ACCESSIBILITY_REPORT).",
        )

    def handle(self, folder, output=None, **options):
        runs = read_runs(folder)
        if not runs:
            raise CommandError(f"No axe-*.json results in {folder}.")
        report = merge_runs(runs)
        path = output or settings.ACCESSIBILITY_REPORT
        write_report(report, path)
        # The statement's cached copies show the new report.
        invalidate_page_cache()
        violations = sum(len(page["violations"]) for page in report["pages"])
        self.stdout.write(
            f"{len(report['pages'])} pages checked on {report['checked_at']}, "
            f"{violations} violations; written to {path}"
        )
