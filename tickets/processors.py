"""Stripe in the processor register (privacy/processors.py): every call to
it goes through ``stripe_gateway.client()``, which names this entry."""

from django.utils.translation import gettext_lazy as _

from privacy.processors import Processor, register

from .conf import conf


@register
class Stripe(Processor):
    key = "stripe"
    label = _("Stripe (card payments)")
    receives = _(
        "The buyer's email address, the order number, what was bought and the "
        "amount; the card details go to Stripe only, never to us"
    )
    purpose = _("Taking payment for tickets and paying refunds")
    location = _("Ireland (EU); Stripe, Inc. in the USA")
    transfer_basis = _("EU–US Data Privacy Framework; standard contractual clauses")

    def is_active(self):
        return bool(conf.STRIPE_SECRET_KEY)
