"""A subscriber's address changes only when the owner of the new address
confirms it (GDPR art. 16 with art. 32: a typo must not send someone else
the newsletter). The subscriber asks from their manage link, or an editor
corrects it in the admin; either way a link goes to the new address, the
newsletter keeps going to the old one until the link is used, and the old
address is told when the change takes effect. Every change is recorded by
privacy/rectification.py."""

import functools

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from home.mail import send_templated_mail
from privacy import rectification

from . import links, services
from .conf import conf
from .models import AddressChange, Subscriber, normalise_email

KIND = "newsletter.subscriptions"


def request_change(
    subscriber, new_email, *, record=None, request=None
) -> AddressChange | None:
    """Ask the owner of ``new_email`` to confirm it as ``subscriber``'s
    address; a change already waiting is replaced (its link stops working).
    ``record``: the correction recorded for it (the subscriber's own change
    is recorded here). The link is mailed after the transaction commits, at
    most once per ``NEWSLETTER_MAIL_INTERVAL_MINUTES`` to an address.
    Returns the waiting change, or None when ``new_email`` is the current
    address."""
    new_email = normalise_email(new_email)
    if new_email == subscriber.email:
        return None
    with transaction.atomic():
        replaced = list(
            subscriber.address_changes.values_list("rectification_id", flat=True)
        )
        subscriber.address_changes.all().delete()
        rectification.lapse(pk for pk in replaced if pk)
        if record is None:
            record = rectification.record(
                kind=KIND,
                record_id=subscriber.pk,
                fields=["email"],
                reason="",
                source=rectification.Source.PERSON,
                user=subscriber.user,
                email=subscriber.email,
                waiting=True,
            )
        change = AddressChange.objects.create(
            subscriber=subscriber, new_email=new_email, rectification=record
        )
        transaction.on_commit(functools.partial(_mail_link, change.pk))
    return change


def _mail_link(change_id) -> bool:
    change = (
        AddressChange.objects.filter(pk=change_id).select_related("subscriber").first()
    )
    if change is None or not services._may_mail_about(change.new_email):
        return False
    return send_templated_mail(
        "newsletter/email/address_confirm",
        change.new_email,
        {
            "name": change.subscriber.name,
            "confirm_url": links.address_confirm_url(change),
            "days": conf.CONFIRM_DAYS,
        },
        language=change.subscriber.language,
    )


def confirm_change(change) -> Subscriber:
    """The owner of the new address opened the link and confirmed: the
    newsletter goes there from now on, and the old address is told. Raises
    ``ValidationError`` when another subscription already has the address
    (the change is dropped; nothing else changes)."""
    with transaction.atomic():
        subscriber = Subscriber.objects.select_for_update().get(pk=change.subscriber_id)
        old_email, new_email = subscriber.email, change.new_email
        taken = (
            Subscriber.objects.filter(email=new_email)
            .exclude(pk=subscriber.pk)
            .exists()
        )
        subscriber.address_changes.all().delete()
        if taken:
            rectification.lapse([change.rectification_id])
        else:
            _change_address(subscriber, change, old_email, new_email)
    if taken:
        raise ValidationError(
            _(
                "This address already receives the newsletter, so the "
                "other subscription was left as it was."
            )
        )
    services.touch(subscriber)
    return subscriber


def _change_address(subscriber, change, old_email, new_email):
    subscriber.email = new_email
    subscriber.save(update_fields=["email"])
    # Whoever confirmed the address wants the newsletter there.
    services.lift_suppression(new_email)
    rectification.confirm(change.rectification_id, email=new_email)
    transaction.on_commit(
        functools.partial(
            _tell_old_address, old_email, subscriber.pk, subscriber.language
        )
    )


def masked(email) -> str:
    """``k***@example.org``: enough for the old address's owner to know
    the change, without handing a whole address to whoever reads that
    mailbox."""
    local, _at, domain = email.partition("@")
    return f"{local[:1]}***@{domain}"


def _tell_old_address(old_email, subscriber_id, language) -> bool:
    subscriber = Subscriber.objects.filter(pk=subscriber_id).first()
    if subscriber is None:
        return False
    return send_templated_mail(
        "newsletter/email/address_changed",
        old_email,
        {"name": subscriber.name, "new_email": masked(subscriber.email)},
        language=language,
    )


def expire(change_ids) -> None:
    """Changes whose link ran out: their corrections never took effect."""
    ids = list(
        AddressChange.objects.filter(pk__in=list(change_ids)).values_list(
            "rectification_id", flat=True
        )
    )
    rectification.lapse(pk for pk in ids if pk)
