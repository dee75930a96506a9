"""The buyer's pages under /billetter/ and Stripe's webhook. Each view
parses input, calls ``services`` and responds; none is cached (the buy form
carries a CSRF token, orders are private)."""

import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import (
    require_http_methods,
    require_POST,
    require_safe,
)

from accounts.services import participation_block_reason
from events.models import Performance
from home.client_ip import client_ip
from home.models import VenueSettings
from privacy import guardians, throttle

from . import queue, services
from . import stripe_gateway as gateway
from .conf import conf
from .forms import (
    BuyForm,
    FreeTicketForm,
    OfferForm,
    RecommendationsForm,
    WaitingListForm,
)
from .models import Order, PerformanceSales, TermsOfSale

logger = logging.getLogger(__name__)


def _buyer_initial(user):
    if not getattr(user, "is_authenticated", False):
        return {}
    return {"name": user.get_full_name(), "email": user.email}


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def buy(request, performance_id):
    """``kjop/<id>/``: choose tickets, then go to Stripe Checkout. When
    more buyers come than the shop can serve, a buyer first waits their
    turn in the queue (tickets/queue.py)."""
    place = None
    if queue.store() is not None:
        waiting, place = _queue_gate(request, performance_id)
        if waiting is not None:
            return waiting
    performance = get_object_or_404(
        Performance.objects.published().select_related("event", "hall"),
        pk=performance_id,
    )
    event = performance.event
    if event.free_tickets_here:
        response = _free_tickets(request, performance)
        if place is not None:
            queue.remember(response, performance.pk, place)
        return response
    categories = list(event.price_categories.all())
    sales = PerformanceSales.objects.filter(pk=performance.pk).first()
    refusal = services.sale_refusal(performance, sales) or (
        "" if categories else _("Tickets for this performance are not sold here.")
    )
    blocked = participation_block_reason(request.user)
    wheelchair_left = _wheelchair_left(performance, sales)
    form = BuyForm(
        request.POST if request.method == "POST" else None,
        categories=categories,
        wheelchair_places=performance.wheelchair_places,
        wheelchair_left=wheelchair_left,
        companions=event.companion_tickets,
        initial=_buyer_initial(request.user),
    )
    status = 200
    if request.method == "POST":
        if refusal or blocked:
            status = 409 if refusal else 403
        elif not form.is_valid():
            status = 400
        else:
            redirect_to, refusal, status = _to_checkout(
                request,
                lambda: services.reserve_seats(
                    performance,
                    form.quantities,
                    wheelchair=form.wheelchair_quantities,
                    companions=form.companion_count,
                    name=form.cleaned_data["name"],
                    email=form.cleaned_data["email"],
                    user=request.user,
                    language=translation.get_language(),
                ),
            )
            if redirect_to:
                # The turn is used: a next purchase queues again.
                queue.forget(redirect_to, performance.pk)
                return redirect_to
    response = render(
        request,
        "tickets/buy.html",
        {
            "performance": performance,
            # Shown in the buyer's language; prices stay the Norwegian event's.
            "event": event.in_language(translation.get_language()),
            "form": form,
            "refusal": refusal,
            "blocked": blocked,
            "max_per_order": conf.MAX_PER_ORDER,
            "hold_minutes": conf.HOLD_MINUTES,
            "wheelchair_left": wheelchair_left,
            "waiting_list": services.waiting_list_open(performance, sales),
            "vipps": "vipps" in conf.STRIPE_PAYMENT_METHODS,
        },
        status=status,
    )
    if place is not None:
        queue.remember(response, performance.pk, place)
    return response


def _wheelchair_left(performance, sales):
    """The performance's wheelchair places not yet held or sold (all of
    them before its sales row exists)."""
    if sales is None:
        return performance.wheelchair_places
    return sales.wheelchair_left(performance.wheelchair_places)


def _free_tickets(request, performance):
    """The buy page of a free event: how many free tickets, and who comes;
    confirmed at once, no payment, so it works without Stripe keys."""
    sales = PerformanceSales.objects.filter(pk=performance.pk).first()
    refusal = services.sale_refusal(performance, sales)
    blocked = participation_block_reason(request.user)
    wheelchair_left = _wheelchair_left(performance, sales)
    form = FreeTicketForm(
        request.POST if request.method == "POST" else None,
        wheelchair_places=performance.wheelchair_places,
        wheelchair_left=wheelchair_left,
        initial=_buyer_initial(request.user),
    )
    status = 200
    if request.method == "POST":
        if refusal or blocked:
            status = 409 if refusal else 403
        elif not form.is_valid():
            status = 400
        else:
            response, refusal, status = _to_free_order(
                lambda: services.register_free_tickets(
                    performance, **_free_order_details(request, form)
                )
            )
            if response:
                queue.forget(response, performance.pk)
                return response
    return render(
        request,
        "tickets/buy.html",
        {
            "performance": performance,
            "event": performance.event.in_language(translation.get_language()),
            "form": form,
            "free": True,
            "refusal": refusal,
            "blocked": blocked,
            "max_per_order": conf.MAX_PER_ORDER,
            "wheelchair_left": wheelchair_left,
            "waiting_list": services.waiting_list_open(performance, sales),
        },
        status=status,
    )


# Statuses whose buy page the queue answers itself: sold out (the waiting
# list, at once, for everyone) and on sale (a place in the queue).
_QUEUED_STATUSES = (Performance.Status.ON_SALE, Performance.Status.FEW_LEFT)


def _queue_gate(request, performance_id):
    """(the queue's answer, None) for a buyer who must wait or who would
    only learn that the performance is sold out; (None, their place) for a
    buyer whose turn it is. Cheap on purpose: one query and one call to
    Redis, and a small page, as every buyer of a release rush comes here."""
    status = (
        Performance.objects.published()
        .filter(pk=performance_id)
        .values_list("status", flat=True)
        .first()
    )
    if status == Performance.Status.SOLD_OUT:
        return _queue_page(
            request,
            performance_id,
            None,
            sold_out=True,
            status=409 if request.method == "POST" else 200,
        ), None
    if status not in _QUEUED_STATUSES:
        return None, None
    place = queue.place_for(request, performance_id)
    if place is None or place.is_admitted:
        return None, place
    # A form sent before the buyer's turn (or without a number) is not
    # taken; the buyer gets their place in the queue.
    response = _queue_page(
        request,
        performance_id,
        place,
        status=429 if request.method == "POST" else 200,
    )
    queue.remember(response, performance_id, place)
    return response, None


def _queue_page(request, performance_id, place, *, sold_out=False, status=200):
    response = render(
        request,
        "tickets/queue.html",
        {
            "performance_id": performance_id,
            "place": place,
            "sold_out": sold_out,
            "refused": status == 429,
            "wait_seconds": place.wait_seconds(conf.QUEUE_RATE) if place else 0,
            "rate": conf.QUEUE_RATE,
            "buy_url": reverse("tickets:buy", args=[performance_id]),
            "status_url": reverse("tickets:queue_status", args=[performance_id]),
            "waiting_list_url": reverse("tickets:waiting_list", args=[performance_id]),
        },
        status=status,
    )
    if status == 429:
        response["Retry-After"] = str(max(1, place.wait_seconds(conf.QUEUE_RATE)))
    return response


@require_safe
def queue_status(request, performance_id):
    """``ko/<id>/``: the highest queue number let into the shop, the same
    for every buyer, so the front proxy keeps it for a second and the
    waiting pages' scripts ask it without reaching the site."""
    admitted = queue.admitted_through(performance_id)
    status = (
        Performance.objects.published()
        .filter(pk=performance_id)
        .values_list("status", flat=True)
        .first()
    )
    response = JsonResponse(
        {
            "admitted": admitted,
            "sold_out": status == Performance.Status.SOLD_OUT,
            "on_sale": status in _QUEUED_STATUSES,
        }
    )
    response["Cache-Control"] = "public, max-age=1, s-maxage=1"
    return response


@never_cache
@require_safe
def order(request, access_key):
    """``ordre/<key>/``: Checkout's return page and the buyer's tickets. A
    pending order is checked with Stripe; the page's script reloads it until
    the payment is seen."""
    order = get_object_or_404(Order, access_key=access_key)
    order = services.refresh_order(order)
    return render(
        request,
        "tickets/order.html",
        {"order": order, "lines": order.lines.all(), "tickets": order.tickets.all()},
    )


@never_cache
@require_safe
def order_status(request, access_key):
    """``ordre/<key>/status/``: the order's state, for the return page's
    script."""
    order = get_object_or_404(Order, access_key=access_key)
    order = services.refresh_order(order)
    return JsonResponse({"status": order.status})


@never_cache
@require_safe
def cancel(request, access_key):
    """``ordre/<key>/avbryt/``: Checkout's cancel page. The session is
    expired at Stripe and the seats go back to sale."""
    order = get_object_or_404(Order, access_key=access_key)
    try:
        order = services.cancel_checkout(order)
    except services.CheckoutUnavailable:
        return render(
            request, "tickets/cancel.html", {"order": order, "failed": True}, status=503
        )
    if order.is_paid:
        return redirect("tickets:order", access_key=order.access_key)
    return render(request, "tickets/cancel.html", {"order": order})


@never_cache
@require_POST
def cancel_free(request, access_key):
    """``ordre/<key>/avbestill/``: the buyer gives back the free tickets of
    a free order (nothing to refund); the seats go back to sale or to the
    waiting list."""
    order = get_object_or_404(Order, access_key=access_key)
    try:
        services.cancel_free_order(order)
    except services.CancelRefused as error:
        refusal, status = str(error), 409
    except services.LockTimeout:
        refusal = _("Many are registering right now. Please try again.")
        status = 503
    else:
        response = redirect("tickets:order", access_key=order.access_key)
        response.status_code = 303
        return response
    return render(
        request,
        "tickets/order.html",
        {
            "order": order,
            "lines": order.lines.all(),
            "tickets": order.tickets.all(),
            "refusal": refusal,
        },
        status=status,
    )


@never_cache
@login_required
@require_POST
def recommendations(request):
    """The toggle on my page: suggestions from my purchases on or off."""
    form = RecommendationsForm(request.POST)
    if form.is_valid():
        enabled = form.cleaned_data["enabled"]
        services.set_recommendations(request.user, enabled)
        messages.success(
            request,
            _("Suggestions from your purchases are on.")
            if enabled
            else _("Suggestions are off. We derive nothing from your purchases."),
        )
    return redirect(reverse("accounts:my_page") + "#my-page-recommendations")


@csrf_exempt
@require_POST
def stripe_webhook(request):
    """``stripe/webhook/``: Stripe's events. A bad or missing signature is a
    400; an event already handled or about an unknown session a 200; a lock
    not had in time, or Stripe not answering when the session is read back,
    a 503 so that Stripe tries again."""
    try:
        event = gateway.parse_event(
            request.body, request.headers.get("Stripe-Signature")
        )
    except (ValueError, gateway.SignatureVerificationError):
        return HttpResponse("Invalid signature.", status=400, content_type="text/plain")
    try:
        outcome = services.handle_stripe_event(event)
    except services.LockTimeout:
        logger.warning("Stripe event %s: lock not had in time.", event.id)
        return HttpResponse("Busy, retry.", status=503, content_type="text/plain")
    except gateway.StripeError:
        logger.warning("Stripe event %s: could not read it back.", event.id)
        return HttpResponse(
            "Stripe unreachable.", status=503, content_type="text/plain"
        )
    logger.info("Stripe event %s (%s): %s", event.id, event.type, outcome)
    return HttpResponse(outcome, content_type="text/plain")


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def waiting_list(request, performance_id):
    """``venteliste/<id>/``: join the waiting list of a sold-out
    performance. A visitor under 15 gives a guardian's address instead, and
    nothing is stored but the guardian's pending request."""
    performance = get_object_or_404(
        Performance.objects.published().select_related("event", "hall"),
        pk=performance_id,
    )
    sales = PerformanceSales.objects.filter(pk=performance.pk).first()
    is_open = services.waiting_list_open(performance, sales)
    form = WaitingListForm(
        request.POST if request.method == "POST" else None,
        wheelchair_places=performance.wheelchair_places,
    )
    status, joined = 200, None
    if request.method == "POST":
        if not is_open:
            status = 409
        elif not throttle.allow(
            "tickets.waiting_list",
            client_ip(request),
            limit=conf.WAITING_SIGNUPS_PER_HOUR,
            window=3600,
        ):
            form.add_error(
                None, _("Too many sign-ups from your address. Try again later.")
            )
            status = 429
        elif not form.is_valid():
            status = 400
        elif form.needs_guardian:
            guardians.ask_guardian(
                services.WAITING_LIST_GUARDIAN_PURPOSE,
                guardian_email=form.cleaned_data["guardian_email"],
                child_email=form.cleaned_data["email"],
                data={
                    "performance": performance.pk,
                    "count": form.cleaned_data["quantity"],
                    "wheelchair": form.wheelchair_count,
                    "phone": form.cleaned_data["phone"],
                    "language": translation.get_language(),
                },
                link_base=request.build_absolute_uri("/"),
            )
            return redirect("privacy:guardian_sent")
        else:
            joined = services.join_waiting_list(
                performance,
                email=form.cleaned_data["email"],
                quantity=form.cleaned_data["quantity"],
                wheelchair=form.wheelchair_count,
                phone=form.cleaned_data["phone"],
                language=translation.get_language(),
            )
    return render(
        request,
        "tickets/waiting_list.html",
        {
            "performance": performance,
            "event": performance.event.in_language(translation.get_language()),
            "form": form,
            "is_open": is_open,
            "joined": joined,
            "offer_minutes": conf.WAITING_OFFER_MINUTES,
        },
        status=status,
    )


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def waiting_offer(request, offer_key):
    """``venteliste/tilbud/<key>/``: the seats a waiting-list offer holds,
    bought here (on to Stripe Checkout) or let go to the next person."""
    try:
        entry = services.open_offer(offer_key)
    except services.OfferGone as gone:
        return render(
            request, "tickets/waiting_offer.html", {"gone": str(gone)}, status=410
        )
    performance = entry.performance
    if request.method == "POST" and request.POST.get("action") == "decline":
        services.decline_offer(entry)
        return render(
            request,
            "tickets/waiting_offer.html",
            {"gone": _("Thank you. The seats are offered to the next person.")},
        )
    if performance.event.free_tickets_here:
        return _free_offer(request, entry)
    form = OfferForm(
        request.POST if request.method == "POST" else None,
        categories=list(performance.event.price_categories.all()),
        wheelchair_places=entry.offered_wheelchair,
        wheelchair_left=entry.offered_wheelchair,
        initial={**_buyer_initial(request.user), "email": entry.email},
    )
    refusal, status = "", 200
    if request.method == "POST":
        if not form.is_valid():
            status = 400
        else:
            redirect_to, refusal, status = _to_checkout(
                request,
                lambda: services.claim_offer(
                    entry,
                    form.quantities,
                    wheelchair=form.wheelchair_quantities,
                    name=form.cleaned_data["name"],
                    email=form.cleaned_data["email"],
                    user=request.user,
                    language=translation.get_language(),
                ),
            )
            if redirect_to:
                return redirect_to
    return render(
        request,
        "tickets/waiting_offer.html",
        {
            "entry": entry,
            "performance": performance,
            "event": performance.event.in_language(translation.get_language()),
            "form": form,
            "refusal": refusal,
        },
        status=status,
    )


def _free_offer(request, entry):
    """A waiting-list offer of a free event: the offered places as free
    tickets, confirmed at once."""
    performance = entry.performance
    form = FreeTicketForm(
        request.POST if request.method == "POST" else None,
        wheelchair_places=entry.offered_wheelchair,
        wheelchair_left=entry.offered_wheelchair,
        limit=entry.offered_quantity,
        initial={
            **_buyer_initial(request.user),
            "email": entry.email,
            "quantity": entry.offered_quantity,
        },
    )
    refusal, status = "", 200
    if request.method == "POST":
        if not form.is_valid():
            status = 400
        else:
            response, refusal, status = _to_free_order(
                lambda: services.claim_free_offer(
                    entry, **_free_order_details(request, form)
                )
            )
            if response:
                return response
    return render(
        request,
        "tickets/waiting_offer.html",
        {
            "entry": entry,
            "performance": performance,
            "event": performance.event.in_language(translation.get_language()),
            "form": form,
            "free": True,
            "refusal": refusal,
        },
        status=status,
    )


def _free_order_details(request, form):
    """The free-ticket form's answers as the free-ticket services take them."""
    return {
        "count": form.cleaned_data["quantity"],
        "wheelchair": form.wheelchair_count,
        "name": form.cleaned_data["name"],
        "email": form.cleaned_data["email"],
        "user": request.user,
        "language": translation.get_language(),
    }


def _to_free_order(make_order):
    """Make the free order (``make_order()``) and show it: (the redirect to
    the order, "", 303), or (None, why not, its status) when refused or the
    seats' lock is busy. The free twin of ``_to_checkout``."""
    try:
        order = make_order()
    except services.SaleRefused as error:
        return None, str(error), 409
    except services.LockTimeout:
        return None, _("Many are registering right now. Please try again."), 503
    response = redirect("tickets:order", access_key=order.access_key)
    response.status_code = 303
    return response, "", 303


def _to_checkout(request, make_order):
    """Make the order (``make_order()``) and send the buyer on to Stripe
    Checkout: (the redirect, "", 303), or (None, why not, its status) when
    the sale is refused or the payment service cannot be reached."""
    try:
        order = make_order()
        order_url = request.build_absolute_uri(
            reverse("tickets:order", args=[order.access_key])
        )
        checkout_url = services.start_checkout(
            order, success_url=order_url, cancel_url=order_url + "avbryt/"
        )
    except services.SaleRefused as error:
        return None, str(error), 409
    except services.CheckoutUnavailable:
        return (
            None,
            _(
                "We could not reach the payment service. Nothing was "
                "charged; please try again in a little while."
            ),
            503,
        )
    return HttpResponseRedirect(checkout_url, status=303), "", 303


@require_safe
def terms_of_sale(request):
    """``/billetter/kjopsvilkar/`` and ``/en/tickets/terms-of-sale/``: the
    venue's terms of sale in the language of the address (as a page is),
    its Norwegian ones marked as such while they have no English
    translation, or the site's default terms when it wrote none."""
    return render(
        request,
        "tickets/terms_of_sale.html",
        {
            "terms": TermsOfSale.for_language(translation.get_language()),
            "venue": VenueSettings.current(),
        },
    )
