"""Admin views of restrictions of processing (GDPR art. 18): who is
restricted and why, placing a restriction for a person, and lifting one
(who, when and why are recorded). Each view parses input, calls a service
and responds."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe
from wagtail.admin.auth import permission_required

from . import restrictions
from .admin_forms import LiftForm, RestrictForm, RestrictionFilterForm
from .models import Restriction
from .registry import Subject

can_restrict = permission_required("privacy.change_rightsrequest")


def _listed(show):
    listed = Restriction.objects.all()
    if show == "lifted":
        return listed.exclude(lifted_at=None)
    if show == "all":
        return listed
    return listed.active()


@can_restrict
@require_safe
def restriction_list(request):
    return _render_list(request, RestrictForm(), status=200)


def _render_list(request, form, *, status):
    filter_form = RestrictionFilterForm(request.GET or None)
    show = filter_form.cleaned_data["show"] if filter_form.is_valid() else ""
    page = Paginator(
        _listed(show)
        .select_related("user", "placed_by", "lifted_by")
        .prefetch_related("addresses"),
        50,
    ).get_page(request.GET.get("p"))
    return TemplateResponse(
        request,
        "privacy/admin/restrictions.html",
        {
            "page_title": _("Restrictions of processing"),
            "header_icon": "lock",
            "filter_form": filter_form,
            "show": show,
            "restrictions": page,
            "counts": restrictions.counts(),
            "form": form,
            "lift_form": LiftForm(),
        },
        status=status,
    )


@can_restrict
@require_POST
def restriction_create(request):
    form = RestrictForm(request.POST)
    if form.is_valid():
        subject = Subject.for_verified_email(form.cleaned_data["email"])
        try:
            restrictions.restrict(
                subject, reason=form.cleaned_data["reason"], editor=request.user
            )
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(
                request,
                _("Processing is restricted for %(email)s.")
                % {"email": form.cleaned_data["email"]},
            )
            return redirect("privacy_admin:restrictions")
    return _render_list(request, form, status=400)


@can_restrict
@require_POST
def restriction_lift(request, pk):
    restriction = get_object_or_404(Restriction, pk=pk)
    form = LiftForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say why the restriction is lifted."))
        return redirect("privacy_admin:restrictions")
    restrictions.lift(
        restriction, reason=form.cleaned_data["reason"], editor=request.user
    )
    messages.success(request, _("The restriction is lifted."))
    return redirect("privacy_admin:restrictions")
