"""The subscriber's pages: sign up, confirm, manage, keep (re-consent) and
leave. Each view parses input, calls ``services`` and responds; every
refusal is a page in the site's layout that says why.

The sign-up page and the "check your mail" page are the same for everyone,
so the page cache keeps them: the form holds no CSRF token (static/js/
forms.js fetches one) and the answer never depends on whether the address
was subscribed. Pages reached from a mail link are private and never
cached."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from accounts.services import participation_block_reason
from home.client_ip import client_ip
from home.csrf import on_csrf_failure

from . import address_changes, links, services, tokens
from .conf import conf
from .forms import AddressForm, DetailsForm, SubscribeForm, UnsubscribeForm
from .models import Suppression

SUBSCRIBE_VIEW = "newsletter:subscribe"
MY_PAGE_ANCHOR = "#my-page-newsletter"


def _language():
    language = translation.get_language() or ""
    return language.split("-")[0]


def _subscribe_page(request, form, *, status=200, title="", message="", token=False):
    version = services.shown_policy_version(
        form["policy_version"].value() if form.is_bound else None
    )
    if not form.is_bound:
        form = SubscribeForm(
            initial={"policy_version": version.number if version else None}
        )
    return render(
        request,
        "newsletter/subscribe.html",
        {
            "form": form,
            "policy_version": version,
            "consent_text": services.consent_text(
                policy_version=version, language=_language()
            ),
            "title": title,
            "message": message,
            "with_token": token,
            "confirm_days": conf.CONFIRM_DAYS,
        },
        status=status,
    )


def _message_page(request, title, message, *, status=200, template=None, **context):
    return render(
        request,
        template or "newsletter/message.html",
        {"title": title, "message": message, **context},
        status=status,
    )


# Lazy: the language is the request's, not the one at import.
NOT_SUBSCRIBED = gettext_lazy("This address does not receive the newsletter.")
ENDED_SUBSCRIPTION = gettext_lazy(
    "The subscription this link was sent for has ended. If you still receive "
    "the newsletter, use the link in the latest one; you are also welcome to "
    "sign up again."
)


def _bad_link(request):
    return _message_page(
        request,
        _("This link does not work"),
        _(
            "The link is incomplete or has been changed. Open it again from "
            "the mail, or copy the whole address into the browser."
        ),
        status=400,
    )


@require_http_methods(["GET", "HEAD", "POST"])
def subscribe(request):
    """``/nyhetsbrev/``: the sign-up page; the footer's box posts here too.
    A valid sign-up always lands on the same "check your mail" page."""
    if request.method != "POST":
        return _subscribe_page(request, SubscribeForm())
    form = SubscribeForm(request.POST)
    reason = participation_block_reason(request.user)
    if reason:
        return _message_page(request, _("You cannot subscribe yet"), reason, status=403)
    if not form.is_valid():
        return _subscribe_page(
            request,
            form,
            status=400,
            message=_("Please correct what is marked below and send again."),
            token=True,
        )
    data = form.cleaned_data
    ip_address = client_ip(request)
    if not services.allow_sign_up(ip_address):
        return _subscribe_page(
            request,
            form,
            status=429,
            title=_("Too many sign-ups at once"),
            message=_(
                "We have had several sign-ups from your network in the last "
                "hour. Please wait a while and send again."
            ),
            token=True,
        )
    if form.needs_guardian:
        services.ask_guardian_to_sign_up(
            guardian_email=data["guardian_email"],
            email=data["email"],
            name=data["name"],
            phone=data["phone"],
            language=_language(),
            policy_version=services.shown_policy_version(data.get("policy_version")),
            link_base=request.build_absolute_uri("/"),
        )
        return redirect("privacy:guardian_sent")
    services.sign_up(
        email=data["email"],
        name=data["name"],
        phone=data["phone"],
        language=_language(),
        ip_address=ip_address or None,
        user=request.user if request.user.is_authenticated else None,
        policy_version=services.shown_policy_version(data.get("policy_version")),
    )
    return redirect("newsletter:check_mail")


@on_csrf_failure(SUBSCRIBE_VIEW)
def subscribe_again(request, reason=""):
    """A sign-up sent without a valid token (a cached page whose script did
    not run) gets its form back, filled in, with a fresh token."""
    return _subscribe_page(
        request,
        SubscribeForm(request.POST),
        status=403,
        title=_("Please send the form again"),
        message=_(
            "You are not signed up yet: for your security, the form needs a "
            "fresh check. Press Subscribe again."
        ),
        token=True,
    )


@require_http_methods(["GET", "HEAD"])
def check_mail(request):
    """Where every sign-up lands, whatever it did."""
    return render(
        request,
        "newsletter/check_mail.html",
        {"confirm_days": conf.CONFIRM_DAYS},
    )


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def confirm(request, token):
    """The link in the confirmation mail. Opening it shows a button; the
    POST confirms (mail scanners that follow links confirm nothing)."""
    try:
        found = tokens.read_confirm_token(token)
    except signing.SignatureExpired:
        return _message_page(
            request,
            _("The link has expired"),
            _(
                "The confirmation link works for %(days)s days. Sign up "
                "again and we will send you a new one."
            )
            % {"days": conf.CONFIRM_DAYS},
            status=410,
            show_subscribe=True,
        )
    except signing.BadSignature:
        return _bad_link(request)
    subscriber = services.subscriber_for_token(found)
    if subscriber is None:
        return _message_page(
            request,
            _("This sign-up is no longer here"),
            _(
                "It was not confirmed in time, or the address has been "
                "unsubscribed since. You are welcome to sign up again."
            ),
            status=404,
            show_subscribe=True,
        )
    if request.method == "POST":
        services.confirm(subscriber)
        return _message_page(
            request,
            _("You are subscribed"),
            _("Thank you! The programme newsletter will come to %(email)s.")
            % {"email": subscriber.email},
            manage_url=links.manage_url(subscriber),
        )
    return render(
        request,
        "newsletter/confirm.html",
        {"subscriber": subscriber},
    )


def _unsubscribe_result(request, found, *, title, message):
    return _message_page(
        request,
        title,
        message,
        template="newsletter/unsubscribed.html",
        suppressed=Suppression.objects.filter(email_hash=found.address_hash).exists()
        or bool(found.email and services.is_suppressed(found.email)),
    )


@csrf_exempt
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request, token):
    """The unsubscribe link of every mail. GET shows one button; a POST to
    the same address unsubscribes at once, with or without cookies and CSRF
    token, so that mail programs' one-click unsubscribe works (RFC 8058:
    ``List-Unsubscribe=One-Click`` in the body). The token is the proof;
    a link used again says "not subscribed", not an error. The token holds
    no address (home/tokens.py), so once the subscription is gone the pages
    speak of "this address" without showing it."""
    try:
        found = tokens.read_unsubscribe_token(token)
    except signing.BadSignature:
        return _bad_link(request)
    email = found.email
    if request.method == "POST":
        form = UnsubscribeForm(request.POST)
        never_again = form.is_valid() and form.cleaned_data["never_again"]
        was_subscribed = bool(email) and services.unsubscribe(email)
        if never_again:
            services.suppress_by_hash(found.address_hash)
        if was_subscribed:
            title, message = (
                _("You are unsubscribed"),
                _(
                    "We will not send the newsletter to %(email)s again, and "
                    "we have deleted what we knew about you as a subscriber."
                )
                % {"email": email},
            )
        else:
            title, message = _("You are not subscribed"), NOT_SUBSCRIBED
        return _unsubscribe_result(request, found, title=title, message=message)
    if email is None:
        return _unsubscribe_result(
            request, found, title=_("You are not subscribed"), message=NOT_SUBSCRIBED
        )
    return render(
        request,
        "newsletter/unsubscribe.html",
        {"email": email, "form": UnsubscribeForm()},
    )


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def manage(request, token):
    """ "Manage my subscription", linked from every mail: name, mobile
    number, language, and the way out. A visit is a sign of life."""
    subscriber, answer = _managed_subscriber(request, token)
    if answer:
        return answer
    if request.method == "POST":
        form = DetailsForm(request.POST)
        if form.is_valid():
            services.update_details(subscriber, **form.cleaned_data)
            messages.success(request, _("Your changes are saved."))
            return redirect(request.path)
        status = 400
    else:
        if request.method == "GET":
            services.touch(subscriber)
        form = _details_form(subscriber)
        status = 200
    return _manage_page(request, subscriber, form, AddressForm(), status=status)


def _managed_subscriber(request, token, *, ended_status=200):
    """(the subscriber, None) for a good manage link, or (None, the page to
    answer with): a bad link, or a subscription that has ended."""
    try:
        found = tokens.read_manage_token(token)
    except signing.BadSignature:
        return None, _bad_link(request)
    subscriber = services.subscriber_for_token(found)
    if subscriber is None:
        return None, _message_page(
            request,
            _("You are not subscribed"),
            ENDED_SUBSCRIPTION,
            status=ended_status,
            show_subscribe=True,
        )
    return subscriber, None


def _details_form(subscriber):
    return DetailsForm(
        initial={
            "name": subscriber.name,
            "phone": subscriber.phone,
            "language": subscriber.language,
        }
    )


def _manage_page(request, subscriber, form, address_form, *, status):
    return render(
        request,
        "newsletter/manage.html",
        {
            "subscriber": subscriber,
            "form": form,
            "address_form": address_form,
            "waiting_change": subscriber.address_changes.first(),
            "manage_token": tokens.manage_token(subscriber),
            "unsubscribe_url": links.unsubscribe_url(subscriber, request=request),
        },
        status=status,
    )


@never_cache
@require_POST
def change_address(request, token):
    """From the manage page: the subscriber's new address, which takes
    effect once its owner confirms it from the link mailed to it."""
    subscriber, answer = _managed_subscriber(request, token, ended_status=404)
    if answer:
        return answer
    address_form = AddressForm(request.POST)
    if address_form.is_valid():
        new_email = address_form.cleaned_data["email"]
        if new_email == subscriber.email:
            address_form.add_error("email", _("The newsletter already goes there."))
        else:
            address_changes.request_change(subscriber, new_email)
            messages.success(
                request,
                _(
                    "We have mailed a link to %(email)s. The newsletter keeps "
                    "coming to %(old)s until it is used."
                )
                % {"email": new_email, "old": subscriber.email},
            )
            return redirect("newsletter:manage", token)
    return _manage_page(
        request, subscriber, _details_form(subscriber), address_form, status=400
    )


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def confirm_address(request, token):
    """The link mailed to a new address. Opening it shows a button; the
    POST makes the change (mail scanners that follow links change
    nothing)."""
    try:
        change = tokens.read_address_token(token)
    except signing.SignatureExpired:
        return _message_page(
            request,
            _("The link has expired"),
            _(
                "The link works for %(days)s days. Ask for the change again "
                "from the newsletter's manage link."
            )
            % {"days": conf.CONFIRM_DAYS},
            status=410,
        )
    except signing.BadSignature:
        return _bad_link(request)
    if change is None:
        return _message_page(
            request,
            _("This change is no longer waiting"),
            _(
                "It was confirmed already, replaced by a newer one, or the "
                "subscription has ended."
            ),
            status=404,
        )
    if request.method == "POST":
        try:
            subscriber = address_changes.confirm_change(change)
        except ValidationError as error:
            return _message_page(
                request, _("Nothing was changed"), error.messages[0], status=409
            )
        return _message_page(
            request,
            _("Your address is changed"),
            _("The programme newsletter will come to %(email)s from now on.")
            % {"email": subscriber.email},
            manage_url=links.manage_url(subscriber),
        )
    return render(request, "newsletter/confirm_address.html", {"change": change})


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def reconsent(request, token):
    """ "Keep me subscribed" from the re-consent mail: the button (a POST)
    records a fresh consent and a sign of life."""
    try:
        found = tokens.read_reconsent_token(token)
    except signing.BadSignature:
        return _bad_link(request)
    subscriber = services.subscriber_for_token(found)
    if subscriber is None:
        return _message_page(
            request,
            _("You are not subscribed"),
            ENDED_SUBSCRIPTION,
            show_subscribe=True,
        )
    if request.method == "POST":
        services.keep(
            subscriber, ip_address=client_ip(request) or None, language=_language()
        )
        return _message_page(
            request,
            _("Thank you, you stay subscribed"),
            _("The programme newsletter will keep coming to %(email)s.")
            % {"email": subscriber.email},
            manage_url=links.manage_url(subscriber),
        )
    version = services.current_policy_version()
    return render(
        request,
        "newsletter/reconsent.html",
        {
            "subscriber": subscriber,
            "policy_version": version,
            "consent_text": services.consent_text(
                policy_version=version, language=_language()
            ),
            "unsubscribe_url": links.unsubscribe_url(subscriber, request=request),
        },
    )


@login_required
@require_POST
def my_subscription(request):
    """My page's newsletter section: subscribe with the account's address,
    change the details, or unsubscribe."""
    back = redirect(reverse("accounts:my_page") + MY_PAGE_ANCHOR)
    action = request.POST.get("action")
    subscriber = services.subscriber_for_user(request.user)
    if action == "unsubscribe":
        if subscriber is not None:
            services.unsubscribe(subscriber.email)
            messages.success(
                request,
                _("You are unsubscribed, and your subscriber details are deleted."),
            )
        return back
    form = DetailsForm(request.POST)
    if not form.is_valid():
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            for error in errors:
                messages.error(request, f"{label}: {error}" if label else error)
        return back
    data = form.cleaned_data
    if action == "subscribe" or subscriber is None:
        try:
            services.subscribe_account(
                request.user,
                name=data["name"],
                phone=data["phone"],
                language=data["language"],
                ip_address=client_ip(request) or None,
            )
        except services.CannotSubscribe as error:
            messages.error(request, str(error))
            return back
        messages.success(request, _("You are subscribed to the newsletter."))
        return back
    services.update_details(subscriber, **data)
    messages.success(request, _("Your newsletter details are saved."))
    return back
