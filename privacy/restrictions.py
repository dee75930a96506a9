"""Restriction of processing (GDPR art. 18), as verbs: place one for a
person, lift it, and ask whether someone is restricted.

While a restriction stands the person's data is kept but not used. privacy
sits on floor 2, so the apps that use data (newsletter, tickets, comments)
ask here, through :func:`is_restricted` for one person or :func:`held_q` for
a queryset, and never the other way round. The retention purge leaves the
rows :func:`held_q` finds alone (see ``retention.RetentionRule.held_back``);
export goes on as before."""

import datetime

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models.functions import Lower
from django.dispatch import Signal
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# From the module itself: privacy.models imports the page model, whose
# statement reads the retention rules, which import this module.
from .models.restrictions import RestrictedAddress, Restriction
from .registry import Subject, verified_owner

#: Sent after a restriction is placed (``restriction``, ``subject``), on
#: commit; apps that show a person's data stop showing it.
restriction_placed = Signal()


def restrict(subject: Subject, *, reason: str, editor=None, by_person=False):
    """Restrict processing for ``subject`` (their account and addresses),
    for ``reason``. A person already restricted keeps their restriction
    (returned as it is) rather than gaining a second one."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why processing is restricted.")})
    if subject.user is None and not subject.emails:
        raise ValidationError(_("Name an account or an email address."))
    existing = active_for(subject).first()
    if existing is not None:
        return existing
    with transaction.atomic():
        restriction = Restriction.objects.create(
            user=subject.user,
            reason=reason,
            source=Restriction.Source.PERSON
            if by_person
            else Restriction.Source.EDITOR,
            placed_by=editor,
        )
        RestrictedAddress.objects.bulk_create(
            [
                RestrictedAddress(restriction=restriction, email=email)
                for email in sorted(subject.emails)
            ]
        )
        transaction.on_commit(
            lambda: restriction_placed.send(
                sender=Restriction, restriction=restriction, subject=subject
            )
        )
    return restriction


def lift(restriction: Restriction, *, reason: str, editor=None) -> Restriction:
    """Lift ``restriction``, recording who, when and why. Lifting one
    already lifted changes nothing."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the restriction is lifted.")})
    Restriction.objects.filter(pk=restriction.pk, lifted_at=None).update(
        lifted_at=timezone.now(), lifted_by=editor, lift_reason=reason
    )
    restriction.refresh_from_db()
    return restriction


def _subject_of(who) -> Subject:
    if isinstance(who, Subject):
        return who
    if isinstance(who, str):
        owner = verified_owner(who)
        emails = frozenset({who})
        return Subject(user=owner, emails=emails)
    if isinstance(who, get_user_model()):
        return Subject.for_user(who)
    raise TypeError(f"Cannot tell whose data {type(who).__name__} is.")


def active_for(who) -> models.QuerySet:
    """The active restrictions of a person (a Subject, an account or an
    address; an address also finds the account it is verified for)."""
    subject = _subject_of(who)
    query = models.Q(pk__in=[])
    if subject.user_id is not None:
        query |= models.Q(user_id=subject.user_id)
    if subject.emails:
        query |= models.Q(
            pk__in=RestrictedAddress.objects.filter(
                email__in=sorted(subject.emails)
            ).values("restriction_id")
        )
    return Restriction.objects.active().filter(query)


def is_restricted(who) -> bool:
    """Whether processing is restricted for this person (a Subject, an
    account or an address)."""
    if who is None or who == "":
        return False
    return active_for(who).exists()


def held_q(*, user_field=None, email_field=None) -> models.Q:
    """A Q matching the rows of restricted people, by the lookup of their
    account (``user_field``) and/or of an address (``email_field``, any
    case). For querysets of any app: ``.exclude(held_q(...))`` leaves them
    out. Matches nothing when neither is given."""
    query = models.Q(pk__in=[])
    if user_field:
        query |= models.Q(
            models.Exists(
                Restriction.objects.active().filter(user_id=models.OuterRef(user_field))
            )
        )
    if email_field:
        query |= models.Q(
            models.Exists(
                RestrictedAddress.objects.filter(
                    restriction__lifted_at=None,
                    email=Lower(models.OuterRef(email_field)),
                )
            )
        )
    return query


def counts() -> dict[str, int]:
    """For the admin's list: restrictions in force, by who placed them, and
    those lifted in the last 30 days."""
    active = Restriction.objects.active()
    since = timezone.now() - datetime.timedelta(days=30)
    return {
        "active": active.count(),
        "by_editor": active.filter(source=Restriction.Source.EDITOR).count(),
        "by_person": active.filter(source=Restriction.Source.PERSON).count(),
        "lifted_recently": Restriction.objects.filter(lifted_at__gte=since).count(),
    }
