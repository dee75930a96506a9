"""Reading wrk's report, for the benchmarks that load the site with it."""

import re

WRK_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


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
