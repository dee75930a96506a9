"""Two instances of the site, as two web machines would run it: separate
gunicorn processes (each on a port of its own) with separate local folders
(media, cache, private exports), one database (a copy of the test database:
a SQLite file, or a PostgreSQL database made from the test database as a
template) and, when configured, one private S3-compatible bucket (moto's
server on 127.0.0.1, reached by the real boto3 over HTTP).

An export asked for on instance A is built by a task worker started with A's
configuration, and its link is followed on instance B. With the private
bucket B serves the very bytes A's worker stored; with local folders B
answers 404, honestly: the file is on the other machine. That is why
AWS_PRIVATE_BUCKET_NAME must be set for more than one machine (site/README.md).

The full cluster (site/cluster.sh: nginx, Redis, RQ) is not needed for this:
what differs between machines here is only where the private files are."""

import os
import queue
import re
import shutil
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
import uuid
import zipfile
from io import BytesIO
from pathlib import Path

import pytest
from django.db import connection

pytestmark = pytest.mark.django_db

BASE_DIR = Path(__file__).resolve().parents[2]
EMAIL = "kari.two.instances@example.org"
# Variables of the calling shell that would change what an instance is.
INHERITED_OUT = re.compile(
    r"^(DJANGO_SETTINGS_MODULE|DATABASE_URL|REDIS_URL|RQ_REDIS_URL|TASKS_BACKEND"
    r"|AWS_.*|MEDIA_.*|STATIC_ROOT|CACHE_DIR|BACKUP_.*|PRIVACY_.*|EMAIL_URL"
    r"|FRONTEND_CACHE_.*|GUNICORN_.*|WEB_CONCURRENCY)$"
)
ASK_FOR_AN_EXPORT = f"""
from privacy import services
from privacy.registry import Subject
from newsletter.models import Subscriber
export = services.request_export(Subject.for_email({EMAIL!r}), email={EMAIL!r})
print("EXPORT", export.pk.hex, export.get_download_url())
"""


@pytest.fixture
def shared_database(tmp_path):
    """A database both instances and the worker use: a copy of the migrated
    test database (SQLite's online backup; pg_dump into a new PostgreSQL
    database), so no migration runs here. Its URL is yielded."""
    connection.ensure_connection()
    if connection.vendor == "sqlite":
        path = tmp_path / "site.sqlite3"
        target = sqlite3.connect(path)
        connection.connection.backup(target)
        target.close()
        yield f"sqlite:///{path}"
        return
    import psycopg
    from psycopg import sql

    settings = connection.settings_dict
    assert settings["NAME"].startswith("test_"), settings["NAME"]
    name = f"{settings['NAME']}_two_{uuid.uuid4().hex[:8]}"
    credentials = {
        "host": settings["HOST"] or "127.0.0.1",
        "port": str(settings["PORT"] or 5432),
        "user": settings["USER"],
        "password": settings["PASSWORD"],
    }
    url = (
        f"postgres://{credentials['user']}:{credentials['password']}"
        f"@{credentials['host']}:{credentials['port']}"
    )
    with psycopg.connect(f"{url}/postgres", autocommit=True) as admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        # What the migrations left, committed; this test's own transaction
        # stays open and empty meanwhile.
        dump = subprocess.run(  # noqa: S603 - PostgreSQL's own tools
            [
                shutil.which("pg_dump"),
                "-Fc",
                "--no-owner",
                "-d",
                f"{url}/{settings['NAME']}",
            ],
            capture_output=True,
            check=True,
            timeout=300,
        )
        subprocess.run(  # noqa: S603 - PostgreSQL's own tools
            [shutil.which("pg_restore"), "--no-owner", "-d", f"{url}/{name}"],
            input=dump.stdout,
            capture_output=True,
            check=True,
            timeout=300,
        )
        yield f"{url}/{name}"
    finally:
        with psycopg.connect(f"{url}/postgres", autocommit=True) as admin:
            admin.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                    sql.Identifier(name)
                )
            )


class Instance:
    """One machine's site: its own folders, the shared database (and bucket),
    a gunicorn process, and management commands run with its configuration."""

    def __init__(self, name, root: Path, database_url, extra_env):
        self.name = name
        self.root = root
        self.exports = root / "private" / "exports"
        env = {
            key: value
            for key, value in os.environ.items()
            if not INHERITED_OUT.match(key)
        }
        env.update(
            DJANGO_SETTINGS_MODULE="tests.cluster.instance_settings",
            SECRET_KEY="two-instances-test-" + "x" * 40,
            ALLOWED_HOSTS="127.0.0.1,localhost",
            ERASURE_JOURNAL_KEY="two-instances-test-journal-key",
            DATABASE_URL=database_url,
            TASKS_BACKEND="database",
            EMAIL_URL="consolemail://",
            MEDIA_ROOT=str(root / "media"),
            STATIC_ROOT=str(root / "static"),
            CACHE_DIR=str(root / "cache"),
            BACKUP_DIR=str(root / "backups"),
            BACKUP_MAINTENANCE_FILE=str(root / "maintenance"),
            PRIVACY_EXPORT_STORAGE_DIR=str(self.exports),
            PYTHONPATH=str(BASE_DIR),
            **extra_env,
        )
        self.env = env
        self.process = None
        self.port = None

    def manage(self, *args, timeout=180):
        result = subprocess.run(  # noqa: S603 - our interpreter, our code
            [sys.executable, "manage.py", *args],
            cwd=BASE_DIR,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        assert result.returncode == 0, f"{self.name}: {args}\n{result.stderr}"
        return result.stdout

    def start(self):
        self.process = subprocess.Popen(  # noqa: S603 - our interpreter, our code
            [
                sys.executable,
                "-m",
                "gunicorn",
                "venue.wsgi:application",
                "--bind",
                "127.0.0.1:0",
                "--workers",
                "1",
                "--log-level",
                "info",
            ],
            cwd=BASE_DIR,
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        lines = queue.Queue()

        def read():
            for line in self.process.stderr:
                lines.put(line)

        threading.Thread(target=read, daemon=True).start()
        seen = []
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            try:
                line = lines.get(timeout=1)
            except queue.Empty:
                if self.process.poll() is not None:
                    break
                continue
            seen.append(line)
            found = re.search(r"Listening at: http://127\.0\.0\.1:(\d+)", line)
            if found:
                self.port = int(found.group(1))
                break
        assert self.port, f"{self.name} did not start:\n{''.join(seen)}"
        # gunicorn listens before its worker has loaded Django: wait for it.
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            try:
                self.get("/helse/")
                return
            except (urllib.error.URLError, ConnectionError):
                time.sleep(0.2)
        raise AssertionError(f"{self.name} never answered")

    def stop(self):
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def get(self, path):
        """(status, headers, body) of a GET to this instance."""
        request = urllib.request.Request(f"http://127.0.0.1:{self.port}{path}")
        try:
            with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 - http to our own instance
                return response.status, response.headers, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.headers, error.read()


@pytest.fixture
def instances(tmp_path, shared_database, request):
    started = []

    def make(extra_env):
        pair = []
        for name in ("a", "b"):
            instance = Instance(name, tmp_path / name, shared_database, extra_env)
            started.append(instance)
            instance.start()
            pair.append(instance)
        return pair

    yield make
    for instance in started:
        instance.stop()


def ask_on_a_build_with_as_worker(a):
    """Ask for an export on instance A (its management shell) and run the
    task queue once with A's configuration, as A's worker would."""
    found = re.search(
        r"^EXPORT (\w+) (\S+)$", a.manage("shell", "-c", ASK_FOR_AN_EXPORT), re.M
    )
    assert found, "no export was asked for"
    a.manage("db_worker", "--batch", "--no-startup-delay", "--no-reload")
    return found.group(1), found.group(2)


def test_an_export_built_by_one_instance_downloads_through_the_other(
    instances, s3_server, s3_bucket
):
    a, b = instances(s3_server.environment(s3_bucket))
    name, url = ask_on_a_build_with_as_worker(a)
    key = f"exports/{name}.zip"
    assert s3_server.keys(s3_bucket) == [key]
    stored = s3_server.read(s3_bucket, key)

    status, headers, body = b.get(url)
    assert status == 200, body[:500]
    assert headers["Content-Type"] == "application/zip"
    assert body == stored
    archive = zipfile.ZipFile(BytesIO(body))
    assert "data.json" in archive.namelist()
    assert EMAIL in archive.read("data.json").decode()
    # A serves the same link alike; neither machine kept a copy on its disk.
    assert a.get(url)[2] == stored
    for instance in (a, b):
        assert not instance.exports.exists() or not any(instance.exports.iterdir())


def test_with_local_folders_the_other_instance_honestly_has_no_file(instances):
    a, b = instances({})
    name, url = ask_on_a_build_with_as_worker(a)
    on_a = (a.exports / f"{name}.zip").read_bytes()
    assert not (b.exports / f"{name}.zip").exists()

    status, _headers, body = a.get(url)
    assert status == 200 and body == on_a
    status, _headers, body = b.get(url)
    assert status == 404
    assert body != on_a
