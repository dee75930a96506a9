"""Benchmark of the front proxy on the running cluster (site/cluster.sh):
what nginx serves as a static file, beside anonymous page views from its
page cache, beside page views that bypass every cache, with all gunicorn
instances and with one.

    site/cluster.sh start        (or: make cluster)
    python tests/bench/proxy.py [--seconds 8] [--connections 32]

CLUSTER_DIR / CLUSTER_PORT select the cluster as they do for cluster.sh.
Side by side in one run, with wrk (apt-get install wrk) on the same machine:

1. a static file (the site's CSS, from nginx's /static/), the ceiling,
   measured again right before each page, so that each pair sees the same
   load from other work on the machine;
2. home, event index, event page and article from nginx's page cache (each
   checked to be a HIT first);
3. the same pages with a session cookie, which makes nginx and the site's
   own page cache step aside: every request is rendered by gunicorn
   (checked to be a BYPASS);
4. 2 and 3 again with one gunicorn instance: the others are stopped for the
   measurement (``cluster.sh svc stop``) and started again after it.

Prints requests/s and latency p50/p99 per page type and mode, and whether
the cached pages reach the target: at least 50% of the static file's
requests/s, each against the static file measured just before it. The CPU
time nginx (or gunicorn) spent per request is printed too: other work on the
machine disturbs it far less than requests/s. ``--check`` makes the exit
status 1 when a cached page misses the target. Nothing is written to the
cluster's database.
"""

import argparse
import http.client
import os
import re
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from wrk import run_wrk

ROOT = Path(__file__).resolve().parents[2]
CLUSTER = ROOT / "site" / "cluster.sh"
BASH = shutil.which("bash") or "/bin/bash"
HOST = "127.0.0.1"
TARGET_SHARE = 0.5
BYPASS_COOKIE = "sessionid=benchmark-not-a-session"


def say(text=""):
    sys.stdout.write(f"{text}\n")
    sys.stdout.flush()


@dataclass
class Result:
    name: str
    mode: str
    instances: int
    rps: float
    p50_ms: float
    p99_ms: float
    errors: int
    requests: int
    size: int
    cpu_ms: float  # CPU time per request of the serving processes


# --- The cluster ---------------------------------------------------------------


def cluster(*args, check=True):
    result = subprocess.run(  # noqa: S603 (our own script, fixed arguments)
        [BASH, str(CLUSTER), *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if check and result.returncode != 0:
        raise SystemExit(
            f"site/cluster.sh {' '.join(args)} failed:\n{result.stdout}{result.stderr}"
        )
    return result


def cluster_environment():
    """The cluster's environment (cluster.sh env), for Django here."""
    result = cluster("env", check=False)
    if result.returncode != 0:
        raise SystemExit(
            "No cluster is running: start one with `make cluster` "
            f"(site/cluster.sh start).\n{result.stderr}"
        )
    environ = {}
    for line in result.stdout.splitlines():
        match = re.match(r"export ([A-Z_][A-Z0-9_]*)=(.*)$", line)
        if match:
            # cluster.sh quotes with printf %q; the values it writes are plain.
            environ[match[1]] = match[2].replace("\\", "")
    return environ


def web_instances():
    """Names of the gunicorn instances and whether each is up."""
    status = cluster("status", check=False).stdout
    return re.findall(r"^\s+(web-\d+)\s+(\w+)", status, re.MULTILINE)


def choose_pages(environ):
    """(name, path) of the pages to measure, found in the cluster's content."""
    os.environ.update(environ)
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.db.models import Count

    from events.models import EventIndexPage, EventPage
    from home.models import ArticlePage

    event = (
        EventPage.objects.live()
        .annotate(performance_count=Count("performances"))
        .order_by("-performance_count", "pk")
        .first()
    )
    article = ArticlePage.objects.live().order_by("-date", "pk").first()
    index = EventIndexPage.objects.live().first()
    if event is None or article is None or index is None:
        raise SystemExit("The cluster has no event, article or event index.")
    return [
        ("home", "/"),
        ("event index", index.url),
        (f"event ({event.performance_count} perf.)", event.url),
        ("article", article.url),
    ]


def group_cpu(groups):
    """CPU seconds used so far by the processes of these process groups
    (nginx's master and workers; each gunicorn instance with its
    supervisor), from /proc: a figure other work on the cores disturbs far
    less than requests per second."""
    ticks = 0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # After the command name: state ppid pgrp ... utime (12th) stime (13th).
        fields = stat.rsplit(")", 1)[1].split()
        if int(fields[2]) in groups:
            ticks += int(fields[11]) + int(fields[12])
    return ticks / os.sysconf("SC_CLK_TCK")


def serving_groups(run_dir, mode):
    """Process groups that serve ``mode``: nginx alone for static files and
    cached pages, the running gunicorn instances for uncached ones."""
    if mode in ("static", "cached"):
        names = ["nginx.pid"]
    else:
        names = [path.name for path in run_dir.glob("web-*.supervisor.pid")]
    groups = set()
    for name in names:
        try:
            groups.add(int((run_dir / name).read_text().strip()))
        except (OSError, ValueError):
            continue
    return groups


# --- HTTP and wrk --------------------------------------------------------------


def fetch(port, path, cookie=None):
    connection = http.client.HTTPConnection(HOST, port, timeout=10)
    try:
        headers = {"Cookie": cookie} if cookie else {}
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        body = response.read()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, body
    finally:
        connection.close()


def static_path(port):
    """The site's stylesheet as the pages link it (a hashed name)."""
    _status, _headers, body = fetch(port, "/")
    match = re.search(rb'href="(/static/css/[^"]+\.css)"', body)
    if not match:
        raise SystemExit("No stylesheet link in the home page.")
    return match[1].decode()


def check(port, path, mode):
    """The response the mode is meant to measure, and its size. A cached
    page may be being revalidated (UPDATING) for a moment: asked again."""
    cookie = BYPASS_COOKIE if mode == "uncached" else None
    expected = {"cached": "HIT", "uncached": "BYPASS", "static": None}[mode]
    for _ in range(20):
        status, headers, body = fetch(port, path, cookie)
        cache = headers.get("x-proxy-cache")
        if status == 200 and cache == expected:
            return len(body)
        time.sleep(0.1)
    raise SystemExit(f"{path} ({mode}) answered {status}, X-Proxy-Cache: {cache}")


def load(wrk, port, path, mode, seconds, connections, threads):
    return run_wrk(
        wrk,
        f"http://{HOST}:{port}{path}",
        connections=connections,
        seconds=seconds,
        threads=threads,
        timeout="10s",
        cookie=BYPASS_COOKIE if mode == "uncached" else "",
    )[:5]


def measure(wrk, port, name, path, mode, instances, args):
    size = check(port, path, mode)
    # Rendering is CPU-bound: more connections than workers only queue.
    connections = args.uncached_connections if mode == "uncached" else args.connections
    groups = serving_groups(args.run_dir, mode)
    cpu_before = group_cpu(groups)
    rps, p50, p99, errors, requests = load(
        wrk, port, path, mode, args.seconds, connections, args.threads
    )
    cpu_ms = (group_cpu(groups) - cpu_before) * 1000 / max(requests, 1)
    result = Result(
        name, mode, instances, rps, p50, p99, errors, requests, size, cpu_ms
    )
    say(
        f"    {mode:<9} {name:<22} {rps:9.0f} req/s   p50 {p50:7.2f} ms   "
        f"p99 {p99:7.2f} ms   CPU {cpu_ms:7.3f} ms/req   {size / 1024:5.1f} KB"
        + (f"   {errors} errors" if errors else "")
    )
    return result


# --- Summary -------------------------------------------------------------------


def load_average():
    with open("/proc/loadavg") as handle:
        return handle.read().split()[0]


def print_summary(results, statics, counts, args, load_at_start):
    say()
    say("=" * 78)
    say(
        f"Front proxy on this machine ({os.cpu_count()} cores), wrk -t{args.threads} "
        f"-c{args.connections} (uncached: -c{args.uncached_connections}), "
        f"{args.seconds} s per row; load average "
        f"{load_at_start} at start, {load_average()} at the end."
    )
    rates = sorted(static.rps for static in statics.values())
    cpus = sorted(static.cpu_ms for static in statics.values())
    size = next(iter(statics.values())).size
    say(
        f"Static file ({size / 1024:.1f} KB), {len(rates)} runs: "
        f"{rates[0]:,.0f} to {rates[-1]:,.0f} req/s, nginx CPU "
        f"{cpus[len(cpus) // 2]:.3f} ms/request (median)."
    )
    say()
    many, one = max(counts), min(counts)
    header = f"{'page':<22} {'mode':<9}"
    statics_line = f"{'static file':<22} {'(paired)':<9}"
    for instances in sorted(counts, reverse=True):
        header += f" {f'{instances} gunicorn: req/s (p50/p99 ms)':>34}"
    say(header)
    names = list(dict.fromkeys(result.name for result in results))
    for name in names:
        if name in statics:
            static = statics[name]
            cell = f"{static.rps:,.0f} ({static.p50_ms:.1f}/{static.p99_ms:.1f})"
            say(f"{statics_line} {cell:>34}   before {name}")
    passed = True
    for name in names:
        for mode in ("cached", "uncached"):
            line = f"{name:<22} {mode:<9}"
            for instances in sorted(counts, reverse=True):
                found = [
                    r
                    for r in results
                    if (r.name, r.mode, r.instances) == (name, mode, instances)
                ]
                if found:
                    r = found[0]
                    cell = f"{r.rps:,.0f} ({r.p50_ms:.1f}/{r.p99_ms:.1f})"
                else:
                    cell = "-"
                line += f" {cell:>34}"
            say(line)
    say()
    for result in results:
        if result.mode == "cached" and result.instances == many:
            static = statics[result.name]
            share = result.rps / static.rps
            ok = share >= TARGET_SHARE
            passed &= ok
            say(
                f"    cached {result.name:<22} {share:6.1%} of the static file "
                f"(target {TARGET_SHARE:.0%}): {'PASS' if ok else 'MISS'}; "
                f"nginx CPU {result.cpu_ms:.3f} ms/request "
                f"({result.cpu_ms / static.cpu_ms:.2f}x the static file's)"
            )
    if many != one:
        for name in names:
            pair = {
                r.instances: r.rps
                for r in results
                if r.name == name and r.mode == "uncached"
            }
            if many in pair and one in pair:
                cpu = next(
                    r.cpu_ms
                    for r in results
                    if (r.name, r.mode, r.instances) == (name, "uncached", many)
                )
                say(
                    f"    uncached {name:<20} {one} instance -> {many}: "
                    f"{pair[one]:,.0f} -> {pair[many]:,.0f} req/s "
                    f"({pair[many] / pair[one]:.2f}x); gunicorn CPU "
                    f"{cpu:.1f} ms/request"
                )
    errors = sum(result.errors for result in results)
    errors += sum(static.errors for static in statics.values())
    say(f"    errors (non-2xx, socket): {errors}")
    return passed and errors == 0


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=8, help="per row (8)")
    parser.add_argument(
        "--connections", type=int, default=32, help="static and cached (32)"
    )
    parser.add_argument(
        "--uncached-connections", type=int, default=8, help="uncached pages (8)"
    )
    parser.add_argument("--threads", type=int, default=2, help="wrk threads (2)")
    parser.add_argument(
        "--check",
        action="store_true",
        help="exit with status 1 when a cached page is under the target",
    )
    return parser.parse_args()


def main():
    args = parse_args()
    wrk = shutil.which("wrk")
    if not wrk:
        raise SystemExit("wrk is not installed: apt-get install wrk")
    environ = cluster_environment()
    args.run_dir = Path(environ["STATIC_ROOT"]).parent / "run"
    port = int(re.search(r":(\d+)", environ["WAGTAILADMIN_BASE_URL"])[1])
    instances = web_instances()
    down = [name for name, state in instances if state != "up"]
    if down:
        raise SystemExit(f"Not running: {', '.join(down)} (site/cluster.sh status)")
    pages = choose_pages(environ)
    load_at_start = load_average()
    say(f"==> Cluster on http://{HOST}:{port}/ with {len(instances)} gunicorn")

    static_url = static_path(port)
    say(f"==> nginx's static file: {static_url}")
    statics = {}

    counts = [len(instances)]
    if len(instances) > 1:
        counts.append(1)
    results = []
    for count in counts:
        stopped = [name for name, _state in instances[count:]]
        for name in stopped:
            cluster("svc", "stop", name)
        try:
            if stopped:
                # nginx notices the stopped instances on its next request.
                for _ in range(4):
                    fetch(port, "/helse/")
            say(f"==> {count} gunicorn instance(s): pages cached and uncached")
            for name, path in pages:
                if count == counts[0]:
                    statics[name] = measure(
                        wrk, port, "static file", static_url, "static", 0, args
                    )
                for mode in ("cached", "uncached"):
                    results.append(measure(wrk, port, name, path, mode, count, args))
        finally:
            for name in stopped:
                cluster("svc", "start", name)
            if stopped:
                time.sleep(1)
    passed = print_summary(results, statics, counts, args, load_at_start)
    if args.check and not passed:
        sys.exit(1)


if __name__ == "__main__":
    main()
