"""What run.py and faults.py share: the stand-ins (Stripe, Akismet, an SMTP
sink) as processes on 127.0.0.1, the cluster of site/cluster.sh started
against them, locust, and the reading of locust's figures.

Ports: the cluster takes CLUSTER_PORT (8180) and the ports site/cluster.sh
derives from it (PostgreSQL +1, Redis +2, gunicorn +10...); the stand-ins
take CLUSTER_PORT - 10, - 9 and - 8 (8170 Stripe, 8171 Akismet, 8172 SMTP).
Everything the runs write goes to CLUSTER_DIR/load/ (var/cluster-load)."""

import argparse
import csv
import json
import os
import shlex
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PY = os.environ.get("PYTHON") or str(ROOT / ".venv" / "bin" / "python")
LOCUST = str(Path(PY).with_name("locust"))
CLUSTER = ["bash", str(ROOT / "site" / "cluster.sh")]

PAGE_GROUPS = ["home", "event index", "event page", "article index", "article"]
P95_LIMIT_MS = 500


def say(text=""):
    print(text, flush=True)  # noqa: T201


def loadavg() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def port_open(port, host="127.0.0.1") -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.3)
        return sock.connect_ex((host, port)) == 0


def wait_port(port, seconds=20, *, open_=True) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if port_open(port) == open_:
            return True
        time.sleep(0.1)
    return False


def http_json(url, *, method="GET", timeout=10):
    data = b"" if method == "POST" else None
    request = urllib.request.Request(url, method=method, data=data)  # noqa: S310
    with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
        return json.loads(response.read())


class Layout:
    """Ports and folders of one run."""

    def __init__(self, port=None, cluster_dir=None):
        self.port = int(port or os.environ.get("CLUSTER_PORT") or 8180)
        directory = cluster_dir or os.environ.get("CLUSTER_DIR") or "var/cluster-load"
        self.dir = (ROOT / directory).resolve()
        self.out = self.dir / "load"
        self.out.mkdir(parents=True, exist_ok=True)
        self.stripe_port = self.port - 10
        self.akismet_port = self.port - 9
        self.smtp_port = self.port - 8
        self.url = f"http://127.0.0.1:{self.port}"
        self.mail_log = self.out / "mail.jsonl"


class StandIns:
    """The three stand-ins as child processes (each in its own process
    group, so stopping one stops all it started)."""

    def __init__(self, layout: Layout, *, stripe_args=()):
        self.layout = layout
        self.processes = {}
        self.stripe_args = list(stripe_args)

    def command(self, name):
        layout = self.layout
        if name == "stripe":
            return [
                PY,
                "-m",
                "tests.tickets.stripe_stub",
                "--port",
                str(layout.stripe_port),
                "--webhook-url",
                f"{layout.url}/billetter/stripe/webhook/",
                *self.stripe_args,
            ], layout.stripe_port
        if name == "akismet":
            return [
                PY,
                "-m",
                "tests.load.akismet_standin",
                "--port",
                str(layout.akismet_port),
            ], layout.akismet_port
        if name == "smtp":
            return [
                PY,
                "-m",
                "tests.load.smtp_sink",
                "--port",
                str(layout.smtp_port),
                "--log",
                str(layout.mail_log),
            ], layout.smtp_port
        raise ValueError(name)

    def pid_file(self, name):
        return self.layout.out / f"{name}.pid"

    def stop_leftover(self, name):
        """A stand-in an earlier run left (``--keep``): stopped, if the pid
        is still one of ours."""
        path = self.pid_file(name)
        try:
            pid = int(path.read_text())
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().decode()
        except (FileNotFoundError, ValueError):
            return
        module = self.command(name)[0][2]
        if module in cmdline:
            os.killpg(pid, signal.SIGTERM)
            wait_port(self.command(name)[1], 10, open_=False)
        path.unlink(missing_ok=True)

    def start(self, name):
        self.stop_leftover(name)
        command, port = self.command(name)
        if port_open(port):
            raise SystemExit(f"port {port} ({name} stand-in) is taken")
        log = (self.layout.out / f"{name}.log").open("a")
        self.processes[name] = subprocess.Popen(  # noqa: S603
            command,
            cwd=ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.pid_file(name).write_text(str(self.processes[name].pid))
        if not wait_port(port):
            raise SystemExit(f"the {name} stand-in did not start (see its log)")

    def stop(self, name):
        process = self.processes.pop(name, None)
        if process is None or process.poll() is not None:
            return
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        _port_command, port = self.command(name)
        wait_port(port, 10, open_=False)
        self.pid_file(name).unlink(missing_ok=True)

    def start_all(self):
        for name in ("stripe", "akismet", "smtp"):
            self.start(name)
        say(
            f"==> Stand-ins: Stripe :{self.layout.stripe_port}, Akismet "
            f":{self.layout.akismet_port}, SMTP sink :{self.layout.smtp_port}"
        )

    def stop_all(self):
        for name in list(self.processes):
            self.stop(name)

    def site_env(self):
        """What points the site at the stand-ins (CLUSTER_ENV_FILE lines)."""
        from tests.tickets.stripe_stub import SECRET_KEY, WEBHOOK_SECRET

        layout = self.layout
        return {
            # The cluster's settings plus the Akismet client for the stand-in.
            "DJANGO_SETTINGS_MODULE": "tests.load.settings",
            "LOAD_BASE_SETTINGS": "venue.settings.cluster",
            "AKISMET_API_KEY": "load-test-key",
            "AKISMET_STANDIN_URL": f"http://127.0.0.1:{layout.akismet_port}",
            "STRIPE_SECRET_KEY": SECRET_KEY,
            "STRIPE_PUBLISHABLE_KEY": "pk_test_stand_in",
            "STRIPE_WEBHOOK_SECRET": WEBHOOK_SECRET,
            "STRIPE_API_BASE": f"http://127.0.0.1:{layout.stripe_port}",
            "EMAIL_URL": f"smtp://127.0.0.1:{layout.smtp_port}",
            # Each simulated visitor has an address of its own, as behind a
            # CDN in front of nginx: the client is the second address from
            # the right in X-Forwarded-For.
            "TRUSTED_PROXY_COUNT": "2",
        }


class Cluster:
    """site/cluster.sh on this run's port and folder."""

    def __init__(self, layout: Layout, stand_ins: StandIns):
        self.layout = layout
        self.stand_ins = stand_ins

    def _env(self, **extra):
        env = dict(os.environ)
        env.update(
            CLUSTER_PORT=str(self.layout.port),
            CLUSTER_DIR=str(self.layout.dir),
            **{k: str(v) for k, v in extra.items()},
        )
        return env

    def run(self, *args, check=True, quiet=False, **extra):
        # The cluster runs at the usual priority even when the load
        # generator raised its own (tests/load/rush.py).
        raised = -os.nice(0)
        niced = ["nice", "-n", str(raised)] if raised > 0 else []
        result = subprocess.run(  # noqa: S603
            [*niced, *CLUSTER, *args],
            cwd=ROOT,
            env=self._env(**extra),
            text=True,
            capture_output=quiet,
            check=False,
        )
        if check and result.returncode != 0:
            if quiet:
                say(result.stdout[-3000:])
                say(result.stderr[-3000:])
            raise SystemExit(f"site/cluster.sh {' '.join(args)} failed")
        return result

    def start(self, *, instances=2, rq_workers=2, extra_env=None):
        env_file = self.layout.out / "site.env"
        lines = {**self.stand_ins.site_env(), **(extra_env or {})}
        env_file.write_text("".join(f"{k}={v}\n" for k, v in lines.items()))
        say(
            f"==> Cluster on {self.layout.url}: {instances} gunicorn instance(s), "
            f"{rq_workers} RQ worker(s) (site/cluster.sh start, {self.layout.dir})"
        )
        started = time.monotonic()
        self.run(
            "start",
            CLUSTER_ENV_FILE=env_file,
            GUNICORN_INSTANCES=instances,
            RQ_WORKERS=rq_workers,
        )
        say(f"==> Cluster up in {time.monotonic() - started:.0f} s")

    def stop(self):
        self.run("stop", check=False)

    def svc(self, action, name):
        return self.run("svc", action, name)

    def environment(self) -> dict:
        """The site's environment (CLUSTER_DIR/cluster.env), to run Django
        commands against the cluster's database."""
        script = (
            f"set -a; . {shlex.quote(str(self.layout.dir / 'cluster.env'))}; env -0"
        )
        output = subprocess.run(  # noqa: S603
            ["bash", "-c", script],  # noqa: S607
            capture_output=True,
            check=True,
        ).stdout
        env = dict(os.environ)
        for item in output.split(b"\0"):
            if b"=" in item:
                key, _sep, value = item.partition(b"=")
                env[key.decode()] = value.decode()
        return env

    def pid(self, name):
        path = self.layout.dir / "run" / f"{name}.pid"
        try:
            return int(path.read_text().strip())
        except (FileNotFoundError, ValueError):
            return None

    def dbtool(self, *args, run_id=None):
        """``tests.load.dbtool`` against the cluster; its JSON answer."""
        command = [PY, "-m", "tests.load.dbtool"]
        if run_id:
            command += ["--run-id", run_id]
        result = subprocess.run(  # noqa: S603
            [*command, *args],
            cwd=ROOT,
            env=self.environment(),
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode != 0:
            say(result.stderr[-4000:])
            raise SystemExit(f"dbtool {' '.join(args)} failed")
        return json.loads(result.stdout.strip().splitlines()[-1])


def run_locust(
    layout: Layout,
    *,
    plan_path,
    name,
    users,
    spawn_rate,
    run_time,
    classes,
    env=None,
    background=False,
):
    """Run locust headless; return the path prefix of its CSV files and the
    accepted-items file (or the process, in the background)."""
    prefix = layout.out / name
    accepted = layout.out / f"{name}-accepted.json"
    command = [
        LOCUST,
        "-f",
        str(ROOT / "tests" / "load" / "locustfile.py"),
        "--headless",
        "--host",
        layout.url,
        "-u",
        str(users),
        "-r",
        str(spawn_rate),
        "--run-time",
        run_time,
        "--stop-timeout",
        "10",
        "--csv",
        str(prefix),
        "--only-summary",
        "--loglevel",
        "WARNING",
        *classes,
    ]
    process_env = dict(os.environ)
    process_env.update(
        LOAD_PLAN=str(plan_path),
        LOAD_ACCEPTED=str(accepted),
        **(env or {}),
    )
    log = (layout.out / f"{name}-locust.log").open("w")
    process = subprocess.Popen(  # noqa: S603
        command, cwd=ROOT, env=process_env, stdout=log, stderr=subprocess.STDOUT
    )
    if background:
        return process, prefix, accepted
    process.wait()
    return prefix, accepted


def read_stats(prefix) -> dict:
    """Locust's CSV summary by request name: count, failures, rps and the
    percentiles (ms)."""
    rows = {}
    with open(f"{prefix}_stats.csv", encoding="utf-8") as file:
        for row in csv.DictReader(file):
            rows[row["Name"]] = {
                "count": int(row["Request Count"]),
                "failures": int(row["Failure Count"]),
                "rps": float(row["Requests/s"]),
                "p50": _number(row["50%"]),
                "p95": _number(row["95%"]),
                "p99": _number(row["99%"]),
                "max": _number(row["Max Response Time"]),
            }
    return rows


def _number(value):
    try:
        return float(value)
    except ValueError:
        return None


def print_stats(stats, title):
    say(f"\n{title}")
    say(
        f"  {'request':<26}{'count':>7}{'fail':>6}{'req/s':>8}"
        f"{'p50':>7}{'p95':>7}{'p99':>7}  (ms)"
    )
    for name, row in sorted(stats.items(), key=lambda item: item[0] == "Aggregated"):
        say(
            f"  {name[:25]:<26}{row['count']:>7}{row['failures']:>6}{row['rps']:>8.1f}"
            f"{_ms(row['p50']):>7}{_ms(row['p95']):>7}{_ms(row['p99']):>7}"
        )


def _ms(value):
    return "-" if value is None else f"{value:.0f}"


def server_errors(accepted) -> dict:
    """5xx answers (and requests without an answer) by request name."""
    found = {}
    for name, codes in accepted.get("status_codes", {}).items():
        bad = {
            code: n for code, n in codes.items() if code == "None" or int(code) >= 500
        }
        if bad:
            found[name] = bad
    return found


def failure_window(accepted, since=None, until=None):
    """The seconds (wall clock) in which some request got a 5xx or no
    answer: first, last, and how many seconds had any."""
    seconds = sorted(
        int(second)
        for second, (_total, failed) in accepted.get("timeline", {}).items()
        if failed
        and (since is None or int(second) >= since)
        and (until is None or int(second) <= until)
    )
    if not seconds:
        return None
    return {
        "first": seconds[0],
        "last": seconds[-1],
        "seconds_with_errors": len(seconds),
    }


def script_arguments(doc):
    """The argument parser of a load script: its docstring's first line as
    the description, the whole docstring kept as written for ``--help``."""
    return argparse.ArgumentParser(
        description=doc.splitlines()[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )


def verdict(problems, *passed):
    """Say the run's result, FAILED with each problem or the ``passed``
    lines, and return the exit status (1 when there are problems)."""
    if problems:
        say("\nFAILED:")
        for problem in problems:
            say(f"  - {problem}")
        return 1
    say()
    for line in passed:
        say(line)
    return 0


def main_guard(function):
    """Run ``function`` with Ctrl-C turned into a clean stop."""
    try:
        return function()
    except KeyboardInterrupt:
        say("Interrupted.")
        return 130


if __name__ == "__main__":
    sys.exit("harness.py is a library: run tests/load/run.py or faults.py")
