"""My page and the account pages around it. Each view parses input, calls
``services`` and responds; every response is private and never cached."""

from allauth.account.adapter import get_adapter
from allauth.account.decorators import reauthentication_required
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import (
    require_http_methods,
    require_POST,
    require_safe,
)

from home.security import token_in_url

from . import my_page as my_page_sections
from . import services
from .forms import DeleteAccountForm, ProfileForm


@never_cache
@require_safe
def index(request):
    """``/konto/``: my page (or the login page, through login_required)."""
    return redirect("accounts:my_page")


@never_cache
@login_required
@require_safe
def my_page(request):
    user = request.user
    profile = services.get_profile(user)
    return render(
        request,
        "accounts/my_page.html",
        {
            "sections": my_page_sections.render_context(request),
            "participation_block_reason": services.participation_block_reason(user),
            "profile": profile,
        },
    )


@never_cache
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def profile(request):
    user = request.user
    instance = services.get_profile(user)
    form = ProfileForm(
        request.POST if request.method == "POST" else None,
        instance=instance,
        user=user,
    )
    if request.method == "POST" and not form.is_complete():
        return render(
            request,
            "accounts/profile.html",
            {"form": ProfileForm(instance=instance, user=user), "incomplete": True},
            status=400,
        )
    if request.method == "POST" and form.is_valid():
        _profile, asked_guardian = services.update_profile(
            user, form.cleaned_data, request=request
        )
        messages.success(request, _("Your profile is saved."))
        if asked_guardian:
            messages.info(
                request,
                _("We have sent your guardian an email asking them to confirm."),
            )
        return redirect("accounts:my_page")
    return render(
        request,
        "accounts/profile.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


@never_cache
@login_required
@require_POST
def guardian_resend(request):
    if services.resend_guardian_request(request.user, request=request):
        messages.info(request, _("We have sent your guardian the email again."))
    return redirect("accounts:my_page")


@never_cache
@token_in_url
@require_http_methods(["GET", "HEAD", "POST"])
def guardian_confirm(request, token):
    """The link in the guardian's mail. Opening it shows whose account it is;
    the button (a POST, so that mail scanners following links confirm
    nothing) confirms."""
    profile = services.read_guardian_token(token)
    if profile is None:
        raise Http404
    confirmed = profile.guardian_confirmed_at is not None
    if request.method == "POST":
        services.confirm_guardian(profile)
        confirmed = True
    return render(
        request,
        "accounts/guardian_confirm.html",
        {"profile": profile, "confirmed": confirmed},
    )


@never_cache
@login_required
@reauthentication_required(allow_get=True)
@require_http_methods(["GET", "HEAD", "POST"])
def data(request):
    """``/konto/meg/data/``: the latest copy of my data and its state; a
    POST asks for a new one (after the password, when the last sign-in is
    older than the reauthentication timeout)."""
    if request.method == "POST":
        services.request_data_export(request.user)
        messages.success(
            request,
            _(
                "We are putting together a copy of your data. We will email you "
                "when it is ready to download; it usually takes a minute or two."
            ),
        )
        return redirect("accounts:data")
    return render(
        request, "accounts/data.html", {"export": services.latest_export(request.user)}
    )


@never_cache
@login_required
@reauthentication_required
@require_http_methods(["GET", "HEAD", "POST"])
def delete(request):
    """``/konto/meg/slett/``: what will be deleted and what is kept, the
    choice for comments, and the confirmation. Always behind the password."""
    preview = services.deletion_preview(request.user)
    form = DeleteAccountForm(
        request.POST if request.method == "POST" else None,
        ask_about_comments=services.asks_about_comments(preview),
    )
    if request.method == "POST" and form.is_valid():
        services.delete_account(request.user, **form.erase_options())
        get_adapter(request).logout(request)
        return redirect("accounts:deleted")
    return render(
        request,
        "accounts/delete.html",
        {"form": form, "preview": preview},
        status=400 if form.errors else 200,
    )


@never_cache
@require_safe
def deleted(request):
    return render(request, "accounts/deleted.html")
