"""The waiting list of a sold-out performance: visitors sign up with an
address and how many tickets they want; when seats come back (a refund, a
checkout that expired or was cancelled, more seats added by an editor) they
are offered in sign-up order. An offer holds its seats (counted in the
performance's ``held``, so they are not sold to anyone else) for
``TICKETS_WAITING_OFFER_MINUTES`` behind a link only the offer mail
carries; an offer not used in time passes to the next person.

Anything that gives seats back calls :func:`offer_seats` in the same
transaction, holding the sales row's lock, so the seats reach the list
before anyone else can buy them.

No double opt-in: unlike the newsletter, the list only ever writes to say
seats are held for the performance the address asked about (at most one
mail per offer), and the entry is deleted when the performance has taken
place; a mistyped or foreign address gets at most that and can ignore it.
What could be abused is holding seats with fake entries, so sign-ups are
limited per IP (``TICKETS_WAITING_SIGNUPS_PER_HOUR``) and an unused offer
passes on after ``TICKETS_WAITING_OFFER_MINUTES``. A mobile number is
optional; with one, the offer goes by SMS too (the ground floor's sender,
home/sms), once, like the mail: offers are single messages sent when they
are made, not batches, so they do not go through the delivery engine."""

import datetime
import functools
import logging

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from events.models import Performance

from .. import mail
from ..conf import conf
from ..models import WaitingListEntry
from ..seats import change_seats, lock_sales, locking
from .availability import SALES_STATUSES, sync_status

logger = logging.getLogger(__name__)


class WaitingListRefused(Exception):
    """The sign-up cannot be taken; the message tells the visitor why."""


class OfferGone(Exception):
    """The offer was used, passed on or has run out."""


def _sold_here(performance, sales, now) -> bool:
    return (
        performance.start >= now
        and performance.status in SALES_STATUSES
        and not sales.external_url
    )


def waiting_list_open(performance, sales) -> bool:
    """Whether visitors may join: the performance is sold here and has no
    seat left to buy."""
    if performance.start < timezone.now() or performance.status in (
        Performance.Status.CANCELLED,
        Performance.Status.POSTPONED,
    ):
        return False
    if sales is None or sales.external_url:
        return False
    return performance.status == Performance.Status.SOLD_OUT or not sales.left(
        performance.effective_capacity
    )


def join(
    performance,
    *,
    email,
    quantity,
    wheelchair=0,
    phone="",
    language="nb",
    by_guardian=False,
):
    """Put ``email`` on the performance's waiting list for ``quantity``
    tickets, ``wheelchair`` of them wheelchair places, with ``phone`` (E.164,
    optional) for an SMS with the offer (once per address and performance:
    signing up again changes the quantities and the number and keeps the
    place in the queue)."""
    if not 1 <= quantity <= conf.MAX_PER_ORDER:
        raise WaitingListRefused(
            _("Choose between 1 and %(max)d tickets.") % {"max": conf.MAX_PER_ORDER}
        )
    wheelchair = min(max(0, wheelchair), quantity, performance.wheelchair_places)
    email = email.strip().lower()
    with transaction.atomic():
        entry = (
            WaitingListEntry.objects.select_for_update()
            .filter(
                performance=performance,
                email__iexact=email,
                status__in=[
                    WaitingListEntry.Status.WAITING,
                    WaitingListEntry.Status.OFFERED,
                ],
            )
            .first()
        )
        if entry is not None:
            if entry.status == WaitingListEntry.Status.WAITING:
                entry.quantity, entry.wheelchair = quantity, wheelchair
                entry.phone = phone
                entry.save(update_fields=["quantity", "wheelchair", "phone"])
            return entry
        return WaitingListEntry.objects.create(
            performance=performance,
            email=email,
            quantity=quantity,
            wheelchair=wheelchair,
            phone=phone or "",
            language=language or "nb",
            consent_by_guardian=by_guardian,
        )


def join_for_child(guardian_request, http_request=None):
    """A guardian agreed that their child joins a waiting list."""
    data = guardian_request.data
    performance = Performance.objects.filter(pk=data.get("performance")).first()
    if performance is None or performance.start < timezone.now():
        return None
    return join(
        performance,
        email=guardian_request.child_email,
        quantity=int(data.get("quantity") or 1),
        wheelchair=int(data.get("wheelchair") or 0),
        phone=data.get("phone") or "",
        language=data.get("language") or "nb",
        by_guardian=True,
    )


def offer_released_seats(performance_id, now=None) -> int:
    """Offer the performance's free seats to its waiting list (after an
    editor added seats, or by the periodic task). Returns how many people
    were offered seats."""
    with locking():
        sales = lock_sales(performance_id)
        performance = Performance.objects.select_related("hall").get(pk=performance_id)
        offered = offer_seats(sales, performance, now=now)
        sync_status(performance, sales)
    return offered


def offer_seats(sales, performance, now=None) -> int:
    """Offer the free seats of a performance whose sales row the caller has
    locked to its waiting list in sign-up order, each person up to the
    tickets they wanted, holding the seats for the offer; the offer mails
    go once this commits. Called wherever seats come back, in the same
    transaction, so no one else can buy them first. Returns how many
    people were offered seats."""
    now = now or timezone.now()
    if not _sold_here(performance, sales, now):
        return 0
    left = sales.left(performance.effective_capacity)
    wheelchair_left = sales.wheelchair_left(performance.wheelchair_places)
    if left <= 0 and wheelchair_left <= 0:
        return 0
    offered = 0
    waiting = WaitingListEntry.objects.select_for_update().filter(
        performance_id=performance.pk, status=WaitingListEntry.Status.WAITING
    )
    for entry in waiting.order_by("created_at", "pk"):
        if left <= 0 and wheelchair_left <= 0:
            break
        # A wheelchair user is offered places only with a wheelchair place
        # among them; the others only seats. Who cannot be served now keeps
        # their place in the queue.
        wanted_wheelchair = min(entry.wheelchair, entry.quantity)
        wheelchair = min(wanted_wheelchair, wheelchair_left)
        if wanted_wheelchair and not wheelchair:
            continue
        seats = min(entry.quantity - wanted_wheelchair, left)
        if not seats and not wheelchair:
            continue
        change_seats(sales, held=seats, wheelchair_held=wheelchair)
        left -= seats
        wheelchair_left -= wheelchair
        entry.status = WaitingListEntry.Status.OFFERED
        entry.offered_quantity = seats + wheelchair
        entry.offered_wheelchair = wheelchair
        entry.offered_at = now
        entry.offer_expires_at = now + datetime.timedelta(
            minutes=conf.WAITING_OFFER_MINUTES
        )
        entry.save(
            update_fields=[
                "status",
                "offered_quantity",
                "offered_wheelchair",
                "offered_at",
                "offer_expires_at",
            ]
        )
        offered += 1
        transaction.on_commit(
            functools.partial(mail.send_offer_mail_task.enqueue, entry.pk)
        )
        if entry.phone:
            transaction.on_commit(
                functools.partial(mail.send_offer_sms_task.enqueue, entry.pk)
            )
    return offered


def close_offer(entry, status) -> None:
    """Close an offer as ``status`` and release its held seats, in the
    caller's transaction (which then holds the sales row's lock)."""
    sales = lock_sales(entry.performance_id)
    change_seats(
        sales,
        held=-(entry.offered_quantity - entry.offered_wheelchair),
        wheelchair_held=-entry.offered_wheelchair,
    )
    WaitingListEntry.objects.filter(pk=entry.pk).update(status=status)
    entry.status = status
    performance = Performance.objects.select_related("hall").get(
        pk=entry.performance_id
    )
    if status == WaitingListEntry.Status.PASSED:
        offer_seats(sales, performance)
    sync_status(performance, sales)


def lock_offer(entry, now=None):
    """The entry of an offer still open, locked, or None."""
    now = now or timezone.now()
    return (
        WaitingListEntry.objects.select_for_update()
        .filter(
            pk=entry.pk,
            status=WaitingListEntry.Status.OFFERED,
            offer_expires_at__gte=now,
        )
        .first()
    )


def pass_expired_offers(now=None) -> int:
    """Offers not used in time pass on: their seats go to the next people
    on the list. Returns how many offers passed."""
    now = now or timezone.now()
    passed = 0
    expired = WaitingListEntry.objects.filter(
        status=WaitingListEntry.Status.OFFERED, offer_expires_at__lt=now
    ).values_list("pk", "performance_id")
    for pk, _performance_id in list(expired):
        with locking():
            entry = (
                WaitingListEntry.objects.select_for_update()
                .filter(pk=pk, status=WaitingListEntry.Status.OFFERED)
                .first()
            )
            if entry is None:
                continue
            close_offer(entry, WaitingListEntry.Status.PASSED)
            passed += 1
    return passed


def decline_offer(entry) -> None:
    """The person does not want the offered seats: they pass to the next."""
    with locking():
        entry = (
            WaitingListEntry.objects.select_for_update()
            .filter(pk=entry.pk, status=WaitingListEntry.Status.OFFERED)
            .first()
        )
        if entry is None:
            return
        close_offer(entry, WaitingListEntry.Status.PASSED)


def open_offer(offer_key, now=None):
    """The entry of a valid offer link, or :class:`OfferGone`."""
    now = now or timezone.now()
    entry = (
        WaitingListEntry.objects.select_related(
            "performance__event", "performance__hall"
        )
        .filter(offer_key=offer_key)
        .first()
    )
    if entry is None:
        raise OfferGone(_("This offer does not exist."))
    if entry.status != WaitingListEntry.Status.OFFERED or entry.offer_expires_at < now:
        raise OfferGone(
            _("This offer has been used or has run out, and was passed on.")
        )
    return entry


def purge_waiting_lists(now=None) -> int:
    """Delete the waiting lists of performances that have taken place (an
    offer still open gives its seats back first, which no one can buy any
    more). Returns how many entries went."""
    now = now or timezone.now()
    deleted, _per_model = WaitingListEntry.objects.filter(
        performance__start__lt=now
    ).delete()
    return deleted
