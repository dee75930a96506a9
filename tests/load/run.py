"""The load test (``make load``): the cluster of site/cluster.sh on
127.0.0.1:8180 against local stand-ins for Stripe, Akismet and SMTP, 200
simulated visitors for 3 minutes (tests/load/locustfile.py), then checks:

- no 5xx answer (nor a request left without an answer);
- p95 under 500 ms for the page views (served from the caches);
- every comment, order and sign-up the visitors were told was accepted is in
  the database; the popular performance is not oversold, its tickets match
  its paid orders, and no seat is still held once every checkout ended.

    python tests/load/run.py                 the run above
    python tests/load/run.py --uncached      the same with every page view
                                             missing both caches
    python tests/load/run.py --instances 1   one gunicorn instance
    python tests/load/run.py --figures       throughput figures for the
                                             README: readers at full speed,
                                             cached and uncached, 1 and 2
                                             gunicorn instances (~6 min)

Exit status 0 when every check passes. Output and locust's CSV files are in
CLUSTER_DIR/load/ (var/cluster-load/load/)."""

import json
import sys
import time
import urllib.request
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.load.harness import (  # noqa: E402 (after the path is set)
    P95_LIMIT_MS,
    PAGE_GROUPS,
    Cluster,
    Layout,
    StandIns,
    http_json,
    loadavg,
    main_guard,
    print_stats,
    read_stats,
    run_locust,
    say,
    script_arguments,
    server_errors,
    verdict,
)


def warm_up(layout, plan):
    """Fetch every page once, as the first visitors after a publish would,
    so the measured views are the cached ones (the run measures the caches;
    ``--uncached`` measures without them)."""
    urls = [plan["home"], plan["event_index"], *plan["events"], *plan["articles"]]
    if plan.get("article_index"):
        urls.append(plan["article_index"])
    started = time.monotonic()
    for path in urls:
        request = urllib.request.Request(  # noqa: S310 (http://127.0.0.1 only)
            layout.url + path, headers={"Accept-Language": "nb,en;q=0.5"}
        )
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
            response.read()
    say(f"==> Warmed {len(urls)} pages in {time.monotonic() - started:.1f} s")


def settle_checkouts(layout, seconds=90):
    """The end of the sale: every checkout still open expires at the
    stand-in, which tells the site by webhook; wait until every webhook the
    stand-in sent was taken (2xx)."""
    stripe = f"http://127.0.0.1:{layout.stripe_port}"
    expired = http_json(f"{stripe}/_stand-in/expire-open", method="POST")["expired"]
    deadline = time.monotonic() + seconds
    while True:
        state = http_json(f"{stripe}/_stand-in/state")
        waiting = [d for d in state["deliveries"] if not d["delivered"]]
        if not waiting or time.monotonic() > deadline:
            break
        time.sleep(1)
    retried = sum(d["attempts"] > 1 for d in state["deliveries"])
    return {
        "sessions": len(state["sessions"]),
        "paid": sum(s["status"] == "complete" for s in state["sessions"]),
        "expired_at_end": expired,
        "webhooks": len(state["deliveries"]),
        "webhooks_undelivered": len(waiting),
        "webhooks_retried": retried,
    }


def mixed_run(args, layout, cluster):
    run_id = uuid.uuid4().hex[:8]
    name = f"load-{'uncached' if args.uncached else 'cached'}-{args.instances}x"
    plan_path = layout.out / f"{name}-plan.json"
    plan = cluster.dbtool(
        "plan", "--capacity", str(args.capacity), "--out", str(plan_path), run_id=run_id
    )
    say(
        f"==> Plan: {len(plan['events'])} events, {len(plan['articles'])} articles; "
        f"popular performance {plan['popular']['performance_id']} with "
        f"{args.capacity} seats; newsletter: {'yes' if plan['newsletter'] else 'no'}"
    )
    if not args.uncached:
        warm_up(layout, plan)
    before = loadavg()
    say(
        f"==> locust: {args.users} users ({args.spawn_rate}/s), {args.run_time}, "
        f"{'uncached' if args.uncached else 'cached'}; load average {before}"
    )
    started = time.monotonic()
    prefix, accepted_path = run_locust(
        layout,
        plan_path=plan_path,
        name=name,
        users=args.users,
        spawn_rate=args.spawn_rate,
        run_time=args.run_time,
        classes=["Browser", "Commenter", "Buyer", "Subscriber"],
        env={"LOAD_RUN_ID": run_id, "LOAD_BYPASS_CACHE": "1" if args.uncached else ""},
    )
    after = loadavg()
    say(f"==> locust done in {time.monotonic() - started:.0f} s; load average {after}")
    accepted = json.loads(Path(accepted_path).read_text())
    stats = read_stats(prefix)
    checkouts = settle_checkouts(layout)
    # Mails and webhooks the site queued are not checked here (faults.py
    # does); the database is read once the webhooks are in.
    verified = cluster.dbtool(
        "verify",
        "--plan",
        str(plan_path),
        "--accepted",
        str(accepted_path),
        "--expect-released",
    )
    problems = list(verified["problems"])
    errors = server_errors(accepted)
    if errors:
        problems.append(f"5xx or no answer: {errors}")
    if checkouts["webhooks_undelivered"]:
        problems.append(
            f"{checkouts['webhooks_undelivered']} Stripe webhooks never taken"
        )
    if not args.uncached:
        for group in PAGE_GROUPS:
            row = stats.get(group)
            if row and row["p95"] is not None and row["p95"] >= P95_LIMIT_MS:
                problems.append(f"p95 of {group}: {row['p95']:.0f} ms")
    print_stats(
        stats,
        f"Requests ({args.users} users, {args.run_time}, "
        f"{'uncached' if args.uncached else 'cached'}, {args.instances} gunicorn "
        f"instance(s); load average {before} before, {after} after)",
    )
    say("\nWhat the visitors were told was accepted, found in the database:")
    comments, orders, subs = (
        verified["comments"],
        verified["orders"],
        verified["subscribers"],
    )
    say(
        f"  comments:    {comments['stored']}/{comments['accepted']} stored "
        f"(statuses {comments['statuses']}), {comments['refused']} refused "
        "with a reason (rate limit)"
    )
    say(
        f"  orders:      {orders['accepted']} checkouts started, "
        f"{orders['paid_by_buyer']} paid at the stand-in, {orders['refused']} refused "
        f"(sold out); seats by order status {orders['seats_by_status']}"
    )
    say(
        f"  performance: capacity {orders['capacity']}, sold {orders['sold']}, held "
        f"{orders['held']}, tickets {orders['tickets']}, status "
        f"{orders['performance_status']}"
    )
    say(
        f"  checkouts:   {checkouts['sessions']} sessions, {checkouts['paid']} paid, "
        f"{checkouts['expired_at_end']} expired at the end; {checkouts['webhooks']} "
        f"webhooks, {checkouts['webhooks_retried']} needed a retry"
    )
    say(
        f"  newsletter:  {subs['found']}/{subs['accepted']} sign-ups stored, "
        f"{subs['refused']} refused with a reason"
    )
    summary = {
        "name": name,
        "users": args.users,
        "run_time": args.run_time,
        "instances": args.instances,
        "uncached": args.uncached,
        "loadavg_before": before,
        "loadavg_after": after,
        "stats": stats,
        "verified": verified,
        "checkouts": checkouts,
        "server_errors": errors,
        "problems": problems,
    }
    (layout.out / f"{name}-summary.json").write_text(json.dumps(summary, indent=1))
    return verdict(
        problems,
        f"PASSED: no 5xx, p95 of page views under {P95_LIMIT_MS} ms"
        if not args.uncached
        else "PASSED: no 5xx",
        "  everything accepted is stored, nothing oversold, no seat left held",
    )


def figures(args, layout, cluster, stand_ins):
    """Readers at full speed (no think time) on the fast client: what the
    cluster serves per page type, cached and uncached, with 1 and 2
    gunicorn instances."""
    results = []
    for instances in (1, 2):
        cluster.start(instances=instances)
        try:
            run_id = uuid.uuid4().hex[:8]
            plan_path = layout.out / f"figures-{instances}x-plan.json"
            plan = cluster.dbtool("plan", "--out", str(plan_path), run_id=run_id)
            warm_up(layout, plan)
            for uncached in (False, True):
                name = f"figures-{'uncached' if uncached else 'cached'}-{instances}x"
                before = loadavg()
                prefix, _accepted = run_locust(
                    layout,
                    plan_path=plan_path,
                    name=name,
                    users=args.figure_users,
                    spawn_rate=args.figure_users,
                    run_time=args.figure_time,
                    classes=["FastBrowser"],
                    env={
                        "LOAD_RUN_ID": run_id,
                        "LOAD_WAIT": "0,0",
                        "LOAD_BYPASS_CACHE": "1" if uncached else "",
                    },
                )
                stats = read_stats(prefix)
                after = loadavg()
                print_stats(
                    stats,
                    f"{'Uncached' if uncached else 'Cached'}, {instances} gunicorn "
                    f"instance(s), {args.figure_users} readers without think time, "
                    f"{args.figure_time}; load average {before} -> {after}",
                )
                results.append(
                    {
                        "instances": instances,
                        "uncached": uncached,
                        "loadavg": [before, after],
                        "stats": stats,
                    }
                )
        finally:
            cluster.stop()
    (layout.out / "figures.json").write_text(json.dumps(results, indent=1))
    say("\nRequests/s and p50/p95/p99 (ms) by page type:")
    say(f"  {'':<28}" + "".join(f"{g:>22}" for g in PAGE_GROUPS + ["Aggregated"]))
    for result in results:
        label = (
            f"{result['instances']} gunicorn, "
            f"{'uncached' if result['uncached'] else 'cached'}"
        )
        cells = []
        for group in PAGE_GROUPS + ["Aggregated"]:
            row = result["stats"].get(group)
            cells.append(
                f"{row['rps']:.0f}/s {row['p50']:.0f}/{row['p95']:.0f}/{row['p99']:.0f}"
                if row
                else "-"
            )
        say(f"  {label:<28}" + "".join(f"{cell:>22}" for cell in cells))
    say(f"\nFigures in {layout.out / 'figures.json'}")
    return 0


def main():
    parser = script_arguments(__doc__)
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--spawn-rate", type=int, default=20)
    parser.add_argument("--run-time", default="3m")
    parser.add_argument("--capacity", type=int, default=50)
    parser.add_argument("--instances", type=int, default=2)
    parser.add_argument("--uncached", action="store_true")
    parser.add_argument("--figures", action="store_true")
    parser.add_argument("--figure-users", type=int, default=16)
    parser.add_argument("--figure-time", default="40s")
    parser.add_argument(
        "--keep", action="store_true", help="leave the cluster and stand-ins running"
    )
    args = parser.parse_args()
    layout = Layout()
    stand_ins = StandIns(layout)
    cluster = Cluster(layout, stand_ins)
    # A cluster left running by an earlier --keep run is stopped first, so
    # that it starts with this run's settings.
    cluster.stop()
    stand_ins.start_all()
    try:
        if args.figures:
            return figures(args, layout, cluster, stand_ins)
        cluster.start(instances=args.instances)
        try:
            return mixed_run(args, layout, cluster)
        finally:
            if not args.keep:
                cluster.stop()
    finally:
        if not args.keep:
            stand_ins.stop_all()


if __name__ == "__main__":
    sys.exit(main_guard(main))
