"""Buyers known only by an order are told of a material change to the
privacy statement that touches what orders hold (privacy/notices.py)."""

from django.utils.translation import gettext_lazy as _

from privacy.notices import NoticeSource, Recipient, register_source

from .models import Order


@register_source
class OrderBuyers(NoticeSource):
    """Every address still on an order: orders erased or purged, past their
    retention, no longer hold one."""

    key = "tickets.buyers"
    label = _("Ticket buyers")
    order = 60
    kinds = ("tickets.orders",)

    def recipients(self):
        rows = (
            Order.objects.exclude(email="")
            .order_by("pk")
            .values_list("email", "language", "user_id")
        )
        for email, language, user_id in rows.iterator(chunk_size=2000):
            yield Recipient(email=email, language=language, user_id=user_id)
