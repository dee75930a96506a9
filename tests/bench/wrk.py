"""Load figures for the benchmarks and the load runs: one percentile, and
wrk run and read in one way (always with ``--latency``, which
``parse_wrk`` needs for its p50 and p99)."""

import re
import resource
import subprocess
from typing import NamedTuple

WRK_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def percentile(values, fraction, empty=None):
    """The nearest-rank percentile of ``values``, e.g. 0.99 for p99: the
    smallest value with at least that share of the values at or below it;
    ``empty`` when there are no values."""
    if not values:
        return empty
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * fraction // 1))  # ceil without float error
    return ordered[int(rank) - 1]


def parse_wrk(output):
    """Requests per second, p50 and p99 in ms, and errors from wrk's report."""

    def number(pattern):
        match = re.search(pattern, output, re.MULTILINE)
        return match.groups() if match else None

    rps = float(number(r"^Requests/sec:\s+([\d.]+)")[0])
    latency = {}
    for percent in ("50", "99"):
        value, unit = number(rf"^\s+{percent}%\s+([\d.]+)(us|ms|s|m)\s*$")
        latency[percent] = float(value) * WRK_UNITS[unit]
    requests = int(number(r"^\s+(\d+) requests in")[0])
    errors = 0
    non_2xx = number(r"Non-2xx or 3xx responses:\s+(\d+)")
    if non_2xx:
        errors += int(non_2xx[0])
    socket_errors = number(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)"
    )
    if socket_errors:
        errors += sum(int(count) for count in socket_errors)
    return rps, latency["50"], latency["99"], errors, requests


class WrkFailed(SystemExit):
    """wrk exited with an error; uncaught, it ends the script with wrk's
    output."""


class WrkResult(NamedTuple):
    rps: float
    p50_ms: float
    p99_ms: float
    errors: int
    requests: int
    cpu_seconds: float  # CPU time wrk itself used


def run_wrk(wrk, url, *, connections, seconds, threads=2, timeout="", cookie=""):
    """Load ``url`` with the wrk at path ``wrk`` for ``seconds`` over
    ``connections`` connections (at most ``threads`` threads) and read its
    report. ``timeout`` is wrk's own per-request one (e.g. "10s")."""
    command = [
        wrk,
        f"-t{min(threads, connections)}",
        f"-c{connections}",
        f"-d{seconds}s",
        *(["--timeout", timeout] if timeout else []),
        "--latency",
        *(["-H", f"Cookie: {cookie}"] if cookie else []),
        url,
    ]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    result = subprocess.run(  # noqa: S603 (wrk found by shutil.which, fixed args)
        command, capture_output=True, text=True, check=False, timeout=seconds + 60
    )
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode != 0:
        raise WrkFailed(f"wrk failed:\n{result.stdout}\n{result.stderr}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return WrkResult(*parse_wrk(result.stdout), cpu)
