"""Public views of the privacy app: requests about one's data, the signed
export downloads, cookie consent and the acknowledgement of a changed
privacy statement. Nothing here is cached by anyone: every response says
``private, no-store``. (The privacy statement itself is a Wagtail page.)"""

from urllib.parse import urlsplit

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core import signing
from django.http import (
    FileResponse,
    Http404,
    HttpResponseBadRequest,
    HttpResponseForbidden,
    JsonResponse,
)
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import (
    require_http_methods,
    require_POST,
    require_safe,
)

from home.client_ip import client_ip
from home.security import token_in_url

from . import consent as consent_services
from . import cookies, guardians, policy, restrictions, services
from .conf import conf
from .export_schema import export_schema as build_export_schema
from .forms import (
    AcknowledgeForm,
    ConsentForm,
    PrivacyRequestForm,
    RestrictMyDataForm,
)
from .models import (
    ConsentRecord,
    DataExport,
    PolicyVersion,
    RequestAction,
    Restriction,
    RightsRequest,
)
from .registry import Subject
from .tokens import read_download_token, read_request_token


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def request_form(request):
    """Ask for an address; mail it a confirmation link. The answer is the
    same whether or not we hold anything about the address."""
    form = PrivacyRequestForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"]
        if not services.allow_request(client_ip(request)):
            return render(request, "privacy/request_throttled.html", status=429)
        services.submit_request(
            email, form.cleaned_data["action"], form.cleaned_data["details"]
        )
        return redirect("privacy:request_sent")
    return render(
        request,
        "privacy/request_form.html",
        {"form": form, "due_days": conf.REQUEST_DUE_DAYS},
    )


@never_cache
@require_safe
def request_sent(request):
    return render(
        request, "privacy/request_sent.html", {"link_hours": conf.REQUEST_LINK_HOURS}
    )


@never_cache
@token_in_url
@require_http_methods(["GET", "HEAD", "POST"])
def request_confirm(request, token):
    """The link from the confirmation mail. Opening it shows what will
    happen; the button (a POST, so that mail scanners following links do
    nothing) carries it out."""
    try:
        confirmed = read_request_token(token)
    except signing.SignatureExpired:
        return render(
            request, "privacy/link_expired.html", {"kind": "request"}, status=410
        )
    except signing.BadSignature as error:
        raise Http404 from error
    if confirmed.action not in RequestAction.values:
        raise Http404
    if confirmed.action != RequestAction.EXPORT and not confirmed.request_id:
        raise Http404
    if request.method == "POST":
        outcome = services.carry_out_request(confirmed)
        if outcome is None:
            raise Http404
        response = render(
            request,
            "privacy/request_confirmed.html",
            {
                "export": outcome if confirmed.action == RequestAction.EXPORT else None,
                "rights_request": None
                if confirmed.action == RequestAction.EXPORT
                else outcome,
                "link_days": conf.EXPORT_LINK_DAYS,
                "due_days": conf.REQUEST_DUE_DAYS,
            },
        )
    else:
        response = render(
            request,
            "privacy/request_confirm.html",
            {
                "email": confirmed.email,
                "action_label": RequestAction(confirmed.action).label,
                # So the owner sees that what waits is what they wrote.
                "details": RightsRequest.objects.filter(pk=confirmed.request_id)
                .values_list("details", flat=True)
                .first()
                if confirmed.request_id
                else "",
            },
        )
    return response


@never_cache
@token_in_url
@require_safe
def export_download(request, token):
    """Serve an export's ZIP. An account's export goes to that account,
    logged in (anyone else: 404; not logged in: the login page); an export
    for an address goes to whoever holds the signed link. Only the owner
    learns that a link has expired (410)."""
    try:
        parsed = read_download_token(token)
    except signing.BadSignature as error:
        raise Http404 from error
    export = DataExport.objects.filter(pk=parsed.export_id).first()
    if export is None or export.is_orphaned:
        raise Http404
    if export.user_id is not None:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if request.user.pk != export.user_id:
            raise Http404
    if export.status not in (DataExport.Status.READY, DataExport.Status.EXPIRED):
        raise Http404
    if parsed.expired or not export.is_downloadable:
        return render(
            request, "privacy/link_expired.html", {"kind": "export"}, status=410
        )
    # Streamed from the private storage (a local folder or a private bucket)
    # through this view rather than redirected to a signed bucket URL: the
    # owner's session and the link's expiry are checked on every download,
    # the bucket's address never reaches the browser or the CSP, and no
    # bearer URL to a person's data lingers in histories or proxy logs.
    try:
        fileobj = services.open_export(export)
    except FileNotFoundError as error:
        raise Http404 from error
    return FileResponse(
        fileobj,
        as_attachment=True,
        filename=services.download_filename(export),
        content_type="application/zip",
    )


# Cookie consent ----------------------------------------------------------------


def _same_origin(request) -> bool:
    """Whether a POST without a CSRF token comes from our own pages (the
    banner is on cached pages, which carry no token). Browsers say where a
    request comes from in Sec-Fetch-Site and Origin; a cross-site post must
    not change anyone's choice."""
    fetch_site = request.headers.get("Sec-Fetch-Site")
    if fetch_site is not None and fetch_site not in ("same-origin", "none"):
        return False
    origin = request.headers.get("Origin")
    if origin is not None:
        # The host alone: a proxy that hides the scheme must not refuse us.
        return urlsplit(origin).netloc == request.get_host()
    return True


def _safe_next(request, fallback):
    target = request.POST.get("next") or request.GET.get("next") or ""
    # A path on this site only: redirect() takes a bare word for a view name
    # (next=on was a server error).
    if target.startswith("/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


@csrf_exempt
@never_cache
@require_POST
def consent(request):
    """The banner's buttons: record the choice, set the consent cookie, and
    answer with JSON (the script) or a redirect back (a plain form)."""
    if not _same_origin(request):
        return HttpResponseForbidden(_("Cookie choices are made on our own pages."))
    form = ConsentForm(request.POST)
    if not form.is_valid():
        return HttpResponseBadRequest(_("Unknown choice."))
    statistics, marketing = form.choices()
    record = consent_services.record_consent(
        statistics=statistics, marketing=marketing, user=request.user
    )
    if request.headers.get("Accept", "").startswith("application/json"):
        response = JsonResponse(
            {
                "statistics": record.statistics,
                "marketing": record.marketing,
                "value": consent_services.cookie_value(record),
            }
        )
    else:
        response = redirect(_safe_next(request, reverse("privacy:cookies")))
    return consent_services.set_consent_cookie(
        response, record, secure=request.is_secure()
    )


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def cookie_settings(request):
    """The page to see every cookie and change the choice at any time,
    linked from every footer; works without JavaScript."""
    choice = consent_services.valid_choice(request)
    if request.method == "POST":
        form = ConsentForm(request.POST)
        if form.is_valid():
            statistics, marketing = form.choices()
            record = consent_services.record_consent(
                statistics=statistics,
                marketing=marketing,
                user=request.user,
                source=ConsentRecord.Source.SETTINGS,
            )
            response = redirect(reverse("privacy:cookies") + "?lagret=1")
            return consent_services.set_consent_cookie(
                response, record, secure=request.is_secure()
            )
        status = 400
    else:
        form = ConsentForm(
            initial={
                "statistics": bool(choice and choice.statistics),
                "marketing": bool(choice and choice.marketing),
            }
        )
        status = 200
    return render(
        request,
        "privacy/cookie_settings.html",
        {
            "form": form,
            "choice": choice,
            "saved": request.GET.get("lagret") == "1",
            "categories": cookies.by_category(),
            "consent_days": conf.CONSENT_DAYS,
        },
        status=status,
    )


# Notices of change ------------------------------------------------------------


@never_cache
@login_required
@require_POST
def acknowledge(request):
    """The logged-in banner's "I have read it": recorded with the time."""
    form = AcknowledgeForm(request.POST)
    if not form.is_valid():
        return HttpResponseBadRequest(_("Unknown version."))
    version = PolicyVersion.objects.filter(number=form.cleaned_data["version"]).first()
    if version is None:
        raise Http404
    policy.acknowledge(request.user, version)
    return redirect(_safe_next(request, "/"))


@never_cache
@require_safe
def guardian_sent(request):
    """Where a younger visitor lands: nothing is done until the guardian
    agrees."""
    return render(
        request,
        "privacy/guardian_sent.html",
        {"link_days": conf.GUARDIAN_LINK_DAYS, "age": conf.CONSENT_AGE},
    )


@never_cache
@token_in_url
@require_http_methods(["GET", "HEAD", "POST"])
def guardian_confirm(request, token):
    """The link in the guardian's mail. Opening it shows what the child
    asked for; the button (a POST, so that mail scanners following links
    agree to nothing) carries it out."""
    pending = guardians.read_token(token)
    purpose = guardians.get_purpose(pending.purpose) if pending else None
    if purpose is None:
        return render(
            request,
            "privacy/guardian_confirm.html",
            {"invalid": True, "link_days": conf.GUARDIAN_LINK_DAYS},
            status=404,
        )
    if request.method == "POST":
        guardians.confirm(pending, request)
    return render(
        request,
        "privacy/guardian_confirm.html",
        {
            "pending": pending,
            "purpose": purpose,
            "child": pending.child_name or pending.child_email,
            "age": conf.CONSENT_AGE,
        },
    )


def _my_page_restriction():
    return redirect(reverse("accounts:my_page") + "#my-page-restriction")


@never_cache
@login_required
@require_POST
def restrict_my_data(request):
    """My page: restrict processing of my data (kept, not used)."""
    form = RestrictMyDataForm(request.POST)
    if not form.is_valid():
        return HttpResponseBadRequest(_("The reason is too long."))
    services.restrict(
        Subject.for_user(request.user),
        reason=form.cleaned_data["reason"] or _("Asked for by the person."),
        by_person=True,
    )
    messages.success(
        request,
        _("We keep your data but do not use it until the restriction is lifted."),
    )
    return _my_page_restriction()


@never_cache
@login_required
@require_POST
def lift_my_restriction(request):
    """My page: lift a restriction I placed myself (one an editor placed
    is lifted by an editor, who tells the person first)."""
    current = (
        restrictions.active_for(request.user)
        .filter(source=Restriction.Source.PERSON)
        .first()
    )
    if current is None:
        return HttpResponseBadRequest(_("You have no restriction you can lift."))
    services.lift_restriction(
        current, reason=_("Lifted by the person."), editor=request.user
    )
    messages.success(request, _("The restriction is lifted."))
    return _my_page_restriction()


@never_cache
@require_safe
def export_schema(request):
    """The JSON Schema of an export's data.json, for services that read it."""
    return JsonResponse(
        build_export_schema(services.export_schema_url()),
        json_dumps_params={"ensure_ascii": False, "indent": 2},
        content_type="application/schema+json",
    )
