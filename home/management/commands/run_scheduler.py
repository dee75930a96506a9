import signal
import time

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils.module_loading import import_string


class Command(BaseCommand):
    help = (
        "Enqueue the periodic tasks listed in settings.PERIODIC_TASKS when "
        "their interval has passed. Runs beside the task worker; it does no "
        "work itself."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--once",
            action="store_true",
            help="Enqueue every periodic task once and exit.",
        )
        parser.add_argument(
            "--tick",
            type=float,
            default=10.0,
            help="Seconds between checks of the schedule (default: 10).",
        )

    def handle(self, *args, once=False, tick=10.0, **options):
        # Each enqueue is told with -v 2; the worker reports what fails.
        self.verbosity = options.get("verbosity", 1)
        schedule = [
            (import_string(path), path, interval)
            for path, interval in settings.PERIODIC_TASKS
        ]
        if once:
            for task, path, _interval in schedule:
                self._enqueue(task, path)
            return

        self._running = True
        signal.signal(signal.SIGTERM, self._stop)
        signal.signal(signal.SIGINT, self._stop)
        # Everything runs once at start-up, then at its interval.
        due = {path: time.monotonic() for _task, path, _interval in schedule}
        self.stdout.write(f"Scheduler: {len(schedule)} periodic task(s).")
        while self._running:
            now = time.monotonic()
            for task, path, interval in schedule:
                if now >= due[path]:
                    self._enqueue(task, path)
                    due[path] = now + interval
            time.sleep(tick)
        self.stdout.write("Scheduler stopped.")

    def _enqueue(self, task, path):
        result = task.enqueue()
        if self.verbosity >= 2:
            self.stdout.write(f"Enqueued {path} ({result.id}).")

    def _stop(self, *args):
        self._running = False
