"""The tickets app's sections of my page: the account's orders with their
tickets, and suggestions from purchases with the switch that turns this
profiling off."""

from django.utils.translation import gettext_lazy as _

from accounts.my_page import register_section

from . import services
from .forms import RecommendationsForm


def orders_context(request):
    return {"orders": list(services.orders_of(request.user))}


def recommendations_context(request):
    enabled = services.recommendations_enabled(request.user)
    return {
        "enabled": enabled,
        "form": RecommendationsForm(initial={"enabled": enabled}),
        "suggestions": services.recommended_events(request.user) if enabled else [],
    }


def register_sections():
    register_section(
        "tickets",
        title=_("My orders and tickets"),
        template_name="tickets/my_page/orders.html",
        get_context=orders_context,
        order=40,
    )
    register_section(
        "recommendations",
        title=_("Suggested for you"),
        template_name="tickets/my_page/recommendations.html",
        get_context=recommendations_context,
        order=45,
    )
