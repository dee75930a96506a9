"""Benchmark of the privacy notices of a material change: queueing a
delivery for every verified user, then sending them to a local SMTP server.

    python tests/bench/notices.py [--users 100000] [--send 5000]
                                  [--database-url postgres://...]

Steps:

1. create a throwaway database (a SQLite file in a temporary directory, or
   ``bench_notices_<pid>`` on the server ``--database-url`` names) and
   migrate it;
2. create ``--users`` users, each with a verified address (bulk inserts);
3. queue the notices of a material version (``policy.queue_notices``: one
   delivery per address, chunked, and a sending task per batch of 500 put on
   a queue that only records them), timed, with the peak of Python
   allocations; the issue's target is under 60 s for 100,000 users;
4. start aiosmtpd on 127.0.0.1 and send ``--send`` of the queued notices
   (0: all) through Django's SMTP backend, batch by batch as the worker
   would, and print the rate; the server's count is checked against the
   deliveries marked sent, and no address may get two.
"""

import argparse
import multiprocessing
import socket
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

from throwaway import setup_django as setup_throwaway_django

ROOT = Path(__file__).resolve().parents[2]
TARGET_QUEUE_SECONDS = 60.0


def say(text=""):
    sys.stdout.write(f"{text}\n")
    sys.stdout.flush()


def setup_django(database_url, tmp):
    connection = setup_throwaway_django(database_url, tmp, "notices")
    from django.test.utils import override_settings

    # Enqueued tasks are recorded, not run: sending is measured on its own.
    override_settings(
        TASKS={"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    ).enable()
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


def seed_users(count, chunk=5000):
    from allauth.account.models import EmailAddress
    from django.contrib.auth.hashers import make_password
    from django.db import transaction

    from accounts.models import User

    started = time.monotonic()
    password = make_password(None)
    for first in range(0, count, chunk):
        numbers = range(first, min(first + chunk, count))
        with transaction.atomic():
            users = User.objects.bulk_create(
                [
                    User(email=f"person{n}@example.org", password=password)
                    for n in numbers
                ]
            )
            EmailAddress.objects.bulk_create(
                [
                    EmailAddress(
                        user_id=user.pk, email=user.email, verified=True, primary=True
                    )
                    for user in users
                ]
            )
    say(f"==> {count} verified users created in {time.monotonic() - started:.1f} s")


def make_version():
    from django.utils import timezone

    from privacy.models import PolicyVersion

    return PolicyVersion.objects.create(
        number=1,
        title="Personvern",
        effective_at=timezone.now(),
        summary="Vi bytter billettleverandør.",
        is_material=True,
        text="<p>Benchmark.</p>",
    )


def queue(version):
    from django_tasks import default_task_backend

    from privacy import policy

    tracemalloc.start()
    started = time.perf_counter()
    deliveries = policy.queue_notices(version)
    elapsed = time.perf_counter() - started
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    batches = len(getattr(default_task_backend, "results", []))
    verdict = "OK" if elapsed < TARGET_QUEUE_SECONDS else "TOO SLOW"
    say(
        f"==> Queued {deliveries} notices in {elapsed:.1f} s "
        f"({deliveries / elapsed:,.0f}/s) as {batches} batch task(s); "
        f"target < {TARGET_QUEUE_SECONDS:.0f} s: {verdict}"
    )
    say(f"    peak Python allocations while queueing: {peak / 1024 / 1024:.1f} MB")
    return deliveries


class CountingHandler:
    def __init__(self):
        self.count = 0
        self.recipients = {}

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd)
        self.count += 1
        for address in envelope.rcpt_tos:
            self.recipients[address] = self.recipients.get(address, 0) + 1
        return "250 Message accepted for delivery"


def smtp_server(port, ready, stop, results):
    """aiosmtpd in its own process (in this one it would share the GIL with
    the sender and measure itself): counts messages and repeated addresses."""
    from aiosmtpd.controller import Controller

    handler = CountingHandler()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    ready.set()
    stop.wait()
    controller.stop()
    twice = sum(1 for n in handler.recipients.values() if n > 1)
    results.put((handler.count, twice))


def send(version, limit):
    from django.conf import settings

    from privacy import policy
    from privacy.models import NoticeDelivery

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    context = multiprocessing.get_context("spawn")
    ready, stop, results = context.Event(), context.Event(), context.Queue()
    server = context.Process(target=smtp_server, args=(port, ready, stop, results))
    server.start()
    ready.wait(30)
    try:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
        settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
        settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
        sent = 0
        tracemalloc.start()
        started = time.perf_counter()
        for first, last in list(policy.batch_ranges(version.pk)):
            sent += policy.send_notices(version.pk, first, last)
            if limit and sent >= limit:
                break
        elapsed = time.perf_counter() - started
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    finally:
        stop.set()
        received, twice = results.get(timeout=30)
        server.join(30)
    marked = NoticeDelivery.objects.filter(
        version=version, status=NoticeDelivery.Status.SENT
    ).count()
    say(
        f"==> Sent {sent} notices to aiosmtpd on 127.0.0.1 in {elapsed:.1f} s: "
        f"{sent / elapsed:,.0f} mails/s"
    )
    say(f"    peak Python allocations while sending: {peak / 1024 / 1024:.1f} MB")
    say(
        f"    server received {received}, marked sent {marked}, "
        f"addresses mailed twice: {twice}"
    )
    return received == marked == sent and not twice


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=100_000)
    parser.add_argument(
        "--send", type=int, default=5000, help="notices to send (0: all)"
    )
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-notices-") as directory:
        tmp = Path(directory)
        setup_django(args.database_url, tmp)
        from django.db import connection

        old_name = create_database()
        try:
            seed_users(args.users)
            version = make_version()
            queue(version)
            ok = send(version, args.send)
        finally:
            connection.creation.destroy_test_db(old_name, verbosity=0)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
