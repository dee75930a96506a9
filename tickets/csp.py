"""Where the ticket form may send the buyer: the buy form's POST answers
with a redirect to Stripe Checkout, and browsers check that redirect
against the page's ``form-action`` (home/security.py asks through
``SECURITY_CSP_SOURCES``)."""

from home.security import origin

from .conf import conf

STRIPE_CHECKOUT = "https://checkout.stripe.com"


def checkout_sources(request) -> dict[str, list[str]]:
    sources = [STRIPE_CHECKOUT]
    # A stand-in for Stripe's API (STRIPE_API_BASE in tests and load tests)
    # serves its checkout pages too.
    api = origin(conf.STRIPE_API_BASE)
    if api and api != "https://api.stripe.com":
        sources.append(api)
    return {"form-action": sources}
