"""Rights requests (rectification, erasure, restriction, objection), as
verbs: open one from the public form, confirm it from the mailed link, and
let editors work it through the queue, every step logged with who and when.
Export and erasure of the confirmed address go through the registry."""

import functools
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from home.site_url import site_url

from . import services
from .conf import conf
from .mail import send_privacy_mail
from .models import RequestAction, RightsRequest, RightsRequestEvent
from .registry import Subject
from .tokens import make_request_token

Status = RightsRequest.Status

# Event actions, as logged.
CONFIRMED = "confirmed"
STATUS_CHANGED = "status"
EXPORTED = "exported"
ERASED = "erased"
NOTED = "note"
MAILED = "mailed"
ENTERED = "entered"


def log(request: RightsRequest, action: str, *, editor=None, note="") -> None:
    RightsRequestEvent.objects.create(
        request=request, action=action, editor=editor, note=note
    )


def open_request(email: str, action: str, details: str = "") -> RightsRequest:
    """Store a request (unconfirmed) and mail the address a link to confirm
    it. An unconfirmed request is purged after a few days.

    A waiting request is never changed by a later submission: whoever
    typed the address first may be its owner, and the link mailed to them
    must confirm what they wrote. Sending the same details again (a double
    click) finds the waiting request; other details make a request of their
    own, which waits beside it and is confirmed by its own link. Links for
    an address and kind are mailed at most once per
    ``PRIVACY_REQUEST_MAIL_INTERVAL_MINUTES``, so nobody can flood an
    address, and its owner is never refused for what others asked."""
    email = email.strip().lower()
    details = details.strip()
    language = translation.get_language() or settings.LANGUAGE_CODE
    # Younger than a link's life, so the retention purge of unconfirmed
    # requests cannot take it before a link mailed now runs out.
    request = (
        RightsRequest.objects.filter(
            email=email,
            action=action,
            details=details,
            status=Status.UNCONFIRMED,
            redacted=False,
            created_at__gte=timezone.now() - timedelta(hours=conf.REQUEST_LINK_HOURS),
        )
        .order_by("-created_at")
        .first()
    )
    if request is None:
        request = RightsRequest.objects.create(
            email=email, action=action, details=details, language=language
        )
    if not services.may_mail_confirmation(email, action):
        return request
    token = make_request_token(request.email, action, request.pk)
    send_privacy_mail(
        "request_confirm",
        request.email,
        {
            "url": site_url() + reverse("privacy:request_confirm", args=[token]),
            "action_label": RequestAction(action).label,
            "link_hours": conf.REQUEST_LINK_HOURS,
        },
        language=request.language,
    )
    return request


def enter_request(
    *, email, action, channel, identity_check, editor, details="", language=""
) -> RightsRequest:
    """A request that came by phone, letter, email or in person, entered by
    an editor on the person's behalf. The editor checked who the person is
    (``identity_check`` says how), which stands in for the mailed link: the
    request joins the queue confirmed, due ``PRIVACY_REQUEST_DUE_DAYS``
    later, and its export and erasure work as for any other."""
    identity_check = (identity_check or "").strip()
    if channel == RightsRequest.Channel.WEB:
        raise ValidationError(
            {"channel": _("Requests from the form confirm themselves.")}
        )
    if not identity_check:
        raise ValidationError(
            {"identity_check": _("Say how the person's identity was checked.")}
        )
    now = timezone.now()
    with transaction.atomic():
        request = RightsRequest.objects.create(
            email=email.strip().lower(),
            action=action,
            details=details.strip(),
            language=language or settings.LANGUAGE_CODE,
            channel=channel,
            identity_check=identity_check,
            status=Status.NEW,
            confirmed_at=now,
            due_at=RightsRequest.due_date(now, conf.REQUEST_DUE_DAYS),
        )
        log(
            request,
            ENTERED,
            editor=editor,
            note=f"{request.get_channel_display()}: {identity_check}",
        )
    return request


def confirm_request(request_id: int, email: str) -> RightsRequest | None:
    """The requester opened the link and confirmed: the request joins the
    queue, due ``PRIVACY_REQUEST_DUE_DAYS`` later. Confirming twice changes
    nothing. None when the request is gone (purged or erased)."""
    with transaction.atomic():
        request = (
            RightsRequest.objects.select_for_update()
            .filter(pk=request_id, email__iexact=email, redacted=False)
            .first()
        )
        if request is None:
            return None
        if request.status == Status.UNCONFIRMED:
            now = timezone.now()
            request.status = Status.NEW
            request.confirmed_at = now
            request.due_at = RightsRequest.due_date(now, conf.REQUEST_DUE_DAYS)
            request.save(update_fields=["status", "confirmed_at", "due_at"])
            log(request, CONFIRMED)
    return request


def set_status(request: RightsRequest, status: str, *, editor, reason="") -> None:
    """Move a confirmed request along: in progress, done, or refused (with a
    reason the requester is sent). Closing mails the outcome."""
    if request.status == Status.UNCONFIRMED or status == Status.UNCONFIRMED:
        raise ValidationError(_("An unconfirmed request cannot be worked on."))
    if status == Status.REFUSED and not reason.strip():
        raise ValidationError({"reason": _("Say why the request is refused.")})
    if status == request.status:
        return
    request.status = status
    request.reason = reason.strip() if status == Status.REFUSED else request.reason
    closing = status in (Status.DONE, Status.REFUSED)
    request.closed_at = timezone.now() if closing else None
    request.save(update_fields=["status", "reason", "closed_at"])
    log(
        request,
        STATUS_CHANGED,
        editor=editor,
        note=f"{request.get_status_display()}" + (f": {reason}" if reason else ""),
    )
    if closing and request.email:
        _mail_outcome_on_commit(request, request.email, erased=False)


def add_note(request: RightsRequest, note: str, *, editor) -> None:
    log(request, NOTED, editor=editor, note=note.strip())


def export_for_request(request: RightsRequest, *, editor):
    """Build a copy of the confirmed address's data, with the account it
    belongs to (the same person an erasure would cover); its download link
    is mailed to the requester."""
    if not request.email or request.status == Status.UNCONFIRMED:
        raise ValidationError(_("This request has no confirmed address."))
    export = services.request_export(request_subject(request), email=request.email)
    log(request, EXPORTED, editor=editor)
    return export


def request_subject(request: RightsRequest) -> Subject:
    """Whose data an editor's export or erasure for this request covers: the
    confirmed address,
    and when it is an account's verified address, that account with all it
    holds (the requester proved the address is theirs; so is the account)."""
    return Subject.for_verified_email(request.email)


def erase_for_request(
    request: RightsRequest, *, editor, confirmed_account_id: int | None = None
) -> dict:
    """Erase everything the registry finds for the confirmed address, and
    the account it belongs to, if any (this request is redacted, not
    deleted); mark the request done, and mail the outcome, kind by kind, to
    the address it had.

    ``confirmed_account_id`` is the account the editor was shown and agreed
    to delete (None: they were told there is none). When it differs from
    the account the address belongs to now, nothing is erased: the editor
    must look again."""
    if not request.email or request.status == Status.UNCONFIRMED:
        raise ValidationError(_("This request has no confirmed address."))
    email, language = request.email, request.language
    subject = request_subject(request)
    if subject.user_id != confirmed_account_id:
        raise ValidationError(
            _(
                "Which account this address belongs to has changed since the "
                "page was shown. Check what will be erased, and confirm again."
            )
        )
    if editor is not None and subject.user_id == editor.pk:
        raise ValidationError(
            _("This is your own account: delete it from your own page instead.")
        )
    with transaction.atomic():
        results = services.erase_subject(subject)
        request.refresh_from_db()
        request.status = Status.DONE
        request.closed_at = timezone.now()
        request.save(update_fields=["status", "closed_at"])
        summary = ", ".join(
            f"{key}: {result.deleted}/{result.anonymised}/{result.kept}"
            for key, result in results.items()
            if result.deleted or result.anonymised or result.kept
        )
        log(request, ERASED, editor=editor, note=summary)
    request.language = language
    _mail_outcome_on_commit(
        request,
        email,
        erased=True,
        lines=services.erasure_lines(results),
        account_deleted=subject.user_id is not None,
    )
    return results


def _mail_outcome_on_commit(request, email, *, erased, lines=(), account_deleted=False):
    context = {
        "request": request,
        "action_label": RequestAction(request.action).label,
        "erased": erased,
        "lines": list(lines),
        "account_deleted": account_deleted,
        "refused": request.status == Status.REFUSED,
        "reason": request.reason,
    }
    transaction.on_commit(
        functools.partial(_send_outcome, request.pk, email, context, request.language)
    )


def _send_outcome(request_id, email, context, language):
    if send_privacy_mail("request_outcome", email, context, language=language):
        request = RightsRequest.objects.filter(pk=request_id).first()
        if request is not None:
            log(request, MAILED)


def counts() -> dict[str, int]:
    """At a glance: new, in progress, overdue."""
    open_requests = RightsRequest.objects.open()
    return {
        "new": open_requests.filter(status=Status.NEW).count(),
        "in_progress": open_requests.filter(status=Status.IN_PROGRESS).count(),
        "overdue": RightsRequest.objects.overdue().count(),
    }
