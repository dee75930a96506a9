"""Admin views of the privacy app: the queue of rights requests, and the
notices sent for each version of the privacy statement. Each view parses
input, calls a service and responds."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import (
    require_http_methods,
    require_POST,
    require_safe,
)
from wagtail.admin.auth import permission_required

from . import policy, rights, services, statement
from .admin_forms import EnterRequestForm, NoteForm, QueueFilterForm, StatusForm
from .models import PolicyVersion, PrivacyPolicyPage, RightsRequest

can_handle = permission_required("privacy.change_rightsrequest")
can_view_versions = permission_required("privacy.view_policyversion")


def _queue(status):
    requests = RightsRequest.objects.all()
    if status == "all":
        return requests
    if status == "overdue":
        return requests.overdue()
    if status:
        return requests.filter(status=status)
    return requests.open()


@can_handle
@require_safe
def request_queue(request):
    form = QueueFilterForm(request.GET or None)
    status = form.cleaned_data["status"] if form.is_valid() else ""
    page = Paginator(_queue(status).order_by("due_at", "created_at"), 50).get_page(
        request.GET.get("p")
    )
    return TemplateResponse(
        request,
        "privacy/admin/request_queue.html",
        {
            "page_title": _("Rights requests"),
            "header_icon": "mail",
            "filter_form": form,
            "status": status,
            "requests": page,
            "counts": rights.counts(),
        },
    )


@can_handle
@require_http_methods(["GET", "HEAD", "POST"])
def request_enter(request):
    """A request that came by phone, letter or email, entered on the
    person's behalf with how their identity was checked."""
    form = EnterRequestForm(
        request.POST or None, initial={"language": settings.LANGUAGE_CODE}
    )
    if request.method == "POST" and form.is_valid():
        try:
            entered = rights.enter_request(editor=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The request is in the queue."))
            return _back(entered.pk)
    return TemplateResponse(
        request,
        "privacy/admin/request_enter.html",
        {
            "page_title": _("Enter a request received by phone, letter or email"),
            "header_icon": "mail",
            "form": form,
        },
        status=400 if form.is_bound else 200,
    )


def _erasure_context(rights_request) -> dict:
    """What erasing would cover, for the editor to confirm: the account the
    address belongs to (deleted with everything it holds), and the rows of
    each kind of data."""
    if (
        not rights_request.email
        or rights_request.redacted
        or rights_request.status == RightsRequest.Status.UNCONFIRMED
    ):
        return {"erasure_account": None, "erasure_preview": []}
    subject = rights.request_subject(rights_request)
    return {
        "erasure_account": subject.user,
        "erasure_preview": [
            (kind, count) for kind, count in services.erasure_preview(subject) if count
        ],
    }


@can_handle
@require_safe
def request_detail(request, pk):
    rights_request = get_object_or_404(RightsRequest, pk=pk)
    return TemplateResponse(
        request,
        "privacy/admin/request_detail.html",
        {
            "page_title": str(rights_request),
            "header_icon": "mail",
            "rights_request": rights_request,
            "events": rights_request.events.select_related("editor"),
            "status_form": StatusForm(
                initial={
                    "status": rights_request.status,
                    "reason": rights_request.reason,
                }
            ),
            "note_form": NoteForm(),
            **_erasure_context(rights_request),
        },
    )


def _back(pk):
    return redirect("privacy_admin:request", pk=pk)


@can_handle
@require_POST
def request_status(request, pk):
    rights_request = get_object_or_404(RightsRequest, pk=pk)
    form = StatusForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return _back(pk)
    try:
        rights.set_status(
            rights_request,
            form.cleaned_data["status"],
            editor=request.user,
            reason=form.cleaned_data["reason"],
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Status saved."))
    return _back(pk)


@can_handle
@require_POST
def request_note(request, pk):
    rights_request = get_object_or_404(RightsRequest, pk=pk)
    form = NoteForm(request.POST)
    if form.is_valid():
        rights.add_note(rights_request, form.cleaned_data["note"], editor=request.user)
        messages.success(request, _("Note added."))
    else:
        messages.error(request, _("Write a note first."))
    return _back(pk)


@can_handle
@require_POST
def request_export(request, pk):
    rights_request = get_object_or_404(RightsRequest, pk=pk)
    try:
        rights.export_for_request(rights_request, editor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("The export is being built; the requester gets the link.")
        )
    return _back(pk)


@can_handle
@require_POST
def request_erase(request, pk):
    rights_request = get_object_or_404(RightsRequest, pk=pk)
    if request.POST.get("confirm") != "yes":
        messages.error(request, _("Tick the box to confirm the erasure."))
        return _back(pk)
    account = request.POST.get("account", "")
    try:
        rights.erase_for_request(
            rights_request,
            editor=request.user,
            confirmed_account_id=int(account) if account.isdecimal() else None,
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("The data was erased; the request is kept, redacted, and marked done."),
        )
    return _back(pk)


@can_view_versions
@require_safe
def versions(request):
    rows = [
        (version, policy.delivery_counts(version))
        for version in PolicyVersion.objects.select_related("page").order_by("-number")[
            :50
        ]
    ]
    return TemplateResponse(
        request,
        "privacy/admin/versions.html",
        {
            "page_title": _("Privacy statement versions"),
            "header_icon": "lock",
            "rows": rows,
            "can_retry": request.user.has_perm("privacy.change_policyversion"),
        },
    )


@permission_required("privacy.change_policyversion")
@require_POST
def retry_notices(request, pk):
    version = get_object_or_404(PolicyVersion, pk=pk)
    count = policy.retry_failed_notices(version)
    messages.success(
        request,
        _("%(count)s failed notice(s) will be sent again.") % {"count": count},
    )
    return redirect("privacy_admin:versions")


@require_http_methods(["GET", "HEAD", "POST"])
def drift(request, pk):
    """What the code declares differently from the published privacy
    statement (GET), and the draft of a new version that tells readers
    (POST), for an editor who may edit the page."""
    page = get_object_or_404(PrivacyPolicyPage, pk=pk)
    if not page.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    found = statement.drift(page)
    if request.method == "POST" and not found:
        messages.info(
            request,
            _(
                "The published privacy statement matches the site: there is "
                "nothing to prepare."
            ),
        )
        return redirect("wagtailadmin_pages:edit", page.pk)
    if request.method == "POST":
        statement.prepare_version(page, request.user)
        messages.success(
            request,
            _(
                "A new version is prepared as a draft. Check the summary and "
                "the date, then publish it."
            ),
        )
        return redirect("wagtailadmin_pages:edit", page.pk)
    return TemplateResponse(
        request,
        "privacy/admin/drift.html",
        {
            "page_title": _("Prepare a new version of the privacy statement"),
            "header_icon": "lock",
            "page": page,
            "drift": found,
            "earliest": statement.earliest_effective_date(),
        },
    )
