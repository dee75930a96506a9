import segno
from django import template
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from .. import services
from ..conf import conf

register = template.Library()


@register.inclusion_tag(
    "tickets/components/performance_tickets.html", takes_context=True
)
def performance_tickets(context, performance):
    """The "Tickets" cell of an event's dates table: the status, and a way
    to buy (here, at another seller, or "sales open soon"). What the event
    offers is read once per cache generation. Shows no personal data and no
    form, so the page stays cacheable."""
    sellers, has_prices = services.offers_for_event(performance.event)
    return {
        "performance": performance,
        "offer": services.offer_for(
            performance,
            external_url=sellers.get(performance.pk, ""),
            has_prices=has_prices,
        ),
    }


@register.simple_tag
def ticket_qr(ticket):
    """The ticket's code as an inline SVG QR code, titled for screen
    readers. segno writes the markup; the code holds only letters and
    digits of our own alphabet."""
    svg = segno.make(ticket.code, error="m").svg_inline(
        scale=4, title=_("QR code of ticket %(code)s") % {"code": ticket.code}
    )
    return mark_safe(svg)  # noqa: S308 (segno's own markup of our own code)


@register.simple_tag
def missing_stripe_settings():
    """The Stripe settings sales cannot run without that are empty (for
    the admin)."""
    return conf.missing_stripe_settings()
