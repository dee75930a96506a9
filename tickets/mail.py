"""Mail to buyers: the receipt when an order is paid, a note when money is
paid back or free tickets are cancelled, and the offer to the next person
on a waiting list (by SMS too, when they gave a mobile number), with the
tasks that send them once the change is committed (task arguments are ids,
never personal data). A failure is logged without the address or number,
never raised; a failed receipt is retried, a failed offer still runs out
and passes on."""

import datetime
import logging

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django_tasks import task

from home import sms
from home.i18n import reverse_in
from home.mail import send_templated_mail
from home.models import VenueSettings
from home.site_url import site_url

from .models import PAID_STATUSES, Order, Refund, WaitingListEntry

logger = logging.getLogger(__name__)


def order_url(order) -> str:
    """The absolute address of the order's page (its tickets)."""
    return site_url() + reverse("tickets:order", args=[order.access_key])


def send_tickets_mail(name, order, context) -> bool:
    """Send ``templates/tickets/email/<name>_*`` to the buyer in the
    language they bought in."""
    if not order.email:
        return False
    language = order.language or "nb"
    context = {
        "order": order,
        "url": order_url(order),
        "terms_url": terms_url(language),
        **context,
    }
    return send_templated_mail(
        f"tickets/email/{name}", order.email, context, language=language
    )


def terms_url(language) -> str:
    """The absolute address of the terms of sale in ``language`` (English
    under /en/), which shows them in that language."""
    return site_url() + reverse_in(language, "terms_of_sale")


def send_receipt(order_id) -> bool:
    """Mail the receipt of a paid order once; a failed one is retried by
    :func:`send_pending_receipts`."""
    order = (
        Order.objects.filter(
            pk=order_id, status__in=PAID_STATUSES, receipt_sent_at=None
        )
        .prefetch_related("lines", "tickets")
        .first()
    )
    if order is None:
        return False
    sent = send_tickets_mail("receipt", order, {"lines": order.lines.all()})
    if sent:
        Order.objects.filter(pk=order.pk).update(receipt_sent_at=timezone.now())
    return sent


def send_pending_receipts() -> int:
    """Retry receipts the mail server refused (orders paid in the last two
    days). Returns how many went out."""
    since = timezone.now() - datetime.timedelta(days=2)
    pending = Order.objects.filter(
        status__in=(Order.Status.PAID, Order.Status.FREE),
        receipt_sent_at=None,
        paid_at__gte=since,
    ).exclude(email="")
    return sum(send_receipt(pk) for pk in pending.values_list("pk", flat=True))


def send_refund_mail(order_id, refund_id, tickets) -> bool:
    """Tell the buyer about a refund of ``tickets`` tickets (0: the whole
    order, which had no seats)."""
    order = Order.objects.filter(pk=order_id).first()
    refund = Refund.objects.filter(pk=refund_id).first()
    if order is None or refund is None:
        return False
    return send_tickets_mail("refund", order, {"refund": refund, "tickets": tickets})


def send_cancellation_mail(order_id) -> bool:
    """Confirm to the buyer that their free tickets are cancelled, whether
    they cancelled on the order page or an editor did it for them."""
    order = Order.objects.filter(pk=order_id, status=Order.Status.CANCELLED).first()
    if order is None or order.total_ore:
        return False
    return send_tickets_mail("cancelled", order, {})


def offer_url(entry) -> str:
    return site_url() + reverse("tickets:waiting_offer", args=[entry.offer_key])


def send_offer_mail(entry_id) -> bool:
    """Tell the person next on a waiting list that seats are held for them,
    with the link that buys them. Sent once per offer; an offer whose mail
    fails still runs out and passes on."""
    entry = (
        WaitingListEntry.objects.filter(
            pk=entry_id, status=WaitingListEntry.Status.OFFERED
        )
        .select_related("performance__event")
        .first()
    )
    if entry is None:
        return False
    until = timezone.localtime(entry.offer_expires_at).strftime("%H:%M")
    language = entry.language or "nb"
    return send_templated_mail(
        "tickets/email/waiting_offer",
        entry.email,
        {
            "entry": entry,
            "title": entry.performance.event.in_language(language).title,
            "url": offer_url(entry),
            "until": until,
        },
        language=language,
    )


def send_offer_sms(entry_id) -> bool:
    """Text the offer to the person next on a waiting list who gave a
    mobile number: the same link as the mail, in their language, once."""
    entry = (
        WaitingListEntry.objects.filter(
            pk=entry_id, status=WaitingListEntry.Status.OFFERED
        )
        .exclude(phone="")
        .select_related("performance__event")
        .first()
    )
    if entry is None:
        return False
    context = {
        "venue": VenueSettings.current(),
        "entry": entry,
        "url": offer_url(entry),
        "until": timezone.localtime(entry.offer_expires_at).strftime("%H:%M"),
    }
    with translation.override(entry.language or "nb"):
        body = " ".join(
            render_to_string("tickets/sms/waiting_offer.txt", context).split()
        )
    try:
        sms.send_sms(entry.phone, body)
    except sms.SmsError as error:
        # Never the number in the log. The mail carries the same offer.
        logger.warning(
            "The SMS with waiting-list offer %s was not sent (%s).",
            entry.pk,
            error.code or type(error).__name__,
        )
        return False
    return True


@task()
def send_offer_mail_task(entry_id: int):
    return send_offer_mail(entry_id)


@task()
def send_receipt_task(order_id: int):
    return send_receipt(order_id)


@task()
def send_refund_mail_task(order_id: int, refund_id: int, tickets: int):
    return send_refund_mail(order_id, refund_id, tickets)


@task()
def send_cancellation_mail_task(order_id: int):
    return send_cancellation_mail(order_id)


@task()
def send_offer_sms_task(entry_id: int):
    return send_offer_sms(entry_id)
