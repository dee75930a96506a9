"""Correcting the buyer's name and address on an order (GDPR art. 16), from
the privacy admin's corrections page or the order itself; recorded by
privacy/rectification.py with who, when and why."""

from django.db.models import Q
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from wagtail import hooks

from privacy import rectification
from privacy.admin_rectification import CorrectionForm, correct, privacy_editors_only

from .models import Order

KIND = "tickets.orders"


class BuyerForm(CorrectionForm):
    class Meta:
        model = Order
        fields = ["name", "email"]


@privacy_editors_only
@require_http_methods(["GET", "HEAD", "POST"])
def correct_buyer(request, order_id):
    order = get_object_or_404(Order, pk=order_id)
    form = BuyerForm(request.POST if request.method == "POST" else None, instance=order)
    return correct(
        request,
        form,
        kind=KIND,
        user=order.user,
        email=None,
        title=_("Correct the buyer of order %(number)s") % {"number": order.number},
        description=_(
            "The name and address the tickets and receipts were sent to. "
            "Receipts mailed from now on go to the corrected address."
        ),
        back_url=reverse("privacy_admin:rectifications"),
    )


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [
        path(
            "billetter/rett-kjoper/<int:order_id>/",
            correct_buyer,
            name="tickets_correct_buyer",
        )
    ]


@hooks.register(rectification.HOOK)
def orders_to_correct(subject):
    orders = (
        Order.objects.filter(subject_q(subject))
        .only("pk", "number", "event_title", "performance_start")
        .order_by("-performance_start")
    )
    return [
        rectification.Target(
            label=_("Order %(number)s") % {"number": order.number or order.pk},
            description=f"{order.event_title}, {order.performance_start:%Y-%m-%d}",
            url=reverse("tickets_correct_buyer", args=[order.pk]),
        )
        for order in orders
    ]


def subject_q(subject):
    query = subject.email_q()
    if subject.user_id is not None:
        query |= Q(user_id=subject.user_id)
    return query
