import io
import os
import shutil
import subprocess
import time
from dataclasses import dataclass

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.cache import caches
from django.core.management import call_command
from django.db import connection, connections
from django.db.migrations.executor import MigrationExecutor
from django.utils import translation
from pytest_django.plugin import blocking_manager_key
from wagtail.models import Page, Site

from home.models import VenueSettings

from .dbsnapshot import Snapshot, copy_migrated_data, seeded_copy
from .factories import EditorFactory, EventIndexPageFactory, HallFactory, make_member
from .migrated_data import restore_migrated_data
from .newsletter import twilio_server


def _commits(item):
    """Whether ``item`` runs with committed transactions, so that Django
    empties every table after it."""
    marker = item.get_closest_marker("django_db")
    if marker and marker.kwargs.get("transaction"):
        return True
    names = getattr(item, "fixturenames", ())
    return "transactional_db" in names or "live_server" in names


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """After a test that commits, the tables are emptied, the migrations'
    rows (content types, the root collection, locales, the site and root
    page) with them. Put those back when the next test on this worker does
    not do so itself (a serialized rollback does), whatever fixtures the
    test that committed used: one forgotten restore would otherwise fail
    every later test on the worker."""
    yield
    if not _commits(item) or nextitem is None:
        return
    marker = nextitem.get_closest_marker("django_db")
    if _commits(nextitem) and marker and marker.kwargs.get("serialized_rollback"):
        return
    with item.config.stash[blocking_manager_key].unblock():
        if not ContentType.objects.exists():
            restore_migrated_data()


@pytest.fixture
def latest_migrations_afterwards(django_db_blocker):
    """For tests that migrate back to try a data migration: afterwards
    every app is at its latest migration again, whether the test passed or
    not. Going forward only to the migration tried leaves the migrations
    of other apps that depend on what was unapplied (a later migration of
    the same app, or one of another app) unapplied, and every later test on
    the worker then meets an old schema."""
    yield
    with django_db_blocker.unblock():
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.fixture
def twilio(settings):
    """Texts go over HTTP to the local stand-in of Twilio's Messages API
    (tests/newsletter/twilio_server.py); the fixture is its server."""
    with twilio_server.running() as server:
        settings.SMS_BACKEND = "home.sms.backends.twilio.SmsBackend"
        settings.SMS_TWILIO_ACCOUNT_SID = twilio_server.ACCOUNT_SID
        settings.SMS_TWILIO_AUTH_TOKEN = twilio_server.AUTH_TOKEN
        settings.SMS_TWILIO_FROM = "+4712345678"
        settings.SMS_TWILIO_API_BASE = server.base_url
        settings.SMS_TIMEOUT = 2
        yield server


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The test databases, with a copy of what the migrations created: the
    tests that commit (serialized rollback) get it back by a copy inside the
    database rather than object by object (tests/dbsnapshot.py)."""
    with django_db_blocker.unblock():
        for alias_connection in connections.all():
            # pytest-django serializes them only when a collected test asks
            # for a serialized rollback; the shared demo (`seeded_demo`)
            # empties the tables too, whichever tests were chosen.
            if not getattr(alias_connection, "_test_serialized_contents", None):
                alias_connection._test_serialized_contents = (
                    alias_connection.creation.serialize_db_to_string()
                )
            copy_migrated_data(alias_connection)
    yield


# Upcoming events in the shared demo content (`seeded_demo`).
DEMO_EVENTS = 8


def row_counts():
    """{model label: rows} of every model."""
    return {
        model._meta.label: model._default_manager.count() for model in apps.get_models()
    }


@dataclass
class SeededDemo:
    """``seed_demo`` run twice on what the migrations made, as the tests
    of the demo content and the tests that need a whole site see it."""

    snapshot: Snapshot  # every table after the second run
    first_run: str  # what each run printed
    second_run: str
    counts_after_first: dict  # row_counts() after each run
    counts_after_second: dict

    def restore(self):
        """Put the demo content back (inside the test's transaction, or
        committed before a test that commits)."""
        self.snapshot.restore()


@pytest.fixture(scope="session")
def seeded_demo(django_db_setup, django_db_blocker):
    """The demo content, seeded once per test process and kept as a copy of
    every table (tests/dbsnapshot.py); the database is left as the
    migrations made it. Seeding takes seconds; a copy is put back in a few
    milliseconds, so every test that reads the demo shares this one. The
    second run is kept to prove that a run on a seeded site changes
    nothing."""
    runs = []

    def seed_twice():
        for _ in range(2):
            out = io.StringIO()
            call_command("seed_demo", events=DEMO_EVENTS, stdout=out)
            runs.append((out.getvalue(), row_counts()))

    with django_db_blocker.unblock():
        snapshot, _ = seeded_copy("demo", seed_twice)
    (first, after_first), (second, after_second) = runs
    return SeededDemo(snapshot, first, second, after_first, after_second)


@pytest.fixture
def demo_site_data(db, seeded_demo):
    """The demo content, put back inside this test's transaction (rolled
    back with it)."""
    seeded_demo.restore()
    return seeded_demo


@pytest.fixture(autouse=True)
def _clear_cache():
    """Each test starts with empty caches: the page cache, Wagtail's cached
    site root paths and its image renditions would otherwise leak between
    tests."""
    for each in caches.all():
        each.clear()
    yield
    for each in caches.all():
        each.clear()


@pytest.fixture(autouse=True)
def _default_language_after():
    """A request in English leaves English active in the thread; the next
    test starts in the site's default language, whichever order they run in."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def home_page(db):
    """The home page the data migration creates, served for 'testserver'."""
    site = Site.objects.get(is_default_site=True)
    return site.root_page.specific


@pytest.fixture
def venue(db):
    settings = VenueSettings.load()
    settings.name = "Elvebyen kulturhus"
    settings.street_address = "Storgata 1"
    settings.postal_code = "3611"
    settings.city = "Elvebyen"
    settings.organisation_number = "987654321"
    settings.save()
    return settings


@pytest.fixture
def event_index(home_page):
    return EventIndexPageFactory(parent=home_page)


@pytest.fixture
def hall(db):
    return HallFactory(name="Store sal", capacity=450)


@pytest.fixture
def root_page(db):
    return Page.objects.get(depth=1)


@pytest.fixture
def english_home(home_page):
    """The English home page, translated with wagtail-localize: /en/."""
    from home.services import translate

    return translate(
        home_page,
        "en",
        {home_page.title: "Welcome", home_page.slug: "home-en"},
    )


@pytest.fixture
def english_event_index(english_home, event_index):
    """The English programme at /en/events/."""
    from home.services import translate

    return translate(
        event_index, "en", {event_index.title: "Programme", event_index.slug: "events"}
    )


class S3StandIn:
    """moto's S3 server on 127.0.0.1 (a port of its own), spoken to by the
    real boto3 over HTTP: what django-storages sees is an S3-compatible
    endpoint, faked only at the far end."""

    region = "us-east-1"
    access_key = "stand-in-access-key"
    secret_key = "stand-in-secret-key"

    def __init__(self, endpoint_url):
        self.endpoint_url = endpoint_url

    def client(self):
        import boto3

        return boto3.client(
            "s3",
            endpoint_url=self.endpoint_url,
            region_name=self.region,
            aws_access_key_id=self.access_key,
            aws_secret_access_key=self.secret_key,
        )

    def new_bucket(self, name):
        self.client().create_bucket(Bucket=name)
        return name

    def keys(self, bucket, prefix=""):
        listing = self.client().list_objects_v2(Bucket=bucket, Prefix=prefix)
        return sorted(entry["Key"] for entry in listing.get("Contents", ()))

    def read(self, bucket, key):
        return self.client().get_object(Bucket=bucket, Key=key)["Body"].read()

    def environment(self, bucket):
        """The variables that put a process's private files in ``bucket``."""
        return {
            "AWS_PRIVATE_BUCKET_NAME": bucket,
            "AWS_S3_ENDPOINT_URL": self.endpoint_url,
            "AWS_S3_REGION_NAME": self.region,
            "AWS_ACCESS_KEY_ID": self.access_key,
            "AWS_SECRET_ACCESS_KEY": self.secret_key,
        }

    def storage_config(self, bucket, location):
        return {
            "BACKEND": "privacy.s3.PrivateS3Storage",
            "OPTIONS": {
                "bucket_name": bucket,
                "endpoint_url": self.endpoint_url,
                "region_name": self.region,
                "access_key": self.access_key,
                "secret_key": self.secret_key,
                "location": location,
            },
        }


@pytest.fixture(scope="session")
def s3_server():
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield S3StandIn(f"http://{host}:{port}")
    server.stop()


@pytest.fixture
def s3_bucket(s3_server, request):
    """A fresh bucket of the test's own in the S3 stand-in."""
    import re
    import uuid

    stem = re.sub(r"[^a-z0-9]+", "-", request.node.name.lower())[:30].strip("-")
    return s3_server.new_bucket(f"{stem}-{uuid.uuid4().hex[:12]}")


# People ------------------------------------------------------------------
# Shared by every folder; a folder whose tests mean someone else by the same
# name (an editor without every right, a client already signed in) defines
# its own fixture, which takes precedence there.


@pytest.fixture
def member(db):
    """Kari, with an account and a verified address (the password is
    ``factories.PASSWORD``)."""
    return make_member("kari@example.org", first_name="Kari", last_name="Nordmann")


@pytest.fixture
def editor(db):
    """An editor who may do everything in the admin (a superuser)."""
    return EditorFactory(email="redaktor@example.org")


# Stand-ins -----------------------------------------------------------------


@pytest.fixture(scope="session")
def stripe_standin():
    """The Stripe stand-in (tests/tickets/stripe_stub.py), started once for
    the test session; the ``stripe_stub`` fixtures reset it for each test."""
    from .tickets.stripe_stub import StripeStub

    stub = StripeStub().start()
    yield stub
    stub.stop()


@pytest.fixture
def redis_url(tmp_path):
    """A redis-server of the test's own, on a Unix socket in tmp_path."""
    import redis

    server = shutil.which("redis-server")
    if server is None:
        if os.environ.get("CI"):
            pytest.fail("redis-server is missing (.ci/run installs it)")
        pytest.skip("redis-server is not installed (apt-get install redis-server)")
    socket = tmp_path / "redis.sock"
    process = subprocess.Popen(  # noqa: S603
        [
            server,
            "--port",
            "0",
            "--unixsocket",
            str(socket),
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(tmp_path),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"unix://{socket}"
    # The socket file appears when it is bound, a moment before the server
    # listens: wait for an answer, not for the file.
    deadline = time.monotonic() + 10
    while True:
        try:
            redis.Redis.from_url(url, socket_timeout=1).ping()
            break
        except redis.ConnectionError:
            assert time.monotonic() < deadline, "redis-server did not start"
            time.sleep(0.05)
    yield url
    process.terminate()
    process.wait(10)
