"""The ticket sales panel of the admin dashboard. Registered in wagtail_hooks.py."""

from django.db.models import Count, Sum
from django.urls import reverse
from django.utils import timezone
from wagtail.admin.ui.components import Component

from .conf import conf
from .models import PAID_STATUSES, Order, kroner


class SalesPanel(Component):
    """The dashboard's view of ticket sales: whether sales run (and which
    setting is missing when not), today's orders, and checkouts under way."""

    name = "ticket_sales"
    order = 120
    template_name = "tickets/admin/sales_panel.html"

    def get_context_data(self, parent_context=None):
        today = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
        paid_today = Order.objects.filter(
            status__in=PAID_STATUSES, paid_at__gte=today
        ).exclude(status=Order.Status.FREE)
        free = Order.objects.filter(
            status=Order.Status.FREE, performance__start__gte=timezone.now()
        ).aggregate(orders=Count("pk"), tickets=Sum("quantity"))
        return {
            "free_orders": free["orders"],
            "free_tickets": free["tickets"] or 0,
            "free_url": reverse("tickets_order_modeladmin_index")
            + f"?status={Order.Status.FREE}",
            "missing": conf.missing_stripe_settings(),
            "paid_today": paid_today.count(),
            "takings_today": kroner(
                paid_today.aggregate(total=Sum("total_ore"))["total"] or 0
            ),
            "pending": Order.objects.filter(status=Order.Status.PENDING).count(),
            "orders_url": reverse("tickets_order_modeladmin_index"),
        }
