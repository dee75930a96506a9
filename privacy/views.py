"""Public views of the privacy app: requests from people without an account,
and the signed export downloads. Nothing here is cached by anyone: every
response says ``private, no-store``."""

from django.contrib.auth.views import redirect_to_login
from django.core import signing
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from . import services, throttle
from .conf import conf
from .forms import PrivacyRequestForm
from .models import DataExport, RequestAction
from .tokens import read_download_token, read_request_token


def _no_referrer(response):
    # The URL carries a token; keep it out of Referer headers.
    response["Referrer-Policy"] = "no-referrer"
    return response


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def request_form(request):
    """Ask for an address; mail it a confirmation link. The answer is the
    same whether or not we hold anything about the address."""
    form = PrivacyRequestForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"]
        if not services.allow_request(throttle.client_ip(request), email):
            return render(request, "privacy/request_throttled.html", status=429)
        services.send_request_confirmation(email, form.cleaned_data["action"])
        return redirect("privacy:request_sent")
    return render(request, "privacy/request_form.html", {"form": form})


@never_cache
@require_safe
def request_sent(request):
    return render(
        request, "privacy/request_sent.html", {"link_hours": conf.REQUEST_LINK_HOURS}
    )


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def request_confirm(request, token):
    """The link from the confirmation mail. Opening it shows what will
    happen; the button (a POST, so that mail scanners following links do
    nothing) carries it out."""
    try:
        confirmed = read_request_token(token)
    except signing.SignatureExpired:
        response = render(
            request, "privacy/link_expired.html", {"kind": "request"}, status=410
        )
        return _no_referrer(response)
    except signing.BadSignature as error:
        raise Http404 from error
    if confirmed.action not in RequestAction.values:
        raise Http404
    if request.method == "POST":
        export = services.carry_out_request(confirmed)
        response = render(
            request,
            "privacy/request_confirmed.html",
            {"export": export, "link_days": conf.EXPORT_LINK_DAYS},
        )
    else:
        response = render(
            request,
            "privacy/request_confirm.html",
            {
                "email": confirmed.email,
                "action_label": RequestAction(confirmed.action).label,
            },
        )
    return _no_referrer(response)


@never_cache
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
        response = render(
            request, "privacy/link_expired.html", {"kind": "export"}, status=410
        )
        return _no_referrer(response)
    try:
        fileobj = export.file.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    response = FileResponse(
        fileobj,
        as_attachment=True,
        filename=services.download_filename(export),
        content_type="application/zip",
    )
    return _no_referrer(response)
