"""A buyer's own orders on my page, and the events suggested from them."""

from django.db.models import Prefetch, Q

from events.models import EventPage, Genre, Performance
from privacy.registry import Subject
from privacy.services import is_restricted

from ..models import PAID_STATUSES, Order, RecommendationChoice, Ticket


def orders_of(user):
    """The account's orders (bought signed in, or with one of its verified
    addresses), newest first, without checkouts that never finished."""
    subject = Subject.for_user(user)
    return (
        Order.objects.filter(Q(user=user) | subject.email_q())
        .exclude(status__in=[Order.Status.EXPIRED, Order.Status.CANCELLED])
        .prefetch_related(
            "lines", Prefetch("tickets", Ticket.objects.select_related("line"))
        )
        .order_by("-created_at", "-pk")
    )


def recommendations_enabled(user) -> bool:
    enabled = (
        RecommendationChoice.objects.filter(user=user)
        .values_list("enabled", flat=True)
        .first()
    )
    return enabled is None or enabled


def set_recommendations(user, enabled: bool) -> RecommendationChoice:
    choice, _created = RecommendationChoice.objects.update_or_create(
        user=user, defaults={"enabled": enabled}
    )
    return choice


def recommended_events(user, limit=3) -> list:
    """Upcoming events in the genres of the account's past purchases, each
    with its next performance, events already bought left out. Nothing is
    read or derived when the account has turned suggestions off, or while
    processing of the account's data is restricted."""
    if not recommendations_enabled(user) or is_restricted(user):
        return []
    bought = Order.objects.filter(
        user=user, status__in=PAID_STATUSES, performance__isnull=False
    )
    genres = Genre.objects.filter(
        events__in=EventPage.objects.filter(
            performances__ticket_orders__in=bought
        ).values("pk")
    ).values("pk")
    performances = (
        Performance.objects.published()
        .upcoming()
        .filter(event__genre__in=genres)
        .exclude(event__performances__ticket_orders__in=bought)
        .exclude(status=Performance.Status.CANCELLED)
        .select_related("event", "event__genre", "hall")
        .order_by("start", "pk")
    )
    events, seen = [], set()
    for performance in performances[: limit * 10]:
        if performance.event_id in seen:
            continue
        seen.add(performance.event_id)
        events.append(performance)
        if len(events) == limit:
            break
    return events
