"""The subscriber side's personal data: subscriptions and the consents
given for them. Found by account and by verified address; erasure deletes
them (the consent record goes with the subscription: there is nothing left
to prove consent for). The keyed hashes of suppressed addresses are not
personal data in the registry's sense (below)."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from privacy.registry import Erasure, PersonalData, not_personal, register

from .models import AddressChange, Consent, Subscriber, Suppression


def _subscribers(subject):
    query = subject.email_q("email")
    if subject.user_id is not None:
        query |= Q(user_id=subject.user_id)
    return Subscriber.objects.filter(query)


@register
class Subscriptions(PersonalData):
    key = "newsletter.subscriptions"
    label = _("Your newsletter subscription")
    purpose = _(
        "To send you the programme newsletter, and SMS reminders if you gave a "
        "mobile number."
    )
    legal_basis = _("Your consent (GDPR art. 6(1)(a)).")
    retention = _(
        "Until you unsubscribe, which deletes it at once. Sign-ups never "
        "confirmed are deleted after 7 days; subscribers who do not answer our "
        "question after two years without a sign of life are removed."
    )
    fields = {Subscriber: ["email", "name", "phone", "user"]}
    erase_order = 10
    export_labels = {
        "email": _("Email address"),
        "name": _("Name"),
        "phone": _("Mobile number"),
        "language": _("Language"),
        "signed_up_at": _("Signed up"),
        "confirmed_at": _("Confirmed"),
        "last_activity_at": _("Last sign of life"),
        "reconsent_asked_at": _("Asked whether you still want it"),
    }

    def rows(self, subject):
        return _subscribers(subject).order_by("pk")

    def export_row(self, row):
        return {
            "email": row.email,
            "name": row.name,
            "phone": row.phone,
            "language": row.language,
            "signed_up_at": row.created_at.isoformat(),
            "signed_up_on": row.source,
            "confirmed_at": row.confirmed_at.isoformat() if row.confirmed_at else None,
            "last_activity_at": row.last_activity_at.isoformat(),
            "reconsent_asked_at": row.reconsent_sent_at.isoformat()
            if row.reconsent_sent_at
            else None,
        }

    def erase(self, subject, **options):
        # Consents go with their subscriber (CASCADE) and are counted by
        # their own kind, which runs first.
        deleted, per_model = self.rows(subject).delete()
        return Erasure(deleted=per_model.get(Subscriber._meta.label, deleted))


@register
class AddressChanges(PersonalData):
    """A new address waiting for its owner to confirm it. Found by the
    subscription it is for and by the new address itself."""

    key = "newsletter.address_changes"
    label = _("A new newsletter address waiting for confirmation")
    purpose = _(
        "To send the newsletter to your new address once you confirm it from "
        "the link we mailed there."
    )
    legal_basis = _("Your consent (GDPR art. 6(1)(a)) and accuracy (GDPR art. 16).")
    retention = _(
        "Until the new address is confirmed, or its link expires after 7 days."
    )
    fields = {AddressChange: ["new_email"]}
    erase_order = 5
    export_labels = {
        "new_email": _("New email address"),
        "requested_at": _("Asked for"),
    }

    def rows(self, subject):
        return AddressChange.objects.filter(
            Q(subscriber__in=_subscribers(subject)) | subject.email_q("new_email")
        ).order_by("pk")

    def export_row(self, row):
        return {
            "new_email": row.new_email,
            "requested_at": row.requested_at.isoformat(),
        }


@register
class Consents(PersonalData):
    key = "newsletter.consents"
    label = _("Your consents to the newsletter")
    purpose = _("To show that you asked for the newsletter, when and on what terms.")
    legal_basis = _("Legal obligation to document consent (GDPR art. 7(1)).")
    retention = _(
        "As long as the subscription; the IP address is removed after 60 days."
    )
    fields = {Consent: ["ip_address", "text"]}
    erase_order = 5
    export_labels = {
        "given_at": _("Given"),
        "ip_address": _("IP address"),
        "policy_version": _("Privacy statement version"),
        "text": _("Text you agreed to"),
        "given_on": _("Given on"),
    }

    def rows(self, subject):
        return (
            Consent.objects.filter(subscriber__in=_subscribers(subject))
            .select_related("policy_version", "subscriber")
            .order_by("given_at", "pk")
        )

    def export_row(self, row):
        return {
            "email": row.subscriber.email,
            "given_at": row.given_at.isoformat(),
            "ip_address": row.ip_address,
            "policy_version": row.policy_version.number if row.policy_version else None,
            "text": row.text,
            "language": row.language,
            "given_on": row.source,
        }

    def erase(self, subject, **options):
        deleted, _per_model = Consent.objects.filter(
            subscriber__in=_subscribers(subject)
        ).delete()
        return Erasure(deleted=deleted)


not_personal(
    Suppression,
    ["email_hash"],
    _(
        "A keyed hash (HMAC with the site's secret key) of an address that asked "
        "never to be mailed again: it cannot be turned back into the address, "
        "and it is kept precisely so that the address is never used again; it "
        "is linked to no one and holds nothing about the person."
    ),
)
