"""Benchmark of the public pages: render time in-process and throughput under
gunicorn, with the page cache off (cold) and on (warm).

    python tests/bench/pages.py [--seconds 10] [--requests 200]   (or: make bench)

Everything runs on a throwaway copy of the demo site: a fresh SQLite database,
file cache, media and static files in a temporary directory, with the
production settings. Steps:

1. migrate, ``seed_demo`` and ``collectstatic`` into the temporary directory,
   and give one event 50 comments;
2. in this process, time N renders of each page through Django's WSGI handler
   (the same code path gunicorn calls) with the page cache off, and count the
   SQL queries of one render;
3. start gunicorn (site/gunicorn.conf.py, 127.0.0.1 on a free port, page
   cache on) and nginx serving the static files (tests/bench/nginx_server.py),
   and load each page with 8 connections for a fixed time: "cold" with the
   session cookie of a signed-in visitor, which bypasses the page cache,
   "warm" without; with ``wrk`` when it is installed and a Python load
   generator otherwise (run as root, the script installs wrk and nginx from
   Debian when they are missing);
4. print a summary with the targets from the performance issues.

The load generator runs on the same cores as the site, so its CPU use is
printed beside the figures, with gunicorn's own CPU time per request (from
/proc), which other work on the machine disturbs far less than req/s. A static
file served by nginx, loaded in the same run, is the yardstick: each page's
req/s is also given as a share of it, which stays comparable between runs on
a busy machine. The same file served by WhiteNoise is the ceiling of
gunicorn.
``--profile`` adds a cProfile of the uncached event page; ``--check`` makes the
exit status 1 when a target is missed. REDIS_URL and DATABASE_URL of the
calling shell are ignored: nothing outside the temporary directory is touched.
"""

import argparse
import http.client
import io
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from nginx_server import ensure_debian_packages, nginx
from wrk import percentile, run_wrk

ROOT = Path(__file__).resolve().parents[2]
GUNICORN_CONF = ROOT / "site" / "gunicorn.conf.py"
HOST = "127.0.0.1"

TARGET_RENDER_MS = 8.0
TARGET_COLD_RPS = 200.0
TARGET_WARM_RPS = 1500.0
# Issue 16: req/s of these pages with the page cache bypassed (by start of
# the page's name).
TARGET_COLD_PAGES = {"home": 250.0, "event index": 200.0, "event, ": 280.0}
# Comments on the page of the "event, N comments" entry (issue 4).
BENCH_COMMENTS = 50


def say(text=""):
    sys.stdout.write(f"{text}\n")
    sys.stdout.flush()


# --- Preparing the site ----------------------------------------------------


def bench_environment(tmp):
    """Environment for the production settings on the temporary site."""
    environ = {
        key: value
        for key, value in os.environ.items()
        # A Redis or database of the machine must not be touched.
        if key not in ("REDIS_URL", "DATABASE_URL", "PAGE_CACHE_SECONDS")
    }
    environ.update(
        DJANGO_SETTINGS_MODULE="venue.settings.production",
        SECRET_KEY=secrets.token_urlsafe(50),
        ERASURE_JOURNAL_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS=f"{HOST},localhost",
        SECURE_SSL_REDIRECT="false",
        DEBUG="false",
        DATABASE_URL=f"sqlite:///{tmp / 'db.sqlite3'}",
        CACHE_DIR=str(tmp / "cache"),
        STATIC_ROOT=str(tmp / "static"),
        MEDIA_ROOT=str(tmp / "media"),
        LOG_LEVEL="WARNING",
        PYTHONUNBUFFERED="1",
    )
    return environ


def manage(environ, *args, quiet=False):
    command = [sys.executable, str(ROOT / "manage.py"), *args]
    result = subprocess.run(  # noqa: S603 (our own interpreter and manage.py)
        command,
        cwd=ROOT,
        env=environ,
        stdout=subprocess.PIPE if quiet else None,
        stderr=subprocess.STDOUT if quiet else None,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        if quiet:
            say(result.stdout)
        raise SystemExit(f"manage.py {' '.join(args)} failed ({result.returncode}).")


def prepare_site(environ, events):
    started = time.monotonic()
    say("==> Migrating a fresh SQLite database")
    manage(environ, "migrate", "--noinput", "-v", "0", quiet=True)
    say(f"==> Loading demo content ({events} events)")
    manage(environ, "seed_demo", "--events", str(events))
    say("==> Collecting static files")
    manage(environ, "collectstatic", "--noinput", "-v", "0", quiet=True)
    say(f"    site ready in {time.monotonic() - started:.1f} s")


# --- Figures -----------------------------------------------------------------


NAN = float("nan")


@dataclass
class RenderResult:
    name: str
    path: str
    median_ms: float
    p99_ms: float
    cpu_ms: float  # CPU time of this process per render, mean
    queries: int
    cached_median_ms: float


@dataclass
class LoadResult:
    name: str
    mode: str
    rps: float
    p50_ms: float
    p99_ms: float
    errors: int
    requests: int
    generator: str
    generator_cpu: float  # share of one core used by the load generator
    server_cpu_ms: float  # CPU time of gunicorn (all processes) per request
    notes: list = field(default_factory=list)
    reference: bool = False  # a static file: the yardstick, no target


# --- In-process rendering ----------------------------------------------------


def setup_django(environ):
    os.environ.update(environ)
    if str(ROOT) not in sys.path:
        # Run as a script, Python puts tests/bench on the path, not the project.
        sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def choose_pages():
    """(name, path) of the pages to measure, found in the demo content."""
    from django.db.models import Count
    from wagtail.models import Site

    from events.models import EventIndexPage, EventPage
    from home.models import ArticlePage

    site = Site.objects.get(is_default_site=True)

    def path_of(page):
        return page.get_url_parts()[2]

    event = (
        EventPage.objects.live()
        .public()
        .annotate(performance_count=Count("performances"))
        .order_by("-performance_count", "pk")
        .first()
    )
    article = ArticlePage.objects.live().public().order_by("-date", "pk").first()
    index = EventIndexPage.objects.live().first()
    if event is None or article is None or index is None:
        raise SystemExit("The demo content has no event, article or event index.")
    pages = [
        ("home", path_of(site.root_page)),
        ("event index", path_of(index)),
        (f"event ({event.performance_count} perf.)", path_of(event)),
        (f"event, {BENCH_COMMENTS} comments", path_of(event_with_comments(event))),
        ("article", path_of(article)),
    ]
    return pages


def event_with_comments(other):
    """An event (not ``other``) with BENCH_COMMENTS published comments, some
    with replies: the demo content's few, and the rest added here."""
    from comments.demo_content import add_comments
    from comments.models import Comment
    from events.models import EventPage

    event = (
        EventPage.objects.live().public().exclude(pk=other.pk).order_by("-path").first()
    )
    shown = Comment.objects.published().filter(page_id=event.pk).count()
    if shown < BENCH_COMMENTS:
        add_comments(event, BENCH_COMMENTS - shown)
    return event


def static_references():
    """(name, path) of a static file, served by WhiteNoise before any page
    code runs (the most a gunicorn worker can do here) and by nginx (the
    yardstick of the machine's speed in this run)."""
    from django.contrib.staticfiles.storage import staticfiles_storage

    path = staticfiles_storage.url("css/site.css")
    return {
        "whitenoise": ("static file, WhiteNoise", path),
        "nginx": ("static file, nginx", path),
    }


def signed_in_cookie():
    """The Cookie header of a signed-in visitor (a demo account made for
    the run): a session cookie bypasses the page cache, as for every
    visitor who has signed in."""
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.test import Client

    user, _created = get_user_model().objects.get_or_create(
        email="bench-visitor@example.org"
    )
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    name = settings.SESSION_COOKIE_NAME
    return f"{name}={client.cookies[name].value}"


def wsgi_environ(path, cookie=""):
    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SCRIPT_NAME": "",
        "SERVER_NAME": HOST,
        "SERVER_PORT": "80",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": HOST,
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(b""),
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": False,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
    }
    if cookie:
        environ["HTTP_COOKIE"] = cookie
    return environ


class Recorder:
    """Keeps the status and headers a WSGI app starts its response with."""

    def __call__(self, status, headers, exc_info=None):
        self.status = int(status.split()[0])
        self.headers = dict(headers)


def request_once(application, path, cookie=""):
    """One request through the WSGI handler, exactly as gunicorn makes it:
    the body is read and the response closed (which ends the request and
    closes the database connection)."""
    recorder = Recorder()
    response = application(wsgi_environ(path, cookie), recorder)
    try:
        b"".join(response)
    finally:
        response.close()
    return recorder


def time_renders(application, path, count, warmup, cookie=""):
    """Wall-clock milliseconds of ``count`` requests, and the mean CPU time
    they took: wall time grows when other work shares the cores, CPU time
    much less."""
    for _ in range(warmup):
        recorder = request_once(application, path, cookie)
        if recorder.status != 200:
            raise SystemExit(f"{path} answered {recorder.status} in-process.")
    timings = []
    cpu_started = time.process_time()
    for _ in range(count):
        started = time.perf_counter()
        request_once(application, path, cookie)
        timings.append((time.perf_counter() - started) * 1000)
    cpu_ms = (time.process_time() - cpu_started) * 1000 / max(count, 1)
    return timings, cpu_ms


def count_queries(application, path, cookie=""):
    from django.db import connection

    executed = []

    def counter(execute, sql, params, many, context):
        executed.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(counter):
        request_once(application, path, cookie)
    return len(executed)


def measure_in_process(pages, count, warmup, cookie):
    from django.core.wsgi import get_wsgi_application

    application = get_wsgi_application()
    results = []
    for name, path in pages:
        # Signed in: the page cache is bypassed.
        timings, cpu_ms = time_renders(application, path, count, warmup, cookie)
        queries = count_queries(application, path, cookie)
        # With the cache on: the first request stores the page, the rest hit.
        cached, _cpu_ms = time_renders(application, path, count, warmup)
        result = RenderResult(
            name=name,
            path=path,
            median_ms=percentile(timings, 0.5, NAN),
            p99_ms=percentile(timings, 0.99, NAN),
            cpu_ms=cpu_ms,
            queries=queries,
            cached_median_ms=percentile(cached, 0.5, NAN),
        )
        say(
            f"    {name:<22} median {result.median_ms:6.2f} ms   "
            f"p99 {result.p99_ms:6.2f} ms   CPU {cpu_ms:6.2f} ms   "
            f"{queries:2d} queries   "
            f"(cached: median {result.cached_median_ms:.2f} ms)"
        )
        results.append(result)
    return results


def profile_render(pages, count, cookie, limit=25, page_name="event ("):
    """cProfile of ``count`` uncached renders of a page (the first whose
    name starts with ``page_name``; the event page by default): where the
    time goes, by cumulative and by own time."""
    import cProfile
    import pstats

    from django.core.wsgi import get_wsgi_application

    application = get_wsgi_application()
    name, path = next(page for page in pages if page[0].startswith(page_name))
    say(f"==> Profile of {count} renders of {name} {path}, signed in (no page cache)")
    time_renders(application, path, 0, warmup=20, cookie=cookie)
    profiler = cProfile.Profile()
    profiler.enable()
    time_renders(application, path, count, warmup=0, cookie=cookie)
    profiler.disable()
    for order in ("cumulative", "tottime"):
        stats = pstats.Stats(profiler, stream=sys.stdout)
        stats.strip_dirs().sort_stats(order).print_stats(limit)


# --- gunicorn ----------------------------------------------------------------


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def http_get(port, path, timeout=5.0, cookie=""):
    connection = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        connection.request("GET", path, headers={"Cookie": cookie} if cookie else {})
        response = connection.getresponse()
        response.read()
        return response.status, dict(response.getheaders())
    finally:
        connection.close()


@contextmanager
def gunicorn(environ, tmp, mode, workers, page_cache):
    """A gunicorn serving the temporary site, stopped (its whole process
    group) however the block ends."""
    port = free_port()
    bind = f"{HOST}:{port}"
    server_env = dict(
        environ,
        WEB_CONCURRENCY=str(workers),
        GUNICORN_BIND=bind,
        GUNICORN_ACCESSLOG="",
    )
    if not page_cache:
        server_env["PAGE_CACHE_SECONDS"] = "0"
    command = [sys.executable, "-m", "gunicorn", "venue.wsgi:application"]
    if GUNICORN_CONF.exists():
        command += ["-c", str(GUNICORN_CONF)]
    else:
        say(f"    {GUNICORN_CONF} is missing; passing its options on the command line")
        command += ["--worker-class", "sync", "--threads", "1", "--preload"]
    # The command line wins over the config file: bind to 127.0.0.1 only.
    command += ["--bind", bind, "--workers", str(workers), "--log-level", "warning"]
    log_path = tmp / f"gunicorn-{mode}.log"
    with open(log_path, "w") as log:
        process = subprocess.Popen(  # noqa: S603 (our interpreter, fixed arguments)
            command,
            cwd=ROOT,
            env=server_env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        wait_until_healthy(process, port, log_path)
        say(f"    gunicorn ({workers} workers, {mode}) on http://{bind}/")
        yield port, process.pid
    finally:
        stop_process_group(process)


def process_group_cpu(group):
    """CPU seconds used so far by the live processes of a process group (the
    gunicorn master and its workers), from /proc; None where there is none."""
    proc = Path("/proc")
    if not proc.is_dir():
        return None
    ticks = 0
    for entry in proc.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # After the command name: state ppid pgrp ... utime (12th) stime (13th).
        fields = stat.rsplit(")", 1)[1].split()
        if int(fields[2]) == group:
            ticks += int(fields[11]) + int(fields[12])
    return ticks / os.sysconf("SC_CLK_TCK")


def wait_until_healthy(process, port, log_path, timeout=60.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(
                f"gunicorn exited with {process.returncode}:\n{log_path.read_text()}"
            )
        try:
            status, _headers = http_get(port, "/helse/", timeout=2.0)
        except OSError:
            status = None
        if status == 200:
            return
        time.sleep(0.2)
    raise SystemExit(f"gunicorn did not answer /helse/ in {timeout:.0f} s.")


def stop_process_group(process):
    if process.poll() is not None:
        return
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=5)
    except ProcessLookupError:
        pass


# --- Load generators -------------------------------------------------------


def load_with_wrk(wrk, port, path, connections, seconds, cookie=""):
    result = run_wrk(
        wrk,
        f"http://{HOST}:{port}{path}",
        connections=connections,
        seconds=seconds,
        cookie=cookie,
    )
    return (*result[:5], result.cpu_seconds / seconds)


def load_with_python(port, path, connections, seconds, cookie=""):
    """Threads with one http.client connection each (reopened when the server
    closes it, as gunicorn's sync workers do after every response)."""
    headers = {"Cookie": cookie} if cookie else {}
    latencies = [[] for _ in range(connections)]
    errors = [0] * connections
    start_line = threading.Barrier(connections + 1)
    deadline = [0.0]

    def client(slot):
        connection = http.client.HTTPConnection(HOST, port, timeout=10)
        timings = latencies[slot]
        start_line.wait()
        while True:
            started = time.perf_counter()
            if started >= deadline[0]:
                break
            try:
                connection.request("GET", path, headers=headers)
                response = connection.getresponse()
                response.read()
            except (OSError, http.client.HTTPException):
                errors[slot] += 1
                connection.close()
                continue
            if response.status >= 400:
                errors[slot] += 1
            else:
                timings.append((time.perf_counter() - started) * 1000)
        connection.close()

    workers = [
        threading.Thread(target=client, args=(slot,), daemon=True)
        for slot in range(connections)
    ]
    for worker in workers:
        worker.start()
    cpu_before = time.process_time()
    begun = time.perf_counter()
    deadline[0] = begun + seconds
    start_line.wait()
    for worker in workers:
        worker.join(timeout=seconds + 30)
    elapsed = time.perf_counter() - begun
    cpu = time.process_time() - cpu_before
    merged = [value for timings in latencies for value in timings]
    total = len(merged) + sum(errors)
    return (
        total / elapsed,
        percentile(merged, 0.5, NAN),
        percentile(merged, 0.99, NAN),
        sum(errors),
        total,
        cpu / elapsed,
    )


def run_load(generator, port, path, connections, seconds, cookie=""):
    if generator == "python":
        return load_with_python(port, path, connections, seconds, cookie)
    return load_with_wrk(generator, port, path, connections, seconds, cookie)


def measure_under_gunicorn(
    environ, tmp, pages, references, options, generator, generator_name, cookie
):
    """Each page cold (signed in, so the page cache is bypassed) and warm
    (anonymous, from the page cache) under one gunicorn, then the static
    file from WhiteNoise (through gunicorn) and from nginx."""
    results = []
    with gunicorn(environ, tmp, "bench", options.workers, page_cache=True) as (
        port,
        group,
    ):
        targets = [
            *((name, path, "cold", port, group) for name, path in pages),
            *((name, path, "warm", port, group) for name, path in pages),
            (*references["whitenoise"], "warm", port, group),
        ]
        with nginx_for_reference(tmp, environ) as nginx_port:
            if nginx_port:
                targets.append((*references["nginx"], "warm", nginx_port, None))
            for name, path, mode, target_port, target_group in targets:
                is_reference = (name, path) in references.values()
                visitor = cookie if mode == "cold" else ""
                notes = (
                    []
                    if is_reference
                    else check_page(target_port, path, mode == "warm", visitor)
                )
                if options.warmup_seconds > 0:
                    run_load(
                        generator,
                        target_port,
                        path,
                        options.connections,
                        options.warmup_seconds,
                        visitor,
                    )
                server_before = target_group and process_group_cpu(target_group)
                rps, p50, p99, errors, requests, cpu = run_load(
                    generator,
                    target_port,
                    path,
                    options.connections,
                    options.seconds,
                    visitor,
                )
                server_after = target_group and process_group_cpu(target_group)
                server_cpu_ms = float("nan")
                if server_before is not None and target_group and requests:
                    server_cpu_ms = (server_after - server_before) * 1000 / requests
                result = LoadResult(
                    name=name,
                    mode=mode,
                    rps=rps,
                    p50_ms=p50,
                    p99_ms=p99,
                    errors=errors,
                    requests=requests,
                    generator=generator_name,
                    generator_cpu=cpu,
                    server_cpu_ms=server_cpu_ms,
                    notes=notes,
                    reference=is_reference,
                )
                say(
                    f"    {name:<22} {mode:<5}{rps:8.1f} req/s   p50 {p50:7.2f} ms   "
                    f"p99 {p99:7.2f} ms   {errors} errors   "
                    f"server CPU {server_cpu_ms:.2f} ms/request   "
                    f"({requests} requests; {generator_name} used "
                    f"{cpu * 100:.0f}% of a core){''.join(f'; {n}' for n in notes)}"
                )
                results.append(result)
    return results


@contextmanager
def nginx_for_reference(tmp, environ):
    """nginx serving the site's static files (its port), or None when nginx
    is not installed (the summary says so)."""
    missing = ensure_debian_packages("nginx", say=say)
    if missing:
        say("    nginx is not installed (apt-get install nginx): no yardstick")
        yield None
        return
    with nginx(tmp, environ["STATIC_ROOT"], environ["MEDIA_ROOT"]) as port:
        say(f"    nginx serving the static files on http://{HOST}:{port}/")
        yield port


def check_page(port, path, page_cache, cookie=""):
    """The page answers 200, and in the warm mode comes from the cache."""
    notes = []
    status, _headers = http_get(port, path, cookie=cookie)
    if status != 200:
        notes.append(f"answered {status}")
    status, headers = http_get(port, path, cookie=cookie)
    served = headers.get("X-Page-Cache", "not cached")
    if page_cache and served != "hit":
        notes.append(f"NOT served from the page cache (X-Page-Cache: {served})")
    if not page_cache and served == "hit":
        notes.append("served from the page cache although it is off")
    return notes


def choose_generator(choice):
    if choice in ("auto", "wrk"):
        ensure_debian_packages("wrk", say=say)
        wrk = shutil.which("wrk")
        if wrk:
            return wrk, "wrk"
        if choice == "wrk":
            raise SystemExit("wrk is not installed: apt-get install wrk")
        say("    wrk not found (apt-get install wrk): using the Python load generator,")
        say("    which competes with gunicorn for the same cores")
    return "python", "python threads"


# --- Summary -----------------------------------------------------------------


def load_average():
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f} {five:.2f} {fifteen:.2f}"


def verdict(passed):
    return "PASS" if passed else "FAIL"


def print_summary(renders, loads, seconds, connections, workers, load_at_start):
    failures = 0
    say()
    say("=" * 78)
    say(
        f"Load average (1/5/15 min) at start {load_at_start}, at end "
        f"{load_average()}: other work on the machine lowers every figure."
    )
    cpus = os.cpu_count() or 1
    say(f"In-process renders, signed in, so no page cache ({cpus} CPUs)")
    say(
        f"{'page':<24}{'median ms':>10}{'p99 ms':>9}{'CPU ms':>8}{'queries':>9}"
        f"{'cached ms':>11}"
    )
    for render in renders:
        say(
            f"{render.name:<24}{render.median_ms:>10.2f}{render.p99_ms:>9.2f}"
            f"{render.cpu_ms:>8.2f}{render.queries:>9}"
            f"{render.cached_median_ms:>11.2f}"
        )
    yardstick = next(
        (load for load in loads if load.reference and "nginx" in load.name), None
    )
    if loads:
        say()
        say(
            f"gunicorn, {workers} workers, {connections} connections, "
            f"{seconds} s per page and mode, load by {loads[0].generator}; "
            "cold: signed in (page cache bypassed), warm: anonymous (page cache)"
        )
        say(
            "srv CPU: gunicorn's CPU time per request; alone: the req/s the "
            f"{cpus} cores would give"
        )
        say("at that cost with nothing else running (an estimate, not a measure);")
        say("of nginx: req/s as a share of nginx serving a static file in this run.")
        say(
            f"{'page':<24}{'mode':<6}{'req/s':>8}{'of nginx':>9}{'p50 ms':>8}"
            f"{'p99 ms':>8}{'errors':>7}{'gen CPU':>8}{'srv CPU':>8}{'alone':>7}"
        )
        for load in loads:
            alone = cpus * 1000 / load.server_cpu_ms if load.server_cpu_ms else 0
            share = (
                f"{load.rps / yardstick.rps:>9.1%}"
                if yardstick and yardstick.rps
                else f"{'-':>9}"
            )
            say(
                f"{load.name:<24}{load.mode:<6}{load.rps:>8.1f}{share}"
                f"{load.p50_ms:>8.2f}{load.p99_ms:>8.2f}{load.errors:>7}"
                f"{load.generator_cpu:>8.0%}{load.server_cpu_ms:>8.2f}"
                f"{alone:>7.0f}" + "".join(f"  ({note})" for note in load.notes)
            )
        if yardstick is None:
            say("(nginx is not installed: no yardstick in this run)")
    say()
    say("Targets")
    checks = []
    for event_render in (
        r for r in renders if r.name.startswith(("event (", "event,"))
    ):
        checks.append(
            (
                f"{event_render.name} renders in-process in <= "
                f"{TARGET_RENDER_MS:g} ms (median, signed in)",
                f"{event_render.median_ms:.2f} ms",
                event_render.median_ms <= TARGET_RENDER_MS,
            )
        )
    for load in loads:
        if load.reference:
            continue
        if load.mode == "cold":
            target = TARGET_COLD_RPS if load.name.startswith("event (") else None
            for start, needed in TARGET_COLD_PAGES.items():
                if load.name.startswith(start):
                    target = needed
            if target is not None:
                checks.append(
                    (
                        f"{load.name}, signed in: >= {target:g} req/s",
                        f"{load.rps:.0f} req/s",
                        load.rps >= target and not load.errors and not load.notes,
                    )
                )
        if load.mode == "warm":
            checks.append(
                (
                    f"{load.name}, cached: >= {TARGET_WARM_RPS:g} req/s",
                    f"{load.rps:.0f} req/s",
                    load.rps >= TARGET_WARM_RPS and not load.errors and not load.notes,
                )
            )
    for label, figure, passed in checks:
        failures += not passed
        say(f"  [{verdict(passed)}] {label:<58} {figure}")
    say("=" * 78)
    return failures


# --- Main --------------------------------------------------------------------


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--seconds", type=int, default=10, help="load per page and mode (10)"
    )
    parser.add_argument(
        "--warmup-seconds", type=int, default=2, help="load before each run (2)"
    )
    parser.add_argument(
        "--requests", type=int, default=200, help="in-process renders per page (200)"
    )
    parser.add_argument("--connections", type=int, default=8, help="(8)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (2)")
    parser.add_argument("--events", type=int, default=40, help="demo events (40)")
    parser.add_argument(
        "--generator", choices=("auto", "wrk", "python"), default="auto"
    )
    parser.add_argument(
        "--skip-gunicorn", action="store_true", help="in-process timings only"
    )
    parser.add_argument(
        "--profile",
        action="store_true",
        help="also print a cProfile of the uncached event page",
    )
    parser.add_argument(
        "--profile-page",
        default="event (",
        help="the page --profile profiles, by the start of its name ('event (')",
    )
    parser.add_argument(
        "--keep", action="store_true", help="keep the temporary directory"
    )
    parser.add_argument(
        "--site",
        type=Path,
        help="run on a directory a --keep run left (no new demo site; kept)",
    )
    parser.add_argument(
        "--check", action="store_true", help="exit with 1 when a target is missed"
    )
    return parser.parse_args()


def main():
    options = parse_args()
    # A plain `kill` must still stop gunicorn and remove the directory.
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
    if options.site:
        tmp, options.keep = options.site.resolve(), True
    else:
        tmp = Path(tempfile.mkdtemp(prefix="venue-bench-"))
    load_at_start = load_average()
    say(f"==> Benchmark site in {tmp} (load average {load_at_start})")
    try:
        environ = bench_environment(tmp)
        if not options.site:
            prepare_site(environ, options.events)

        setup_django(environ)
        pages = choose_pages()
        say(
            f"==> In-process renders through the WSGI handler "
            f"({options.requests} per page after warm-up)"
        )
        cookie = signed_in_cookie()
        renders = measure_in_process(pages, options.requests, 20, cookie)
        if options.profile:
            profile_render(
                pages, options.requests, cookie, page_name=options.profile_page
            )
        references = static_references()
        from django.db import connections

        connections.close_all()

        loads = []
        if not options.skip_gunicorn:
            generator, generator_name = choose_generator(options.generator)
            loads = measure_under_gunicorn(
                environ,
                tmp,
                pages,
                references,
                options,
                generator,
                generator_name,
                cookie,
            )
        failures = print_summary(
            renders,
            loads,
            options.seconds,
            options.connections,
            options.workers,
            load_at_start,
        )
    finally:
        if options.keep:
            say(f"    kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    return 1 if options.check and failures else 0


if __name__ == "__main__":
    sys.exit(main())
