"""Admin view of corrections (GDPR art. 16): the record of every correction
with counts at a glance, and a search by address showing what each app
holds for the person that an editor can correct. The correction forms
themselves belong to the apps that hold the data."""

import functools

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpResponseForbidden
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe

from . import rectification
from .models import Rectification
from .registry import Subject

PERMISSION = "privacy.change_rightsrequest"


def privacy_editors_only(view):
    """Only editors who work the privacy queue may correct a person's data;
    anyone else gets a plain 403 (Wagtail would turn ``PermissionDenied``
    into a redirect to the dashboard, which tells a script nothing)."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.has_perm(PERMISSION):
            return HttpResponseForbidden(
                _("Only editors who handle privacy requests can correct data.")
            )
        return view(request, *args, **kwargs)

    return wrapped


can_rectify = privacy_editors_only


class FindForm(forms.Form):
    email = forms.EmailField(
        label=gettext_lazy("The person's email address"),
        max_length=254,
        help_text=gettext_lazy(
            "When it is an account's verified address, the account and "
            "everything under its other addresses are found too."
        ),
    )


@can_rectify
@require_safe
def rectification_list(request):
    find_form = FindForm(request.GET if "email" in request.GET else None)
    found = None
    status = 200
    if find_form.is_bound:
        if find_form.is_valid():
            subject = Subject.for_verified_email(find_form.cleaned_data["email"])
            found = rectification.targets(subject)
        else:
            status = 400
    page = Paginator(Rectification.objects.select_related("editor"), 50).get_page(
        request.GET.get("p")
    )
    return TemplateResponse(
        request,
        "privacy/admin/rectifications.html",
        {
            "page_title": _("Corrections"),
            "header_icon": "edit",
            "find_form": find_form,
            "found": found,
            "rectifications": page,
            "counts": rectification.counts(),
        },
        status=status,
    )


class CorrectionForm(forms.ModelForm):
    """A correction form: the fields an app lets editors correct, and the
    reason, which is required and recorded with the correction."""

    reason = forms.CharField(
        label=gettext_lazy("Why"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy(
            "E.g. the person called and said the name was misspelt. Recorded "
            "with your name and the time; shown in the person's export."
        ),
    )

    def corrected_fields(self) -> list[str]:
        return [name for name in self.changed_data if name != "reason"]


def correct(
    request,
    form,
    *,
    kind,
    user,
    email,
    title,
    description,
    back_url,
    apply=None,
    waiting_field=None,
):
    """The view of one correction form, for the app that holds the data:
    show ``form`` (a :class:`CorrectionForm`); on a valid POST that changes
    something, save it (or call ``apply(form, rectification)`` to save it
    another way, e.g. a new address that waits for confirmation: the record
    then waits too when ``waiting_field`` is among the changes) and record
    who, when, why and which fields, in one transaction. Returns the
    response: the form again with errors (400) or a redirect to
    ``back_url``."""
    if request.method == "POST" and form.is_valid():
        fields = form.corrected_fields()
        if not fields:
            form.add_error(None, _("Nothing was changed."))
        else:
            with transaction.atomic():
                record = rectification.record(
                    kind=kind,
                    record_id=form.instance.pk,
                    fields=fields,
                    reason=form.cleaned_data["reason"],
                    editor=request.user,
                    user=user,
                    # None: the address the row has once corrected.
                    email=form.instance.email if email is None else email,
                    waiting=waiting_field in fields,
                )
                message = apply(form, record) if apply else None
                if apply is None:
                    form.save()
            messages.success(request, message or _("The correction is saved."))
            return redirect(back_url)
    return TemplateResponse(
        request,
        "privacy/admin/correct.html",
        {
            "page_title": title,
            "header_icon": "edit",
            "description": description,
            "form": form,
            "back_url": back_url,
        },
        status=400 if form.errors else 200,
    )
