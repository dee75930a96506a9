"""Faults during load (``make faults``): the cluster of site/cluster.sh on
127.0.0.1:8180 with the stand-ins of run.py, a lighter load (50 visitors)
running while one part fails, and what each fault did, measured:

a. worker     an RQ task worker is killed (SIGKILL, with the job it runs)
              while the notices of a privacy statement change go to 2,000
              accounts: afterwards everybody has the notice and nobody two
              different ones (the one in the killed job's hands is sent
              again once stale, with the Message-ID it had);
b. redis      Redis stops for 20 s: the site serves uncached; the seconds
              with 5xx are counted; what visitors sent meanwhile is stored
              and its mails go out;
c. postgres   PostgreSQL restarts: requests fail with a status (no hang)
              and the site recovers; how long it took;
d. akismet    the Akismet stand-in is down: comments are stored and wait
              for moderation, none lost; checked once Akismet is back;
e. smtp       the SMTP server is down for a while: comment receipts, ticket
              receipts and newsletter confirmations are sent once it is back.

    python tests/load/faults.py                 all of them (~10 min)
    python tests/load/faults.py redis postgres  some of them

The periodic jobs that recover from a fault (resume notices, retry mails,
recheck comments) run every 5 to 20 minutes in the cluster's scheduler; the
run enqueues them itself at the moment the scheduler would have, instead of
waiting. Exit status 0 when every fault was handled as above. Output in
CLUSTER_DIR/load/ (var/cluster-load/load/)."""

import json
import signal
import sys
import time
import uuid
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import psutil  # noqa: E402 (installed with locust)

from tests.load.harness import (  # noqa: E402
    Cluster,
    Layout,
    StandIns,
    failure_window,
    loadavg,
    main_guard,
    read_stats,
    run_locust,
    say,
    script_arguments,
    server_errors,
)
from tests.load.run import settle_checkouts, warm_up  # noqa: E402
from tests.load.smtp_sink import read_log  # noqa: E402

USERS = 50
MIXED = ["Browser", "Commenter", "Buyer", "Subscriber"]
NOTICE_RECIPIENTS = 2000


class Faults:
    def __init__(self, layout, stand_ins, cluster):
        self.layout = layout
        self.stand_ins = stand_ins
        self.cluster = cluster
        self.results = {}
        self.plan_path = layout.out / "faults-plan.json"

    # Helpers ---------------------------------------------------------------

    def prepare(self):
        self.run_id = uuid.uuid4().hex[:8]
        self.plan = self.cluster.dbtool(
            "plan",
            "--capacity",
            "1000",
            "--out",
            str(self.plan_path),
            run_id=self.run_id,
        )
        warm_up(self.layout, self.plan)

    def load(self, name, seconds, *, users=USERS, classes=MIXED):
        """Start locust in the background for ``seconds``."""
        process, prefix, accepted = run_locust(
            self.layout,
            plan_path=self.plan_path,
            name=f"fault-{name}",
            users=users,
            spawn_rate=users,
            run_time=f"{seconds}s",
            classes=classes,
            env={"LOAD_RUN_ID": f"{self.run_id}{name[:2]}", "LOAD_WAIT": "1,3"},
            background=True,
        )
        return process, prefix, accepted

    def finish(self, load):
        process, prefix, accepted_path = load
        process.wait()
        return read_stats(prefix), json.loads(Path(accepted_path).read_text())

    def verify(self, accepted_path):
        settle_checkouts(self.layout)
        return self.cluster.dbtool(
            "verify",
            "--plan",
            str(self.plan_path),
            "--accepted",
            str(accepted_path),
            "--expect-released",
        )

    def mails_since(self, since):
        return [m for m in read_log(self.layout.mail_log) if m["at"] >= since]

    def wait_mails(self, expected: Counter, since, seconds=90):
        """Wait until every expected recipient has at least its count of
        mails since ``since``; return what is missing."""
        deadline = time.monotonic() + seconds
        while True:
            got = Counter()
            for message in self.mails_since(since):
                got.update(message["to"])
            missing = {
                email: n - got[email] for email, n in expected.items() if got[email] < n
            }
            if not missing or time.monotonic() > deadline:
                return missing, got
            time.sleep(2)

    @staticmethod
    def expected_mails(accepted) -> Counter:
        """The mails the visitors of a run should get: a receipt per
        comment (anonymous, not spam), one per paid order, a confirmation
        link per sign-up."""
        expected = Counter()
        expected.update(c["email"].lower() for c in accepted["comments"])
        expected.update(o["email"].lower() for o in accepted["orders"] if o.get("paid"))
        expected.update(s["email"].lower() for s in accepted["subscribers"])
        return expected

    def report(self, key, title, passed, lines, data):
        mark = "PASS" if passed else "FAIL"
        say(f"\n[{mark}] {title}")
        for line in lines:
            say(f"    {line}")
        self.results[key] = {"passed": passed, **data}

    def kill_worker(self, name):
        """SIGKILL a supervised RQ worker and the work horse running its
        job (RQ forks one per job, in a process group of its own)."""
        pid = self.cluster.pid(name)
        worker = psutil.Process(pid)
        horses = worker.children(recursive=True)
        for process in [*horses, worker]:
            process.send_signal(signal.SIGKILL)
        return pid, [h.pid for h in horses]

    # a. A task worker killed while notices are sent --------------------------

    def worker(self):
        say("\n==> a. Killing an RQ worker while privacy notices are being sent")
        created = self.cluster.dbtool(
            "recipients", "--count", str(NOTICE_RECIPIENTS), run_id=self.run_id
        )
        load = self.load("worker", 80)
        time.sleep(10)
        since = time.time()
        version = self.cluster.dbtool("publish-policy", run_id=self.run_id)["version"]
        say(f"    published version {version}; {created['created']} new accounts")
        killed = []
        deadline = time.monotonic() + 120
        # Kill once a fifth of the notices are out, the worker that is
        # sending (whichever has a work horse).
        while time.monotonic() < deadline:
            sent = sum(
                1
                for m in self.mails_since(since)
                if any(to.endswith("@notice.example") for to in m["to"])
            )
            if sent >= NOTICE_RECIPIENTS // 5:
                for name in ("worker-1", "worker-2"):
                    pid = self.cluster.pid(name)
                    if pid and psutil.Process(pid).children():
                        killed.append((name, *self.kill_worker(name)))
                        break
                if killed:
                    break
            time.sleep(0.2)
        say(f"    killed {killed} after {sent} notices")
        # The killed job's batch waits for the scheduler's resume (every 5
        # minutes); once the other batches are out, it runs now.
        self._wait_quiet(since)
        status = self.cluster.dbtool("notices", "--version", str(version))
        say(f"    after the kill, before resuming: {status['by_status']}")
        resumed = self.cluster.dbtool("periodic", "privacy.tasks.resume_notices_task")
        self._wait_quiet(since)
        # 15 minutes on, the delivery the dead worker had claimed is sent
        # again with its own Message-ID (what resume_notices does once it is
        # stale).
        stale = self.cluster.dbtool("resume-notices", "--stale-now")
        self._wait_quiet(since)
        final = self.cluster.dbtool(
            "notices", "--version", str(version), "--with-emails"
        )
        stats, accepted = self.finish(load)
        received = Counter()
        message_ids = {}
        for message in self.mails_since(since):
            received.update(message["to"])
            for to in message["to"]:
                message_ids.setdefault(to, set()).add(message["message_id"])
        deliveries = final["deliveries"]
        # Two different notices to one person is a failure; the same message
        # (one Message-ID) handed over again after the kill is what the
        # receiving server and mail program keep once, and is counted apart.
        twice = [e for e, *_ in deliveries if len(message_ids.get(e, ())) > 1]
        same_again = [
            e
            for e, *_ in deliveries
            if received[e] > 1 and len(message_ids.get(e, ())) == 1
        ]
        without = [(e, s, err) for e, s, _a, err in deliveries if received[e] == 0]
        flagged = [e for e, s, err in without if s == "failed"]
        silent = [e for e, s, err in without if s != "failed"]
        interrupted = [e for e, _s, _a, err in deliveries if "Interrupted" in err]
        passed = bool(killed) and not twice and not without
        errors = server_errors(accepted)
        self.report(
            "worker",
            "a. RQ worker killed while sending notices",
            passed and not errors,
            [
                f"{len(deliveries)} deliveries; after the kill: {status['by_status']}",
                f"resume (scheduler's job, run at once): {resumed}; stale: {stale}",
                f"final: {final['by_status']}",
                f"recipients with exactly one notice: "
                f"{sum(received[e] == 1 for e, *_ in deliveries)}",
                f"two different notices: {len(twice)}; the same message "
                f"(one Message-ID) handed over again after the kill: "
                f"{len(same_again)}; without a notice: {len(without)} "
                f"({len(flagged)} flagged for an editor, {len(silent)} silently)",
                f"interrupted deliveries (claimed by the killed job): "
                f"{len(interrupted)}, of which received: "
                f"{sum(received[e] > 0 for e in interrupted)}",
                f"visitors meanwhile: 5xx {errors or 'none'}",
            ],
            {
                "killed": killed,
                "final": final["by_status"],
                "twice": twice,
                "same_message_again": same_again,
                "without": without,
                "interrupted": interrupted,
                "server_errors": errors,
            },
        )

    def _wait_quiet(self, since, quiet=6, seconds=150):
        """Until no mail has come for ``quiet`` seconds."""
        deadline = time.monotonic() + seconds
        last_count, last_change = -1, time.monotonic()
        while time.monotonic() < deadline:
            count = len(self.mails_since(since))
            if count != last_count:
                last_count, last_change = count, time.monotonic()
            elif time.monotonic() - last_change >= quiet:
                return count
            time.sleep(1)
        return last_count

    # b. Redis stopped ---------------------------------------------------------

    def redis(self):
        say("\n==> b. Stopping Redis for 20 s under load")
        load = self.load("redis", 65)
        time.sleep(25)
        since = time.time()
        stopped_at = time.time()
        self.cluster.svc("stop", "redis")
        time.sleep(20)
        started_at = time.time()
        self.cluster.svc("start", "redis")
        stats, accepted = self.finish(load)
        window = failure_window(accepted, int(stopped_at) - 1)
        errors = server_errors(accepted)
        outage = _timeline_slice(accepted, stopped_at, started_at)
        verified = self.verify(self.layout.out / "fault-redis-accepted.json")
        missing, _got = self.wait_mails(self.expected_mails(accepted), since - 60)
        seconds = window["seconds_with_errors"] if window else 0
        passed = seconds <= 5 and not verified["problems"] and not missing
        self.report(
            "redis",
            "b. Redis stopped for 20 s",
            passed,
            [
                f"requests while Redis was down: {outage['requests']} "
                f"({outage['rps']:.0f}/s), 5xx or no answer: {outage['failed']}",
                f"seconds with a 5xx: {seconds} {_span(window)}",
                f"5xx by request: {errors or 'none'}",
                f"page views p95 over the whole run: {_p95s(stats)}",
                f"accepted meanwhile and stored: {_accepted_line(verified)}",
                f"mails for them: {_mails_line(missing)}",
            ],
            {
                "outage": outage,
                "window": window,
                "server_errors": errors,
                "problems": verified["problems"],
                "missing_mails": missing,
            },
        )

    # c. PostgreSQL restarted -----------------------------------------------------

    def postgres(self):
        say("\n==> c. Restarting PostgreSQL under load")
        load = self.load("postgres", 55)
        time.sleep(25)
        since = time.time()
        restart_started = time.time()
        self.cluster.svc("restart", "postgres")
        restart_done = time.time()
        stats, accepted = self.finish(load)
        window = failure_window(accepted, int(restart_started) - 1)
        errors = server_errors(accepted)
        slowest = max((row["max"] or 0) for row in stats.values())
        recovered = (window["last"] + 1 - restart_started) if window else 0
        verified = self.verify(self.layout.out / "fault-postgres-accepted.json")
        missing, _got = self.wait_mails(self.expected_mails(accepted), since - 60)
        codes = Counter()
        for codes_by_name in accepted["status_codes"].values():
            for code, n in codes_by_name.items():
                if code == "None" or int(code) >= 500:
                    codes[code] += n
        passed = (
            slowest < 15000
            and "None" not in codes
            and recovered < 30
            and not verified["problems"]
            and not missing
        )
        self.report(
            "postgres",
            "c. PostgreSQL restarted",
            passed,
            [
                f"restart took {restart_done - restart_started:.1f} s; the site "
                f"answered normally again {recovered:.1f} s after it began",
                f"failed answers by status: {dict(codes) or 'none'} (None = no answer)",
                f"5xx by request: {errors or 'none'}",
                f"slowest answer of the run: {slowest / 1000:.1f} s (no hang)",
                f"accepted and stored: {_accepted_line(verified)}",
                f"mails for them: {_mails_line(missing)}",
            ],
            {
                "restart_seconds": restart_done - restart_started,
                "recovered_after": recovered,
                "codes": dict(codes),
                "server_errors": errors,
                "slowest_ms": slowest,
                "problems": verified["problems"],
                "missing_mails": missing,
            },
        )

    # d. Akismet down ----------------------------------------------------------

    def akismet(self):
        say("\n==> d. Akismet stand-in down while comments come in")
        self.stand_ins.stop("akismet")
        try:
            load = self.load("akismet", 30, users=20, classes=["Commenter"])
            stats, accepted = self.finish(load)
        finally:
            self.stand_ins.start("akismet")
        marker = f"load-{self.run_id}ak-"
        checks = self.cluster.dbtool("comment-checks", "--marker", marker)
        verified = self.verify(self.layout.out / "fault-akismet-accepted.json")
        # Akismet is back: the scheduler's recheck, when they are due (20
        # minutes on).
        recheck = self.cluster.dbtool("recheck-comments", "--minutes-later", "21")
        rechecked = self.cluster.dbtool("comment-checks", "--marker", marker)
        errors = server_errors(accepted)
        comments = verified["comments"]
        passed = (
            comments["accepted"] > 0
            and comments["stored"] == comments["accepted"]
            and set(checks["statuses"]) == {"pending"}
            and rechecked["verdicts"].get("unchecked", 0) == 0
            and not errors
        )
        self.report(
            "akismet",
            "d. Akismet down",
            passed,
            [
                f"comments accepted {comments['accepted']}, stored "
                f"{comments['stored']}, refused with a reason {comments['refused']}",
                f"while down: statuses {checks['statuses']}, verdicts "
                f"{checks['verdicts']}, due for a recheck {checks['recheck_due']}",
                f"Akismet back, the recheck 20 minutes on: {recheck['checked']} "
                f"checked; statuses {rechecked['statuses']}, verdicts "
                f"{rechecked['verdicts']}",
                f"5xx: {errors or 'none'}; comment post p95 "
                f"{(stats.get('comment post') or {}).get('p95')} ms",
            ],
            {"while_down": checks, "after": rechecked, "server_errors": errors},
        )

    # e. SMTP down ---------------------------------------------------------------

    def smtp(self):
        say("\n==> e. SMTP server down, then back")
        since = time.time()
        self.stand_ins.stop("smtp")
        load = self.load(
            "smtp", 35, users=30, classes=["Commenter", "Buyer", "Subscriber"]
        )
        stats, accepted = self.finish(load)
        settle_checkouts(self.layout)
        time.sleep(10)  # the queued mails are tried while the server is down
        self.stand_ins.start("smtp")
        back = time.time()
        # The scheduler's retries of refused mails, as they run 15 minutes on.
        retried = self.cluster.dbtool("retry-mails", "--minutes-later", "16")
        expected = self.expected_mails(accepted)
        missing, got = self.wait_mails(expected, since, seconds=60)
        verified = self.verify(self.layout.out / "fault-smtp-accepted.json")
        kinds = _missing_by_kind(accepted, missing)
        errors = server_errors(accepted)
        self.report(
            "smtp",
            "e. SMTP down, then back",
            not missing and not errors and not verified["problems"],
            [
                f"mails expected {sum(expected.values())} (comment receipts, "
                f"ticket receipts, newsletter confirmations); arrived after the "
                f"server came back: {sum(min(got[e], n) for e, n in expected.items())}",
                f"sent by the retries: {retried}",
                f"missing by kind: {kinds or 'none'}",
                f"5xx: {errors or 'none'}; stored: {_accepted_line(verified)}",
            ],
            {
                "expected": sum(expected.values()),
                "missing": missing,
                "missing_by_kind": kinds,
                "back_at": back,
                "server_errors": errors,
            },
        )


def _missing_by_kind(accepted, missing):
    kinds = Counter()
    comment_emails = {c["email"].lower() for c in accepted["comments"]}
    order_emails = {o["email"].lower() for o in accepted["orders"]}
    subscriber_emails = {s["email"].lower() for s in accepted["subscribers"]}
    for email, n in missing.items():
        if email in comment_emails:
            kinds["comment receipt"] += n
        elif email in order_emails:
            kinds["ticket receipt"] += n
        elif email in subscriber_emails:
            kinds["newsletter confirmation"] += n
        else:
            kinds["other"] += n
    return dict(kinds)


def _timeline_slice(accepted, since, until):
    total = failed = 0
    for second, (count, bad) in accepted.get("timeline", {}).items():
        if since <= int(second) <= until:
            total += count
            failed += bad
    seconds = max(1.0, until - since)
    return {"requests": total, "failed": failed, "rps": total / seconds}


def _clock(second):
    return time.strftime("%H:%M:%S", time.localtime(second))


def _span(window):
    if not window:
        return ""
    return f"(first {_clock(window['first'])}, last {_clock(window['last'])})"


def _mails_line(missing):
    return f"missing {missing}" if missing else "all sent"


def _p95s(stats):
    names = ["home", "event index", "event page", "article"]
    return ", ".join(
        f"{name} {stats[name]['p95']:.0f} ms" for name in names if name in stats
    )


def _accepted_line(verified):
    c, o, s = verified["comments"], verified["orders"], verified["subscribers"]
    problems = "; ".join(verified["problems"]) or "no problems"
    return (
        f"comments {c['stored']}/{c['accepted']}, paid orders "
        f"{o['paid_by_buyer']}, sign-ups {s['found']}/{s['accepted']} ({problems})"
    )


FAULTS = ["worker", "redis", "postgres", "akismet", "smtp"]


def main():
    parser = script_arguments(__doc__)
    parser.add_argument("faults", nargs="*", help=f"some of {', '.join(FAULTS)}")
    parser.add_argument(
        "--keep", action="store_true", help="leave the cluster and stand-ins running"
    )
    parser.add_argument(
        "--reuse", action="store_true", help="use a cluster left running by --keep"
    )
    args = parser.parse_args()
    unknown = set(args.faults) - set(FAULTS)
    if unknown:
        parser.error(f"no such fault: {', '.join(sorted(unknown))}")
    layout = Layout()
    stand_ins = StandIns(layout)
    cluster = Cluster(layout, stand_ins)
    reuse = (
        args.reuse and cluster.run("status", check=False, quiet=True).returncode == 0
    )
    if not reuse:
        cluster.stop()
    stand_ins.start_all()
    started = time.monotonic()
    faults = None
    try:
        if not reuse:
            cluster.start(instances=2, rq_workers=2)
        faults = Faults(layout, stand_ins, cluster)
        faults.prepare()
        say(f"==> Load average {loadavg()}")
        for name in args.faults or FAULTS:
            getattr(faults, name)()
        (layout.out / "faults.json").write_text(
            json.dumps(faults.results, indent=1, default=str)
        )
    finally:
        if not args.keep:
            cluster.stop()
            stand_ins.stop_all()
    results = faults.results if faults else {}
    failed = [name for name, result in results.items() if not result["passed"]]
    say(
        f"\n{len(results) - len(failed)} passed, {len(failed)} failed "
        f"in {time.monotonic() - started:.0f} s (load average {loadavg()})"
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main_guard(main))
