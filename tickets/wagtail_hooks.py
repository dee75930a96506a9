"""Ticket sales' registrations in Wagtail's admin: the lists of orders and
performances (admin_lists.py) and their views (admin_views.py), the
dashboard panel that also says which Stripe setting is missing
(dashboard.py), and the terms of sale's snippet (viewsets.py)."""

from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail_modeladmin.options import modeladmin_register

from . import admin_views
from .admin_lists import TicketsGroup
from .dashboard import SalesPanel
from .viewsets import TermsOfSaleViewSet

modeladmin_register(TicketsGroup)
register_snippet(TermsOfSaleViewSet)


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [
        path(
            "billetter/",
            (
                [
                    path(
                        "refunder/<int:order_id>/",
                        admin_views.refund,
                        name="refund",
                    ),
                    path(
                        "avbestill/<int:order_id>/",
                        admin_views.cancel_free,
                        name="cancel_free",
                    ),
                    path(
                        "dorliste/<int:performance_id>/",
                        admin_views.door_list,
                        name="door_list",
                    ),
                ],
                "tickets_admin",
                "tickets_admin",
            ),
        )
    ]


@hooks.register("register_log_actions")
def register_order_actions(actions):
    """What editors did with an order, in its history."""
    actions.register_action(
        "tickets.cancel_free", _("Cancel free tickets"), _("Free tickets cancelled")
    )


@hooks.register("construct_homepage_panels")
def add_sales_panel(request, panels):
    panels.append(SalesPanel())


from . import admin_rectification, admin_shredder  # noqa: E402, F401 (their hooks)
