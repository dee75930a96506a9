"""Benchmark of the session scan erasure runs: every stored session is
decoded to find those holding a person's account id or addresses.

    python tests/bench/session_scan.py [--sessions 20000] [--chunk-size 2000]
                                       [--database-url postgres://...]

Steps: create a throwaway database and migrate it; store ``--sessions``
sessions as the site's session store writes them (a few signed in, most
anonymous with a cookie choice or a sign-up stash, ten holding the person);
time ``accounts.services.session_keys_of`` for the person, and print the
figure and whether exactly the person's sessions were found.
"""

import argparse
import sys
import tempfile
import time
from importlib import import_module
from pathlib import Path

from throwaway import setup_django

ADDRESS = "bench.person@example.org"
MINE = 10


def say(text=""):
    sys.stdout.write(f"{text}\n")
    sys.stdout.flush()


def seed(count, user):
    """``count`` sessions; the first ``MINE`` hold the person (alternately
    their id and their address in a stash), the rest other people."""
    import datetime

    from django.conf import settings
    from django.contrib.sessions.models import Session
    from django.utils import timezone
    from django.utils.crypto import get_random_string

    store = import_module(settings.SESSION_ENGINE).SessionStore()
    expire = timezone.now() + datetime.timedelta(days=2)
    rows, mine = [], set()
    for number in range(count):
        if number < MINE:
            data = (
                {"_auth_user_id": str(user.pk), "_auth_user_backend": "x"}
                if number % 2
                else {"stash": {"email": ADDRESS}, "next": "/konto/"}
            )
        elif number % 10 == 0:
            data = {"_auth_user_id": str(user.pk + 1 + number)}
        else:
            data = {
                "account_login": {"user_pk": str(user.pk + 1 + number), "email": None},
                "newsletter": {"email": f"other{number}@example.org"},
            }
        key = get_random_string(32).lower()
        if number < MINE:
            mine.add(key)
        rows.append(
            Session(
                session_key=key, session_data=store.encode(data), expire_date=expire
            )
        )
    Session.objects.bulk_create(rows, batch_size=2000)
    return mine


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sessions", type=int, default=20_000)
    parser.add_argument("--chunk-size", type=int, default=2000)
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-sessions-") as directory:
        connection = setup_django(args.database_url, Path(directory), "sessions")
        old_name = connection.settings_dict["NAME"]
        connection.creation.create_test_db(verbosity=0, autoclobber=True)
        try:
            from accounts import services
            from accounts.models import User
            from privacy.registry import Subject

            services.SESSION_SCAN_CHUNK = args.chunk_size
            user = User.objects.create_user(email=ADDRESS)
            mine = seed(args.sessions, user)
            subject = Subject.for_user(user)
            started = time.perf_counter()
            found = set(services.session_keys_of(subject))
            elapsed = time.perf_counter() - started
        finally:
            connection.creation.destroy_test_db(old_name, verbosity=0)
    say(
        f"==> {connection.vendor}: scanned {args.sessions:,} sessions in "
        f"{elapsed:.2f} s ({args.sessions / elapsed:,.0f}/s, "
        f"chunks of {args.chunk_size})"
    )
    ok = found == mine
    say(f"==> {'OK' if ok else 'WRONG'}: {len(found)} of the person's {MINE} found")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
