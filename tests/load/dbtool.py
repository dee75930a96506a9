"""What the load and fault runs do in the cluster's database, run in the
cluster's environment (its DATABASE_URL, REDIS_URL and settings) by
run.py and faults.py::

    python -m tests.load.dbtool plan --capacity 50 --out plan.json
    python -m tests.load.dbtool verify --plan plan.json --accepted accepted.json
    python -m tests.load.dbtool recipients --count 2000
    python -m tests.load.dbtool publish-policy
    python -m tests.load.dbtool notices --version 3
    python -m tests.load.dbtool resume-notices

Each command prints one JSON object on its last line."""

import argparse
import datetime
import json
import os
import sys
import uuid


def setup():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "venue.settings.production")
    import django

    django.setup()


def say(text):
    print(text, file=sys.stderr, flush=True)  # noqa: T201


# The plan ---------------------------------------------------------------------


def plan(args):
    """The URLs the visitors read, and one popular performance: a new
    performance of ``--capacity`` seats added to an upcoming event that is
    sold here, published as an editor would."""
    from django.utils import timezone
    from wagtail.models import Page

    from comments import services as comment_services
    from events.models import EventIndexPage, EventPage, Performance
    from home.models import ArticleIndexPage, ArticlePage
    from tickets.models import PerformanceSales

    def urls(queryset):
        return [page.url for page in queryset.live().public().specific()]

    events = list(EventPage.objects.live().public().order_by("path"))
    now = timezone.now()
    sold_elsewhere = set(
        PerformanceSales.objects.exclude(external_url="").values_list(
            "performance__event_id", flat=True
        )
    )
    candidates = [
        event
        for event in events
        if event.price_categories.exists()
        and event.pk not in sold_elsewhere
        and event.performances.filter(start__gte=now).exists()
    ]
    if not candidates:
        raise SystemExit("No upcoming event sold here: is the demo content seeded?")
    event = candidates[0]
    hall = event.performances.first().hall
    run = args.run_id
    start = (now + datetime.timedelta(days=60)).replace(
        hour=19, minute=0, second=0, microsecond=0
    )
    event.performances.add(
        Performance(
            start=start,
            hall=hall,
            capacity=args.capacity,
            status=Performance.Status.ON_SALE,
            note=f"Load {run}"[:100],
        )
    )
    event.save_revision(log_action=True).publish()
    performance = Performance.objects.get(event=event, note=f"Load {run}"[:100])
    category = event.price_categories.order_by("sort_order", "pk").first()
    commentable = [
        page.url
        for page in events
        if comment_services.comments_state(page).open and page.url
    ]
    event_index = EventIndexPage.objects.live().public().first()
    article_index = ArticleIndexPage.objects.live().public().first()
    result = {
        "run_id": run,
        "home": Page.objects.filter(depth=2).order_by("path").first().specific.url
        or "/",
        "event_index": event_index.url,
        "events": [page.url for page in events],
        "article_index": article_index.url if article_index else None,
        "articles": urls(ArticlePage.objects.all()),
        "commentable": commentable,
        "popular": {
            "event_url": event.url,
            "performance_id": performance.pk,
            "buy_url": f"/billetter/kjop/{performance.pk}/",
            "capacity": args.capacity,
            "category_id": category.pk,
        },
        "newsletter": "/nyhetsbrev/" if _newsletter_ready() else None,
    }
    if args.out:
        with open(args.out, "w", encoding="utf-8") as out:
            json.dump(result, out, indent=1)
    return result


def _newsletter_ready():
    from django.urls import NoReverseMatch, reverse

    try:
        reverse("newsletter:subscribe")
    except NoReverseMatch:
        return False
    try:
        from newsletter import views  # noqa: F401
    except ImportError:
        return False
    return True


# Verification -----------------------------------------------------------------


def verify(args):
    """Look up in the database everything the visitors were told was
    accepted, and check the popular performance's seats."""
    from django.db.models import Sum

    from comments.models import Comment
    from events.models import Performance
    from tickets.models import Order, PerformanceSales, Ticket

    with open(args.plan, encoding="utf-8") as file:
        the_plan = json.load(file)
    with open(args.accepted, encoding="utf-8") as file:
        accepted = json.load(file)
    problems = []

    # Comments: each accepted marker is stored exactly once.
    markers = [c["marker"] for c in accepted["comments"]]
    stored = {}
    for text, status in Comment.objects.filter(
        comment__contains=f"load-{accepted['run_id']}-"
    ).values_list("comment", "status"):
        marker = text.rsplit("[", 1)[-1].rstrip("]")
        stored.setdefault(marker, []).append(status)
    missing = [m for m in markers if m not in stored]
    doubled = [m for m, statuses in stored.items() if len(statuses) > 1]
    statuses = {}
    for marker in markers:
        for status in stored.get(marker, []):
            statuses[status] = statuses.get(status, 0) + 1
    if missing:
        problems.append(f"{len(missing)} accepted comments are not in the database")
    if doubled:
        problems.append(f"{len(doubled)} comments are stored twice")

    # Orders: every order the buyer paid for is paid, with its tickets.
    performance = Performance.objects.select_related("hall").get(
        pk=the_plan["popular"]["performance_id"]
    )
    capacity = performance.effective_capacity
    orders = {
        o.stripe_session_id: o
        for o in Order.objects.filter(performance=performance).prefetch_related(
            "tickets"
        )
    }
    paid_missing, unpaid, wrong_tickets = [], [], []
    for item in accepted["orders"]:
        order = orders.get(item["session"])
        if order is None:
            paid_missing.append(item["session"])
            continue
        if item.get("paid"):
            if not order.is_paid:
                unpaid.append((item["session"], order.status))
            elif order.status == Order.Status.PAID and (
                len(order.tickets.all()) != order.quantity
            ):
                wrong_tickets.append(item["session"])
    if paid_missing:
        problems.append(f"{len(paid_missing)} accepted orders are not in the database")
    if unpaid:
        problems.append(f"{len(unpaid)} paid orders are not marked paid: {unpaid[:5]}")
    if wrong_tickets:
        problems.append(f"{len(wrong_tickets)} paid orders lack tickets")
    sales = PerformanceSales.objects.get(performance=performance)
    tickets = Ticket.objects.filter(order__performance=performance).count()
    by_status = dict(
        Order.objects.filter(performance=performance)
        .values_list("status")
        .annotate(n=Sum("quantity"))
        .order_by()
    )
    if tickets > capacity or sales.sold > capacity:
        problems.append(
            f"oversold: {tickets} tickets, {sales.sold} sold, capacity {capacity}"
        )
    if sales.sold + sales.held > capacity:
        problems.append(
            f"sold {sales.sold} + held {sales.held} exceed capacity {capacity}"
        )
    if args.expect_released and sales.held:
        problems.append(f"{sales.held} seats still held after every checkout ended")
    paid_seats = by_status.get(Order.Status.PAID, 0)
    if paid_seats != sales.sold or tickets != paid_seats:
        problems.append(
            f"paid orders hold {paid_seats} seats, the sales row says sold "
            f"{sales.sold}, {tickets} tickets issued"
        )

    # Subscribers.
    subscribers_found = None
    if accepted["subscribers"]:
        from newsletter.models import Subscriber

        emails = [s["email"].lower() for s in accepted["subscribers"]]
        found = set(
            Subscriber.objects.filter(email__in=emails).values_list("email", flat=True)
        )
        subscribers_found = len(found)
        if len(found) != len(set(emails)):
            problems.append(
                f"{len(set(emails)) - len(found)} accepted sign-ups are not in the "
                "database"
            )
    return {
        "comments": {
            "accepted": len(markers),
            "stored": len(markers) - len(missing),
            "refused": len(accepted["comment_refusals"]),
            "statuses": statuses,
        },
        "orders": {
            "accepted": len(accepted["orders"]),
            "paid_by_buyer": sum(bool(o.get("paid")) for o in accepted["orders"]),
            "refused": len(accepted["order_refusals"]),
            "seats_by_status": by_status,
            "capacity": capacity,
            "sold": sales.sold,
            "held": sales.held,
            "tickets": tickets,
            "performance_status": Performance.objects.get(pk=performance.pk).status,
        },
        "subscribers": {
            "accepted": len(accepted["subscribers"]),
            "found": subscribers_found,
            "refused": len(accepted["subscribe_refusals"]),
        },
        "problems": problems,
    }


# Privacy notices ----------------------------------------------------------------


def recipients(args):
    """``--count`` accounts with verified addresses (bulk inserts), all on
    ``@notice.example`` so the SMTP sink's counts can be read by domain."""
    from allauth.account.models import EmailAddress
    from django.contrib.auth import get_user_model

    user_model = get_user_model()
    # The accounts of earlier runs (the cluster's database is kept between
    # runs) are switched off, so each run notifies its own.
    retired = user_model.objects.filter(
        email__endswith="@notice.example", is_active=True
    ).update(is_active=False)
    prefix = f"notice-{args.run_id}"
    users = user_model.objects.bulk_create(
        [
            user_model(
                email=f"{prefix}-{n:05d}@notice.example",
                password="!",  # unusable
                is_active=True,
            )
            for n in range(args.count)
        ],
        batch_size=1000,
    )
    if not users or users[0].pk is None:
        users = list(user_model.objects.filter(email__startswith=prefix))
    EmailAddress.objects.bulk_create(
        [
            EmailAddress(user=user, email=user.email, verified=True, primary=True)
            for user in users
        ],
        batch_size=1000,
    )
    return {"created": len(users), "retired": retired, "prefix": prefix}


def publish_policy(args):
    """Publish the privacy statement again as a material change, as an
    editor would: its notices are queued once the publish commits."""
    from privacy.models import PolicyVersion, PrivacyPolicyPage

    page = PrivacyPolicyPage.objects.live().first()
    if page is None:
        raise SystemExit("No published privacy statement.")
    page.change_summary = f"Load test change {args.run_id}"
    page.material_change = True
    page.notify_subscribers = True
    page.effective_from = None
    page.save_revision(log_action=True).publish()
    # Its translations published again too, as the editor who translates
    # the change does: a recipient's notice waits for the text in their
    # language (privacy.policy.record_translation).
    for translated in page.get_translations().live():
        translated.save_revision(log_action=True).publish()
    version = PolicyVersion.objects.order_by("-number").first()
    return {"version": version.pk, "number": version.number}


def notices(args):
    """The deliveries of a policy version by status (and, with
    ``--with-emails``, each address with its status and error)."""
    from django.db.models import Count

    from privacy.models import NoticeDelivery, PolicyVersion

    version = PolicyVersion.objects.get(pk=args.version)
    rows = NoticeDelivery.objects.filter(version=version)
    result = {
        "version": version.pk,
        "queued": version.notices_queued_at is not None,
        "total": rows.count(),
        "by_status": dict(
            rows.values_list("status").annotate(n=Count("pk")).order_by()
        ),
    }
    if args.with_emails:
        result["deliveries"] = list(
            rows.values_list("email", "status", "attempts", "error")
        )
    return result


def resume_notices(args):
    """What the scheduler's resume_notices_task does every five minutes."""
    from privacy.policy import resume_notices as resume

    now = None
    if args.stale_now:
        from django.utils import timezone

        from privacy.conf import conf

        now = timezone.now() + datetime.timedelta(minutes=conf.NOTICE_STALE_MINUTES)
    return resume(now=now)


def comments_status(args):
    from django.db.models import Count

    from comments.models import Comment

    rows = Comment.objects.filter(comment__contains=args.marker)
    return {
        "count": rows.count(),
        "statuses": dict(rows.values_list("status").annotate(n=Count("pk")).order_by()),
        "markers": [
            c.rsplit("[", 1)[-1].rstrip("]")
            for c in rows.values_list("comment", flat=True)
        ],
    }


def periodic(args):
    """Run periodic tasks now, by their paths in PERIODIC_TASKS, through
    the task backend as the scheduler does (a worker runs them); the fault
    runs cannot wait the minutes between two runs."""
    from django.conf import settings
    from django.utils.module_loading import import_string

    known = {path for path, _interval in settings.PERIODIC_TASKS}
    enqueued = []
    for path in args.tasks:
        if path not in known:
            raise SystemExit(f"{path} is not in PERIODIC_TASKS")
        result = import_string(path).enqueue()
        enqueued.append({"task": path, "id": str(result.id)})
    return {"enqueued": enqueued}


def recheck_comments(args):
    """The scheduler's recheck of comments Akismet could not check, as it
    runs ``--minutes-later`` minutes from now (when they are due)."""
    from django.utils import timezone

    from comments import services

    now = timezone.now() + datetime.timedelta(minutes=args.minutes_later)
    return {"checked": services.recheck_comments(now=now, limit=1000)}


def retry_mails(args):
    """The scheduler's retries of mails the mail server refused, as they
    run ``--minutes-later`` minutes from now (each leaves mails younger
    than a few minutes to the task that queued them): ticket receipts,
    comment receipts and confirmations, newsletter confirmations."""
    from django.utils import timezone

    from comments import services as comments
    from newsletter import services as newsletter
    from tickets import mail as tickets

    now = timezone.now() + datetime.timedelta(minutes=args.minutes_later)
    return {
        "ticket receipts": tickets.send_pending_receipts(),
        "comment mails": comments.send_pending_author_mails(now=now),
        "newsletter confirmations": newsletter.send_pending_confirmations(now=now),
    }


def comment_checks(args):
    """Akismet's part in the comments of a run: how many were checked, and
    why the others were not."""
    from django.db.models import Count

    from comments.models import Comment

    rows = Comment.objects.filter(comment__contains=args.marker)
    return {
        "count": rows.count(),
        "statuses": dict(rows.values_list("status").annotate(n=Count("pk")).order_by()),
        "verdicts": dict(
            rows.values_list("spam_verdict").annotate(n=Count("pk")).order_by()
        ),
        "errors": dict(
            rows.values_list("spam_check_error").annotate(n=Count("pk")).order_by()
        ),
        "recheck_due": rows.exclude(spam_check_due_at=None).count(),
    }


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--run-id", default=uuid.uuid4().hex[:8])
    commands = parser.add_subparsers(dest="command", required=True)
    p = commands.add_parser("plan")
    p.add_argument("--capacity", type=int, default=50)
    p.add_argument("--out")
    p = commands.add_parser("verify")
    p.add_argument("--plan", required=True)
    p.add_argument("--accepted", required=True)
    p.add_argument("--expect-released", action="store_true")
    p = commands.add_parser("recipients")
    p.add_argument("--count", type=int, default=2000)
    commands.add_parser("publish-policy")
    p = commands.add_parser("notices")
    p.add_argument("--version", type=int, required=True)
    p.add_argument("--with-emails", action="store_true")
    p = commands.add_parser("resume-notices")
    p.add_argument("--stale-now", action="store_true")
    p = commands.add_parser("comments")
    p.add_argument("--marker", required=True)
    p = commands.add_parser("comment-checks")
    p.add_argument("--marker", required=True)
    p = commands.add_parser("recheck-comments")
    p.add_argument("--minutes-later", type=int, default=21)
    p = commands.add_parser("retry-mails")
    p.add_argument("--minutes-later", type=int, default=16)
    p = commands.add_parser("periodic")
    p.add_argument("tasks", nargs="+")
    args = parser.parse_args(argv)
    setup()
    handler = {
        "plan": plan,
        "verify": verify,
        "recipients": recipients,
        "publish-policy": publish_policy,
        "notices": notices,
        "resume-notices": resume_notices,
        "comments": comments_status,
        "comment-checks": comment_checks,
        "periodic": periodic,
        "recheck-comments": recheck_comments,
        "retry-mails": retry_mails,
    }[args.command]
    print(json.dumps(handler(args), default=str), flush=True)  # noqa: T201


if __name__ == "__main__":
    main()
