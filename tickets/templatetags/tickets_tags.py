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
    event = performance.event
    sellers, has_prices = services.offers_for_event(event)
    return {
        "performance": performance,
        "offer": services.offer_for(
            performance,
            external_url=sellers.get(performance.pk, ""),
            has_prices=has_prices,
            free=event.free_tickets_here,
        ),
        "free_entry": event.free_entry,
    }


@register.inclusion_tag("tickets/components/event_sales.html")
def event_sales(page):
    """The buyer's summary at the top of an event page: the price range, the
    sales state and one "Buy tickets" action (straight to the buy page when
    one performance is on sale, else to the dates table). Says the same as
    the dates table below it, from the same offers: without Stripe keys no
    performance is "on sale"."""
    sellers, has_prices = services.offers_for_event(page)
    low, high = services.price_range_for_event(page)
    offers = [
        (
            performance,
            services.offer_for(
                performance,
                external_url=sellers.get(performance.pk, ""),
                has_prices=has_prices,
                free=page.free_tickets_here,
            ),
        )
        for performance in page.upcoming_performances
    ]
    buyable = [(p, o) for p, o in offers if o.obtainable]
    statuses = {p.status for p, _offer in offers}
    free = page.free_tickets_here or (
        not has_prices and page.price_from is not None and page.price_from == 0
    )
    if not offers:
        state = "over"
    elif page.free_tickets_here:
        state = "free_tickets" if buyable else _sold_state(statuses)
    elif free:
        state = page.free_entry or "free"
    elif buyable:
        few = all(p.status == p.Status.FEW_LEFT for p, _offer in buyable)
        state = "few_left" if few else "on_sale"
    elif any(o.kind == "soon" for _p, o in offers):
        state = "soon"
    else:
        state = _sold_state(statuses)
    action = ""
    if buyable:
        action = buyable[0][1].url if len(buyable) == 1 else "#datoer"
    return {
        "page": page,
        "low": low,
        "high": high,
        "free": free,
        "state": state,
        "action": action,
        "free_tickets": page.free_tickets_here,
        "external": len(buyable) == 1 and buyable[0][1].kind == "external",
        # On sale, but not every date: said with it, as the dates table and
        # the programme's card (the next date) say it.
        "some_few_left": state == "on_sale"
        and any(p.status == p.Status.FEW_LEFT for p, _offer in buyable),
    }


@register.simple_tag
def with_ticket_offers(cards):
    """The programme's event cards, each with ``offer``: how the tickets
    for its next date are had (buy here, free tickets, another seller, or
    nothing to offer), read for all the cards at once."""
    cards = list(cards)
    offers = services.offers_for_performances(card["next"].pk for card in cards)
    return [
        {**card, "offer": offers.get(card["next"].pk, services.NO_OFFER)}
        for card in cards
    ]


def _sold_state(statuses):
    """The state of an event none of whose performances can be had now."""
    if statuses <= {"sold_out", "cancelled"} and "sold_out" in statuses:
        return "sold_out"
    if statuses == {"cancelled"}:
        return "cancelled"
    if "postponed" in statuses:
        return "postponed"
    return "none"


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
