"""What the privacy app does, as verbs: export a person's data, erase it,
and answer requests from people without an account. Views, tasks and other
apps call these; none of them knows which apps hold personal data (the
registry does)."""

import dataclasses
import functools
import logging
import tempfile
from datetime import timedelta

from django.conf import settings
from django.core.files import File
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext

from home.models import VenueSettings
from home.site_url import site_url

from . import export_schema, registry, rights, tasks, throttle
from . import journal as journal_module
from .archive import ArchiveWriter
from .conf import conf
from .mail import send_privacy_mail
from .models import DataExport, RequestAction
from .registry import Erasure, PersonalData, Subject

# Restriction of processing: the verbs other apps ask before using a
# person's data (defined in restrictions.py, offered here with the rest).
from .restrictions import held_q as held_q
from .restrictions import is_restricted as is_restricted
from .restrictions import lift as lift_restriction  # noqa: F401 - offered to other apps
from .restrictions import restrict as restrict
from .storage import local_scratch_dir, private_storage
from .tokens import RequestToken, make_request_token

logger = logging.getLogger(__name__)

PARTIAL_SUFFIX = ".part"


# Export ---------------------------------------------------------------------


def export_subject(subject: Subject, fileobj) -> dict[str, int]:
    """Write ``subject``'s data from every registered kind as a ZIP into the
    binary ``fileobj``: ``data.json`` (one key per kind, each a list of row
    dicts, and ``meta`` naming the published schema), ``data.schema.json``
    (that schema) and ``index.html`` (the same, readable offline).
    Streams row by row; the page's body waits in a nameless temporary file
    (in the private export folder when it is local). Returns the number of
    rows of each kind."""
    writer = ArchiveWriter(
        fileobj,
        subject=subject,
        kinds=registry.kinds(),
        generated_at=timezone.now(),
        site_name=VenueSettings.load().name,
        scratch_dir=local_scratch_dir(private_storage()),
        schema_url=export_schema_url(),
        schema=export_schema.export_schema(export_schema_url()),
    )
    return writer.write()


def export_schema_url() -> str:
    """Where the JSON Schema of ``data.json`` is published."""
    return site_url() + reverse("privacy:export_schema")


def request_export(
    subject: Subject, *, user=None, email: str | None = None
) -> DataExport:
    """Create an export for an account (``user``, defaulting to
    ``subject.user``) or, without one, for ``email``, and build it in the
    background once the transaction commits.

    A second request for the same owner while the first is under way or
    ready and younger than ``PRIVACY_EXPORT_DEDUP_MINUTES`` returns the
    first (a double click, a confirmation link opened twice)."""
    user = user if user is not None else subject.user
    if user is None:
        if email is None and len(subject.emails) == 1:
            (email,) = subject.emails
        if not email:
            raise ValueError("An export needs a user or an email address.")
        email = email.strip().lower()
    else:
        email = ""
    recent = DataExport.objects.in_progress_or_ready().filter(
        created_at__gte=timezone.now() - timedelta(minutes=conf.EXPORT_DEDUP_MINUTES)
    )
    if user is not None:
        recent = recent.filter(user=user)
    else:
        recent = recent.filter(user__isnull=True, email__iexact=email)
    with transaction.atomic():
        existing = recent.order_by("-created_at").first()
        if existing is not None:
            return existing
        export = DataExport.objects.create(
            user=user,
            email=email,
            language=translation.get_language() or settings.LANGUAGE_CODE,
        )
        transaction.on_commit(
            functools.partial(tasks.build_export_task.enqueue, str(export.pk))
        )
    return export


def subject_of(export: DataExport) -> Subject:
    """Whose data an export holds, as of now."""
    if export.user is not None:
        return Subject.for_user(export.user)
    if export.email:
        return Subject.for_email(export.email)
    raise ValueError("This export's account has been deleted.")


def build_export(export_id) -> DataExport | None:
    """Build a pending export's ZIP in the private storage and mark it ready
    with its expiry. Returns None when there is nothing to do (already built
    or being built, or gone): a task delivered twice builds once. Raises on
    failure, leaving the row ``building`` for ``mark_export_failed``."""
    claimed = DataExport.objects.filter(
        pk=export_id, status=DataExport.Status.PENDING
    ).update(status=DataExport.Status.BUILDING)
    if not claimed:
        return None
    export = DataExport.objects.select_related("user").get(pk=export_id)
    subject = subject_of(export)
    name = f"{export.pk.hex}.zip"
    storage = private_storage()
    # Built in a nameless file on this machine, then handed to the private
    # storage (a folder here, or a bucket every machine reads): a crash
    # half way leaves nothing under the export's name.
    with tempfile.TemporaryFile(dir=local_scratch_dir(storage)) as fileobj:
        with translation.override(export.language or settings.LANGUAGE_CODE):
            export_subject(subject, fileobj)
        size = fileobj.tell()
        fileobj.seek(0)
        # A build restarted after a crash writes the same name afresh.
        storage.delete(name)
        name = storage.save(name, File(fileobj, name=name))
    now = timezone.now()
    fields = {
        "status": DataExport.Status.READY,
        "file": name,
        "size": size,
        "ready_at": now,
        "expires_at": now + timedelta(days=conf.EXPORT_LINK_DAYS),
        "error": "",
    }
    updated = DataExport.objects.filter(
        pk=export.pk, status=DataExport.Status.BUILDING
    ).update(**fields)
    if not updated:
        # Erased while it was being built: the file must not outlive the row.
        storage.delete(name)
        return None
    export.refresh_from_db()
    return export


def open_export(export: DataExport):
    """The export's file, opened for reading from the private storage
    wherever it is (raises FileNotFoundError when it is gone)."""
    return private_storage().open(export.file.name, "rb")


def mark_export_failed(export_id, error: BaseException) -> DataExport | None:
    """Record that building an export failed (the row is kept, so the
    person sees it and can ask again)."""
    message = f"{type(error).__name__}: {error}"[:2000]
    DataExport.objects.filter(
        pk=export_id,
        status__in=[DataExport.Status.PENDING, DataExport.Status.BUILDING],
    ).update(status=DataExport.Status.FAILED, error=message)
    return DataExport.objects.filter(pk=export_id).select_related("user").first()


def download_url(export: DataExport) -> str:
    """The absolute, signed download link of an export (for mails)."""
    return site_url() + export.get_download_url()


def download_filename(export: DataExport) -> str:
    day = timezone.localdate(export.ready_at or export.created_at)
    return f"{slugify(gettext('my data'))}-{day.isoformat()}.zip"


def _recipient(export: DataExport) -> str:
    return export.user.email if export.user is not None else export.email


def notify_export_ready(export: DataExport) -> bool:
    """Mail the owner their download link; remember that it went out."""
    recipient = _recipient(export)
    if not recipient or not export.is_downloadable:
        return False
    sent = send_privacy_mail(
        "export_ready",
        recipient,
        {
            "export": export,
            "url": download_url(export),
            "needs_login": export.user_id is not None,
            "link_days": conf.EXPORT_LINK_DAYS,
        },
        language=export.language,
    )
    if sent:
        DataExport.objects.filter(pk=export.pk).update(notified_at=timezone.now())
    return sent


def notify_export_failed(export: DataExport) -> bool:
    recipient = _recipient(export)
    if not recipient:
        return False
    return send_privacy_mail(
        "export_failed",
        recipient,
        {
            "export": export,
            "request_url": site_url() + reverse("privacy:request"),
            "needs_login": export.user_id is not None,
        },
        language=export.language,
    )


def send_pending_export_mails() -> int:
    """Mail the links that could not be mailed when their export was ready
    (the mail server was down); return how many went out now."""
    pending = DataExport.objects.filter(
        status=DataExport.Status.READY,
        notified_at__isnull=True,
        expires_at__gt=timezone.now(),
    ).select_related("user")
    return sum(notify_export_ready(export) for export in pending)


def resume_stale_exports(now=None) -> dict[str, int]:
    """Start again the exports whose worker died (still waiting or being
    built ``PRIVACY_EXPORT_STALE_MINUTES`` after they were asked for), and
    give up on those that never got built within
    ``PRIVACY_EXPORT_GIVE_UP_HOURS``: they are marked failed and their owners
    told, so nobody waits for a link that will not come. A restarted build
    writes its ZIP afresh; ``build_export`` claims a row once."""
    now = now or timezone.now()
    unfinished = DataExport.objects.filter(
        status__in=[DataExport.Status.PENDING, DataExport.Status.BUILDING]
    )
    given_up = 0
    for export_id in unfinished.filter(
        created_at__lt=now - timedelta(hours=conf.EXPORT_GIVE_UP_HOURS)
    ).values_list("pk", flat=True):
        export = mark_export_failed(
            export_id, TimeoutError("The export was never finished.")
        )
        if export is not None:
            notify_export_failed(export)
            given_up += 1
    stale = list(
        unfinished.filter(
            created_at__lt=now - timedelta(minutes=conf.EXPORT_STALE_MINUTES)
        ).values_list("pk", flat=True)
    )
    DataExport.objects.filter(pk__in=stale, status=DataExport.Status.BUILDING).update(
        status=DataExport.Status.PENDING
    )
    for export_id in stale:
        tasks.build_export_task.enqueue(str(export_id))
    return {"restarted": len(stale), "given_up": given_up}


def delete_expired_exports() -> int:
    """Delete the files of exports whose link has expired, and of exports
    whose account is gone, marking them expired; delete the records of
    exports older than ``PRIVACY_EXPORT_RECORD_DAYS`` after expiry; remove
    stray files no ready export points at. Returns how many files went."""
    now = timezone.now()
    stale = DataExport.objects.filter(
        Q(status=DataExport.Status.READY, expires_at__lte=now)
        | Q(user__isnull=True, email="", status=DataExport.Status.READY)
    )
    storage = private_storage()
    deleted = 0
    for export in stale.iterator():
        if export.file:
            storage.delete(export.file.name)
            deleted += 1
        DataExport.objects.filter(pk=export.pk).update(
            status=DataExport.Status.EXPIRED, file=""
        )
    record_limit = now - timedelta(days=conf.EXPORT_LINK_DAYS + conf.EXPORT_RECORD_DAYS)
    DataExport.objects.filter(
        status__in=[DataExport.Status.EXPIRED, DataExport.Status.FAILED],
        created_at__lt=record_limit,
    ).delete()
    return deleted + _remove_stray_files(storage, now)


def _remove_stray_files(storage, now) -> int:
    """Files left by a crash mid-build or a row deleted by hand: anything in
    the storage older than a day that no ready export points at (read and
    deleted through the storage API, in a folder or a bucket)."""
    try:
        _folders, names = storage.listdir("")
    except FileNotFoundError:
        return 0
    kept = set(
        DataExport.objects.filter(status=DataExport.Status.READY)
        .exclude(file="")
        .values_list("file", flat=True)
    )
    cutoff = now - timedelta(days=1)
    removed = 0
    for name in names:
        if name in kept:
            continue
        try:
            modified = storage.get_modified_time(name)
        except FileNotFoundError:
            continue
        if modified < cutoff:
            storage.delete(name)
            removed += 1
    return removed


def remove_export_files(names) -> None:
    """Delete export files by storage name (after the erasing transaction
    commits, so a rollback keeps rows and files together)."""
    storage = private_storage()
    for name in names:
        storage.delete(name)


# Erasure --------------------------------------------------------------------


def erasure_preview(subject: Subject) -> list[tuple[PersonalData, int]]:
    """How many rows of each kind ``subject`` has: the "what will be
    deleted" summary shown before erasing (each kind's ``retention`` says
    what is kept and why)."""
    return [(kind, kind.summary(subject)) for kind in registry.erase_sequence()]


@dataclasses.dataclass(frozen=True)
class ErasureLine:
    """One kind of data in the account of an erasure sent to the person:
    its label, what was deleted, what was kept without naming them, and
    what was kept as it is with the legal reason. Labels and reasons stay
    lazy, so the mail renders them in the person's language."""

    key: str
    label: str
    deleted: int
    anonymised: int
    kept: int
    kept_reason: str


def erasure_lines(results: dict[str, Erasure]) -> list[ErasureLine]:
    """The kinds an erasure touched (``erase_subject``'s results), in
    erasure order, each with its counts and the reason for what was kept."""
    lines = []
    for key, erasure in results.items():
        if not (erasure.deleted or erasure.anonymised or erasure.kept):
            continue
        try:
            label = registry.get(key).label
        except KeyError:
            label = key
        lines.append(
            ErasureLine(
                key=key,
                label=label,
                deleted=erasure.deleted,
                anonymised=erasure.anonymised,
                kept=erasure.kept,
                kept_reason=erasure.kept_reason,
            )
        )
    return lines


def erase_subject(subject: Subject, *, journal=True, **options) -> dict[str, Erasure]:
    """Erase ``subject``'s data in every registered kind, in one
    transaction: if any kind fails, nothing is erased and the error is
    raised. ``options`` go to every kind's ``erase`` (e.g. what to do with
    comments). Returns each kind's :class:`Erasure` by key.

    The erasure is appended to the erasure journal in the same transaction
    (so that restoring an older backup erases the person again), and the
    journal's copy beside the backups is rewritten once it commits. A
    restore replaying the journal passes ``journal=False``: the entry it
    repeats is already there."""
    results = {}
    with transaction.atomic():
        identifiers = journal_module.identifiers_of(subject) if journal else set()
        for kind in registry.erase_sequence():
            results[kind.key] = kind.erase(subject, **options)
        if journal:
            journal_module.record_erasure(identifiers, results, options)
            transaction.on_commit(tasks.write_erasure_journal_task.enqueue)
    return results


# Requests without an account ------------------------------------------------


def allow_request(ip: str) -> bool:
    """Whether one more request from this client IP is within the rate
    limit. Requests for one address are not limited, or a stranger could
    lock its owner out; they are deduplicated instead
    (:func:`may_mail_confirmation`)."""
    return throttle.allow(
        "request-ip",
        ip,
        limit=conf.REQUEST_RATE_LIMIT,
        window=conf.REQUEST_RATE_WINDOW,
    )


def may_mail_confirmation(email: str, action: str) -> bool:
    """Whether to mail ``email`` a link to confirm a request of ``action``
    now: once per ``PRIVACY_REQUEST_MAIL_INTERVAL_MINUTES`` for each kind of
    request. A request repeated sooner (a double click, or someone typing
    the address again and again) needs no new link: the one mailed
    confirms it."""
    return throttle.allow(
        "request-mail",
        f"{action}:{email.strip().lower()}",
        limit=1,
        window=conf.REQUEST_MAIL_INTERVAL_MINUTES * 60,
    )


def send_request_confirmation(email: str, action: str) -> bool:
    """Mail ``email`` a signed link to confirm a request. Sent for every
    address, known or not: the answer a visitor sees never depends on what
    we hold, and whether we hold anything is only told to the address's
    owner (in the export itself). Not sent again within the mail interval
    (see :func:`may_mail_confirmation`)."""
    if not may_mail_confirmation(email, action):
        return False
    token = make_request_token(email.strip().lower(), action)
    return send_privacy_mail(
        "request_confirm",
        email,
        {
            "url": site_url() + reverse("privacy:request_confirm", args=[token]),
            "action_label": RequestAction(action).label,
            "link_hours": conf.REQUEST_LINK_HOURS,
        },
        language=translation.get_language() or "",
    )


def submit_request(email: str, action: str, details: str = "") -> None:
    """A request from the form: an export needs only the confirmed address
    (nothing is stored until then); any other request is stored with its
    details, unconfirmed, for the queue. Either way a link is mailed."""
    if action == RequestAction.EXPORT:
        send_request_confirmation(email, action)
    else:
        rights.open_request(email, action, details)


def carry_out_request(request_token: RequestToken):
    """Do what a confirmed request asked for: build the export, or put the
    stored request in the queue. Returns the export or the request (None
    when the request no longer exists)."""
    if request_token.action == RequestAction.EXPORT:
        subject = Subject.for_email(request_token.email)
        return request_export(subject, email=request_token.email)
    if request_token.action in RequestAction.values and request_token.request_id:
        return rights.confirm_request(request_token.request_id, request_token.email)
    raise ValueError(f"Unknown request action {request_token.action!r}.")
