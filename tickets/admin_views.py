"""Admin pages beside the ModelAdmin lists: refunding an order (whole or
some tickets), cancelling free tickets for a buyer who asks, and a
performance's door list, printable."""

from django import forms
from django.contrib.auth.decorators import permission_required
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_http_methods, require_safe
from wagtail.admin import messages

from events.models import Performance

from . import services
from .conf import conf
from .models import PAID_STATUSES, Order, PerformanceSales, Ticket


class RefundForm(forms.Form):
    tickets = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Tickets to refund"),
        queryset=Ticket.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, order, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["tickets"]
        field.queryset = order.tickets.filter(refunded_at=None).select_related("line")
        field.label_from_instance = lambda ticket: (
            f"{ticket.code}: {ticket.line.label} ({ticket.line.unit_price} NOK)"
        )


@permission_required("tickets.change_order", raise_exception=True)
@require_http_methods(["GET", "HEAD", "POST"])
def refund(request, order_id):
    order = get_object_or_404(Order, pk=order_id)
    form = RefundForm(request.POST if request.method == "POST" else None, order=order)
    if request.method == "POST" and form.is_valid():
        try:
            chosen = list(form.cleaned_data["tickets"])
            result = services.refund_order(order, chosen)
        except services.RefundRefused as error:
            messages.error(request, str(error))
        else:
            with_companions = result.tickets.count() - len(chosen)
            if with_companions > 0:
                messages.info(
                    request,
                    ngettext(
                        "%(count)d companion ticket was refunded too: it "
                        "cannot be used without its paying ticket.",
                        "%(count)d companion tickets were refunded too: they "
                        "cannot be used without their paying tickets.",
                        with_companions,
                    )
                    % {"count": with_companions},
                )
            messages.success(
                request,
                _(
                    "Refunded %(amount)s NOK of order %(number)s; the seats are "
                    "back on sale."
                )
                % {"amount": result.amount_nok, "number": order.number},
            )
            return redirect("tickets_order_modeladmin_inspect", order.pk)
    return TemplateResponse(
        request,
        "tickets/admin/refund.html",
        {"order": order, "form": form, "missing": conf.missing_stripe_settings()},
        status=400 if form.errors else 200,
    )


@permission_required("tickets.change_order", raise_exception=True)
@require_http_methods(["GET", "HEAD", "POST"])
def cancel_free(request, order_id):
    """Cancel a free order for its buyer (who phoned, say): the page asks
    first, the button cancels through the buyer's own service, so the seats
    go to the waiting list first and the buyer gets the same mail. A paid,
    cancelled or started order is a 409 that says why."""
    order = get_object_or_404(Order, pk=order_id)
    refusal, status = services.cancel_refusal(order), 409
    if request.method == "POST" and not refusal:
        try:
            services.cancel_free_order(order, by=request.user)
        except services.CancelRefused as error:
            refusal = str(error)
        except services.LockTimeout:
            refusal = _("Many are registering right now. Please try again.")
            status = 503
        else:
            messages.success(
                request,
                _(
                    "Order %(number)s is cancelled; its seats are free again "
                    "and the buyer is told by email."
                )
                % {"number": order.number},
            )
            return redirect("tickets_order_modeladmin_inspect", order.pk)
    return TemplateResponse(
        request,
        "tickets/admin/cancel_free.html",
        {"order": order, "refusal": refusal},
        status=status if refusal else 200,
    )


@permission_required("tickets.view_order", raise_exception=True)
@require_safe
def door_list(request, performance_id):
    sales = get_object_or_404(PerformanceSales, pk=performance_id)
    performance = get_object_or_404(
        Performance.objects.select_related("event", "hall"), pk=performance_id
    )
    tickets = (
        Ticket.objects.filter(
            order__performance=performance,
            order__status__in=PAID_STATUSES,
            refunded_at=None,
        )
        .select_related("order", "line")
        .order_by("order__name", "order__number", "pk")
    )
    return TemplateResponse(
        request,
        "tickets/admin/door_list.html",
        {"performance": performance, "sales": sales, "tickets": tickets},
    )
