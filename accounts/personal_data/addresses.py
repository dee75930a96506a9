"""The account's email addresses: allauth's list of them, and the ones it
verified before an email change (which still find data left under them)."""

from allauth.account.models import EmailAddress, EmailConfirmation
from django.utils.translation import gettext_lazy as _

from privacy.registry import PersonalData, register, register_address_source

from .. import services
from ..models import KnownAddress
from .common import ACCOUNT_BASIS, iso


@register
class EmailAddresses(PersonalData):
    """allauth's record of the account's addresses and which are verified
    (pending confirmations go with them)."""

    key = "accounts.email_addresses"
    label = _("Your email addresses")
    purpose = _("To sign you in, and to know which addresses you have confirmed.")
    legal_basis = ACCOUNT_BASIS
    retention = _("Until you remove the address or delete your account.")
    fields = {
        EmailAddress: ["user", "email"],
        EmailConfirmation: ["email_address"],
    }
    export_labels = {
        "email": _("Email address"),
        "verified": _("Confirmed"),
        "primary": _("Used for sign-in"),
    }

    def rows(self, subject):
        if subject.user_id is None:
            return EmailAddress.objects.none()
        return EmailAddress.objects.filter(user_id=subject.user_id).order_by("pk")

    def export_row(self, row):
        return {"email": row.email, "verified": row.verified, "primary": row.primary}


# Addresses the account verified before an email change still find the
# person's data (a subscription, an order, a comment made under them).
register_address_source("accounts.known_addresses", services.past_addresses)


@register
class KnownAddresses(PersonalData):
    """Every address the account has verified, kept after it is replaced so
    that data left under an old address is still found, exported and
    erased with the account."""

    key = "accounts.known_addresses"
    label = _("Email addresses you have used")
    purpose = _(
        "To find what you did under an address you used before (a "
        "subscription, an order, a message), so that you can see it and have "
        "it deleted."
    )
    legal_basis = ACCOUNT_BASIS
    retention = _("Until you delete your account.")
    fields = {KnownAddress: ["user", "email", "verified_at", "removed_at"]}
    export_labels = {
        "email": _("Email address"),
        "verified_at": _("Confirmed"),
        "removed_at": _("No longer used since"),
    }

    def rows(self, subject):
        if subject.user_id is None:
            return KnownAddress.objects.none()
        return KnownAddress.objects.filter(user_id=subject.user_id).order_by("pk")

    def export_row(self, row):
        return {
            "email": row.email,
            "verified_at": iso(row.verified_at),
            "removed_at": iso(row.removed_at),
        }
