"""The personal data of ticket sales: orders (who bought what, with the
tickets) and the choice about suggestions from purchases.

Orders are found by account and by the subject's verified addresses (a
buyer needs no account). Erasure removes the buyer's name, address,
account link and card (brand, last four digits) from paid orders and keeps
amounts, dates, lines, order numbers and how they were paid: they are
bookkeeping records, kept five years after the year's end (Norwegian
bookkeeping act, bokføringsloven § 13), and then purged. Free tickets'
orders are no bookkeeping record: erasure takes the name and address at
once (the nameless order keeps the seats counted) and the order goes 30
days after its performance. Orders never paid are no record and are
deleted."""

from django.db.models import Prefetch, Q
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from privacy.registry import Erasure, PersonalData, not_personal, register

from .models import (
    PAID_STATUSES,
    Order,
    OrderLine,
    PriceCategory,
    RecommendationChoice,
    Ticket,
    WaitingListEntry,
)
from .services import waiting_list

BOOKKEEPING_REASON = _(
    "Amounts, dates, order lines and order numbers of paid orders are "
    "bookkeeping records we must keep for five years after the end of the "
    "year (Norwegian bookkeeping act, § 13). Your name, email address and "
    "account link are removed from them now."
)
FREE_TICKETS_REASON = _(
    "Free tickets are kept without your name or address until 30 days after "
    "the performance, so that the hall's count of seats stays right; then "
    "they are deleted."
)


def _iso(value):
    return value.isoformat() if value else None


@register
class Orders(PersonalData):
    key = "tickets.orders"
    label = _("Your ticket orders")
    purpose = _(
        "To sell you tickets, take payment through Stripe, send your tickets and "
        "receipt, let you in at the door, and refund you when needed."
    )
    legal_basis = _(
        "Contract (GDPR art. 6(1)(b)); for paid orders also a legal obligation "
        "(art. 6(1)(c)): the bookkeeping act."
    )
    retention = _(
        "Paid orders: five years after the end of the year they were made in; "
        "your name and email go earlier if you ask. Free tickets: 30 days after "
        "the performance. Orders never paid: 30 days."
    )
    fields = {
        Order: ["user", "name", "email", "payment_method", "card_brand", "card_last4"]
    }
    export_labels = {
        "number": _("Order number"),
        "event": _("Event"),
        "performance_starts": _("Performance starts"),
        "name": _("Name"),
        "email": _("Email address"),
        "status": _("Status"),
        "total_nok": _("Total (NOK)"),
        "refunded_nok": _("Refunded (NOK)"),
        "created_at": _("Ordered"),
        "paid_at": _("Paid"),
        "paid_with": _("Paid with"),
        "lines": _("Tickets bought"),
        "tickets": _("Ticket codes"),
    }

    def rows(self, subject):
        query = subject.email_q()
        if subject.user_id is not None:
            query |= Q(user_id=subject.user_id)
        return (
            Order.objects.filter(query)
            .prefetch_related(
                Prefetch(
                    "lines",
                    OrderLine.objects.only(
                        "order_id",
                        "kind",
                        "category_name",
                        "quantity",
                        "unit_price_ore",
                    ),
                ),
                Prefetch(
                    "tickets", Ticket.objects.only("order_id", "code", "refunded_at")
                ),
            )
            .order_by("created_at", "pk")
        )

    def export_row(self, row):
        return {
            "number": row.number,
            "event": row.event_title,
            "performance_starts": _iso(row.performance_start),
            "name": row.name or None,
            "email": row.email or None,
            "status": row.status,
            "total_nok": row.total,
            "refunded_nok": row.refunded_ore and f"{row.refunded_ore / 100:.2f}",
            "created_at": _iso(row.created_at),
            "paid_at": _iso(row.paid_at),
            "paid_with": {
                "method": row.payment_method or None,
                "card_brand": row.card_brand or None,
                "card_last4": row.card_last4 or None,
            },
            "lines": [
                {
                    # "Ordinær, rullestolplass" for a wheelchair place.
                    "category": line.label,
                    "quantity": line.quantity,
                    "unit_price_nok": line.unit_price,
                }
                for line in row.lines.all()
            ],
            "tickets": [
                {"code": ticket.code, "refunded": _iso(ticket.refunded_at)}
                for ticket in row.tickets.all()
            ],
        }

    def erase(self, subject, **options):
        rows = Order.objects.filter(pk__in=self.rows(subject).values("pk"))
        kept = rows.filter(status__in=PAID_STATUSES)
        free = kept.filter(status=Order.Status.FREE).count()
        # How it was paid stays (bookkeeping); the card's brand and digits go.
        anonymised = kept.update(
            name="",
            email="",
            user=None,
            card_brand="",
            card_last4="",
            erased_at=timezone.now(),
        )
        # A pending order keeps its hold until it runs out; it is no record
        # once it has, so unpaid ones are anonymised too and purged later.
        unpaid = rows.exclude(status__in=PAID_STATUSES)
        pending = unpaid.filter(status=Order.Status.PENDING).update(
            name="", email="", user=None, erased_at=timezone.now()
        )
        _count, deleted = unpaid.exclude(status=Order.Status.PENDING).delete()
        return Erasure(
            deleted=deleted.get(Order._meta.label, 0),
            anonymised=anonymised + pending,
            kept=anonymised,
            kept_reason=self._kept_reason(paid=anonymised - free, free=free),
        )

    @staticmethod
    def _kept_reason(*, paid, free):
        """Why orders outlive an erasure, nameless: the books keep the paid
        ones, the seat count the free ones (until after the performance)."""
        reasons = [
            reason
            for reason, count in (
                (BOOKKEEPING_REASON, paid),
                (FREE_TICKETS_REASON, free),
            )
            if count
        ]
        return format_lazy(" ".join("{}" for _ in reasons), *reasons) if reasons else ""


@register
class RecommendationChoices(PersonalData):
    key = "tickets.recommendations"
    label = _("Suggestions from your purchases")
    purpose = _(
        "To remember whether you let us suggest events from the genres of the "
        "tickets you bought (you can object to this profiling on my page)."
    )
    legal_basis = _(
        "Legitimate interest (GDPR art. 6(1)(f)) in suggesting events; you may "
        "object at any time (art. 21), and then nothing is derived."
    )
    retention = _("Until you change it or delete your account.")
    fields = {RecommendationChoice: ["user"]}
    export_labels = {
        "suggestions_from_purchases": _("Suggestions from my purchases"),
        "changed_at": _("Changed"),
    }

    def rows(self, subject):
        if subject.user_id is None:
            return RecommendationChoice.objects.none()
        return RecommendationChoice.objects.filter(user_id=subject.user_id)

    def export_row(self, row):
        return {
            "suggestions_from_purchases": row.enabled,
            "changed_at": _iso(row.changed_at),
        }


@register
class WaitingLists(PersonalData):
    key = "tickets.waiting_list"
    label = _("Waiting lists you joined")
    purpose = _(
        "To offer you seats for a sold-out performance when some come back, in "
        "the order people signed up: by email, and by SMS if you gave a mobile "
        "number."
    )
    legal_basis = _(
        "Consent (GDPR art. 6(1)(a)), given when you joined; for a child under "
        "15, a guardian's."
    )
    retention = _(
        "Until the performance has taken place; then deleted. You can ask us to "
        "delete it earlier."
    )
    fields = {WaitingListEntry: ["email", "phone"]}
    export_labels = {
        "event": _("Event"),
        "performance_starts": _("Performance starts"),
        "email": _("Email address"),
        "phone": _("Mobile number"),
        "tickets_wanted": _("Tickets wanted"),
        "status": _("Status"),
        "signed_up": _("Signed up"),
        "offered_at": _("Offered seats"),
    }

    def rows(self, subject):
        return (
            WaitingListEntry.objects.filter(subject.email_q())
            .select_related("performance__event")
            .order_by("created_at", "pk")
        )

    def export_row(self, row):
        return {
            "event": row.performance.event.title,
            "performance_starts": _iso(row.performance.start),
            "email": row.email,
            "phone": row.phone,
            "tickets_wanted": row.quantity,
            "status": row.status,
            "signed_up": _iso(row.created_at),
            "offered_at": _iso(row.offered_at),
        }

    def erase(self, subject, **options):
        """Deleted; an open offer first gives its seats to the next person."""
        rows = list(self.rows(subject))
        for entry in rows:
            if entry.status == WaitingListEntry.Status.OFFERED:
                waiting_list.decline_offer(entry)
        _count, deleted = WaitingListEntry.objects.filter(
            pk__in=[row.pk for row in rows]
        ).delete()
        return Erasure(deleted=deleted.get(WaitingListEntry._meta.label, 0))


PRICE_NAME = _(
    "The name of a ticket price editors set (e.g. 'Student'), not a person's."
)
not_personal(PriceCategory, ["name"], PRICE_NAME)
not_personal(OrderLine, ["category_name"], PRICE_NAME)


# The erasure per event (tickets/shredder.py) is declared beside the orders
# in a module of its own.
from .personal_data_shredder import *  # noqa: E402, F403
