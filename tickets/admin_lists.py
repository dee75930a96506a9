"""The lists of ticket sales in Wagtail's admin (wagtail-modeladmin): orders
(filters, search, CSV export for the accountant, refunds, cancelling free
tickets) and performances (sold, held, left, takings, the external seller,
a door list to print). Registered in wagtail_hooks.py."""

from django.contrib.admin import SimpleListFilter
from django.db.models import IntegerField, OuterRef, Subquery, Sum
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail_modeladmin.helpers import ButtonHelper, PermissionHelper
from wagtail_modeladmin.options import ModelAdmin, ModelAdminGroup
from wagtail_modeladmin.views import EditView

from events.models import EventPage, Performance
from home.admin_lists import StrictIndexView

from . import services
from .models import PAID_STATUSES, Order, PerformanceSales, Ticket, kroner


class ReadOnlyPermissionHelper(PermissionHelper):
    """Orders are made by buyers and changed by services only."""

    def user_can_create(self, user):
        return False

    def user_can_edit_obj(self, user, obj):
        return False

    def user_can_delete_obj(self, user, obj):
        return False


class EventFilter(SimpleListFilter):
    title = _("event")
    parameter_name = "event"

    def lookups(self, request, model_admin):
        return (
            EventPage.objects.filter(performances__ticket_orders__isnull=False)
            .distinct()
            .order_by("title")
            .values_list("pk", "title")
        )

    def queryset(self, request, queryset):
        if self.value() and self.value().isdigit():
            return queryset.filter(performance__event_id=self.value())
        return queryset


class PerformanceFilter(SimpleListFilter):
    title = _("performance")
    parameter_name = "performance"

    def lookups(self, request, model_admin):
        performances = (
            Performance.objects.filter(ticket_orders__isnull=False)
            .distinct()
            .select_related("event")
            .order_by("-start")[:200]
        )
        return [(p.pk, str(p)) for p in performances]

    def queryset(self, request, queryset):
        if self.value() and self.value().isdigit():
            return queryset.filter(performance_id=self.value())
        return queryset


class OrderButtonHelper(ButtonHelper):
    def get_buttons_for_obj(self, obj, exclude=None, **kwargs):
        buttons = super().get_buttons_for_obj(obj, exclude=exclude, **kwargs)
        if obj.is_paid and obj.status not in (
            Order.Status.REFUNDED,
            Order.Status.FREE,
        ):
            buttons.append(
                {
                    "url": reverse("tickets_admin:refund", args=[obj.pk]),
                    "label": _("Refund"),
                    "classname": self.finalise_classname(["button-secondary"]),
                    "title": _("Refund this order or some of its tickets"),
                }
            )
        if not services.cancel_refusal(obj):
            buttons.append(
                {
                    "url": reverse("tickets_admin:cancel_free", args=[obj.pk]),
                    "label": _("Cancel free tickets"),
                    "classname": self.finalise_classname(["button-secondary"]),
                    "title": _("Cancel the free tickets for the buyer, who asked"),
                }
            )
        return buttons


class OrderAdmin(ModelAdmin):
    model = Order
    menu_label = _("Orders")
    menu_icon = "list-ul"
    permission_helper_class = ReadOnlyPermissionHelper
    button_helper_class = OrderButtonHelper
    index_view_class = StrictIndexView
    inspect_view_enabled = True
    inspect_template_name = "tickets/admin/order_inspect.html"
    index_template_name = "tickets/admin/order_index.html"
    list_display = (
        "number",
        "event_title",
        "performance_start",
        "name",
        "email",
        "quantity",
        "total_nok",
        "status",
        "created_at",
    )
    list_filter = ("status", EventFilter, PerformanceFilter, "created_at")
    search_fields = ("number", "email")
    list_per_page = 50
    # For the accountant: no names or addresses, only what the books need.
    list_export = (
        "number",
        "event_title",
        "performance_start",
        "status",
        "quantity",
        "total_nok",
        "refunded_nok",
        "currency",
        "created_at",
        "paid_at",
        "stripe_payment_intent_id",
    )
    export_filename = "billettsalg"
    inspect_view_fields = (
        "number",
        "event_title",
        "performance_start",
        "name",
        "email",
        "status",
        "quantity",
        "total_ore",
        "refunded_ore",
        "created_at",
        "paid_at",
        "stripe_session_id",
        "stripe_payment_intent_id",
    )

    def total_nok(self, obj):
        return kroner(obj.total_ore)

    total_nok.short_description = _("total (NOK)")

    def refunded_nok(self, obj):
        return kroner(obj.refunded_ore)

    refunded_nok.short_description = _("refunded (NOK)")


def revenue_subquery():
    return Coalesce(
        Subquery(
            Ticket.objects.filter(
                order__performance_id=OuterRef("performance_id"),
                order__status__in=PAID_STATUSES,
                refunded_at=None,
            )
            .values("order__performance_id")
            .annotate(total=Sum("line__unit_price_ore"))
            .values("total"),
            output_field=IntegerField(),
        ),
        0,
    )


class WhenFilter(SimpleListFilter):
    title = _("when")
    parameter_name = "when"

    def lookups(self, request, model_admin):
        return [("upcoming", _("Upcoming")), ("past", _("Past"))]

    def queryset(self, request, queryset):
        now = timezone.now()
        if self.value() == "upcoming":
            return queryset.filter(performance__start__gte=now)
        if self.value() == "past":
            return queryset.filter(performance__start__lt=now)
        return queryset


class SalesPermissionHelper(PermissionHelper):
    """Rows follow the performances; editors only set the external seller."""

    def user_can_create(self, user):
        return False

    def user_can_delete_obj(self, user, obj):
        return False


class SalesButtonHelper(ButtonHelper):
    def get_buttons_for_obj(self, obj, exclude=None, **kwargs):
        buttons = super().get_buttons_for_obj(obj, exclude=exclude, **kwargs)
        buttons.append(
            {
                "url": reverse("tickets_admin:door_list", args=[obj.pk]),
                "label": _("Door list"),
                "classname": self.finalise_classname(["button-secondary"]),
                "title": _("Names and ticket codes, to print"),
            }
        )
        return buttons


class SalesEditView(EditView):
    """Setting or clearing the external seller changes what the event page
    shows: the status follows the sales again and cached pages are renewed."""

    def form_valid(self, form):
        response = super().form_valid(form)
        services.external_seller_changed(self.instance)
        return response


class PerformanceSalesAdmin(ModelAdmin):
    model = PerformanceSales
    edit_view_class = SalesEditView
    index_view_class = StrictIndexView
    menu_label = _("Performances")
    menu_icon = "date"
    permission_helper_class = SalesPermissionHelper
    button_helper_class = SalesButtonHelper
    list_display = (
        "event",
        "starts",
        "status",
        "capacity",
        "sold",
        "held",
        "left_now",
        "revenue_nok",
        "seller",
    )
    list_filter = (WhenFilter,)
    search_fields = ("performance__event__title",)
    ordering = ("performance__start",)

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("performance__event", "performance__hall")
            .annotate(revenue_ore=revenue_subquery())
        )

    def event(self, obj):
        return obj.performance.event.title

    event.short_description = _("event")

    def starts(self, obj):
        return timezone.localtime(obj.performance.start).strftime("%d.%m.%Y %H:%M")

    starts.short_description = _("starts")

    def status(self, obj):
        return obj.performance.get_status_display()

    status.short_description = _("status")

    def capacity(self, obj):
        return obj.performance.effective_capacity

    capacity.short_description = _("capacity")

    def left_now(self, obj):
        return obj.left(obj.performance.effective_capacity)

    left_now.short_description = _("left")

    def revenue_nok(self, obj):
        return kroner(obj.revenue_ore)

    revenue_nok.short_description = _("takings (NOK)")

    def seller(self, obj):
        if obj.external_url:
            return format_html(
                '<a href="{}" rel="noopener">{}</a>', obj.external_url, _("External")
            )
        return _("Here")

    seller.short_description = _("sold by")


class TicketsGroup(ModelAdminGroup):
    menu_label = _("Tickets")
    menu_icon = "tag"
    menu_order = 250
    items = (OrderAdmin, PerformanceSalesAdmin)
