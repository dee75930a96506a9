"""Rectification (GDPR art. 16): editors correct a person's data, and
subscribers their own address; every correction is recorded with who, when,
why and which fields (never the old values: they were wrong, and may be
someone else's).

The data itself belongs to the apps above this one, so the apps do the
correcting in their own views and call :func:`record` here. To show an
editor what can be corrected for a person, an app registers a function
under the Wagtail hook ``register_rectification_targets``: it receives a
:class:`~privacy.registry.Subject` and returns :class:`Target` items (what,
a short description without the person's data, and the admin URL of the
correction form)."""

import dataclasses
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from .models import Rectification
from .registry import Subject

HOOK = "register_rectification_targets"
Source = Rectification.Source
State = Rectification.State


@dataclasses.dataclass(frozen=True)
class Target:
    """Something of a person's an editor can correct."""

    label: str
    description: str
    url: str


def targets(subject: Subject) -> list[Target]:
    """What every app holds for ``subject`` that an editor can correct."""
    found = []
    for finder in hooks.get_hooks(HOOK):
        found.extend(finder(subject))
    return found


def clean_reason(reason: str, source: str = Source.EDITOR) -> str:
    """An editor says why; a person correcting their own data need not."""
    reason = (reason or "").strip()
    if not reason and source == Source.EDITOR:
        raise ValidationError({"reason": _("Say why the data is corrected.")})
    return reason


def record(
    *,
    kind: str,
    record_id: int,
    fields,
    reason: str,
    editor=None,
    user=None,
    email: str = "",
    source: str = Source.EDITOR,
    waiting: bool = False,
) -> Rectification:
    """Record a correction of ``fields`` (names) of row ``record_id`` of the
    registry kind ``kind``, for the person with account ``user`` and/or
    address ``email``. ``waiting``: a new address that takes effect once its
    owner confirms it (see :func:`confirm`)."""
    fields = sorted(set(fields))
    if not fields:
        raise ValidationError(_("Nothing was changed."))
    return Rectification.objects.create(
        kind=kind,
        record_id=record_id,
        fields=", ".join(fields),
        reason=clean_reason(reason, source),
        editor=editor,
        user=user,
        email=(email or "").strip().lower(),
        source=source,
        state=State.WAITING if waiting else State.DONE,
    )


def confirm(rectification_id: int | None, *, email: str) -> None:
    """The new address was confirmed: the correction took effect, and the
    record now names the person by their new address."""
    if rectification_id is None:
        return
    Rectification.objects.filter(pk=rectification_id, state=State.WAITING).update(
        state=State.DONE,
        confirmed_at=timezone.now(),
        email=email.strip().lower(),
    )


def lapse(rectification_ids) -> int:
    """Address changes whose link ran out or was replaced: nothing changed."""
    return (
        Rectification.objects.filter(pk__in=list(rectification_ids))
        .waiting()
        .update(state=State.LAPSED)
    )


def for_subject(subject: Subject):
    """The corrections recorded for ``subject``, newest first."""
    query = Q(pk__in=[])
    if subject.user_id is not None:
        query |= Q(user_id=subject.user_id)
    if subject.emails:
        query |= Q(email__in=sorted(subject.emails))
    return Rectification.objects.filter(query)


def counts() -> dict[str, int]:
    """At a glance: corrections in the last 30 days, and address changes
    waiting for their new address to confirm. One query."""
    since = timezone.now() - timedelta(days=30)
    return Rectification.objects.aggregate(
        recent=Count("pk", filter=Q(at__gte=since)),
        waiting=Count("pk", filter=Q(state=State.WAITING)),
        total=Count("pk"),
    )


def records_of(kind: str, record_ids):
    """The corrections recorded for rows ``record_ids`` of ``kind``."""
    return Rectification.objects.filter(kind=kind, record_id__in=list(record_ids))


def forget(kind: str, record_ids) -> int:
    """Delete the corrections of rows whose personal data is erased without
    erasing their person (an event's buyers, after the event): a record of
    a correction would otherwise keep the address and the reason."""
    deleted, _per_model = records_of(kind, record_ids).delete()
    return deleted
