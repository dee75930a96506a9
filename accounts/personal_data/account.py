"""The account itself and its profile (name, address, phone, birth date,
guardian)."""

from django.utils.translation import gettext_lazy as _

from privacy.registry import PersonalData, register

from ..conf import conf
from ..models import Profile, User
from .common import ACCOUNT_BASIS, iso


@register
class Accounts(PersonalData):
    """The account itself. Erased last: deleting the row removes what still
    hangs on it, so every other kind must have run first."""

    key = "accounts.user"
    label = _("Your account")
    purpose = _("To let you sign in, and to show you your data, orders and comments.")
    legal_basis = ACCOUNT_BASIS

    @property
    def retention(self):
        return _(
            "Until you delete your account, or %(years)s years after you last "
            "signed in: we email you %(days)s days before and keep it if you "
            "sign in."
        ) % {
            "years": conf.INACTIVE_YEARS,
            "days": conf.INACTIVE_NOTICE_DAYS,
        }

    fields = {
        User: [
            "email",
            "first_name",
            "last_name",
            "password",
            "last_login",
            "date_joined",
            "groups",
            "user_permissions",
        ]
    }
    erase_order = 1000
    export_labels = {
        "email": _("Email address"),
        "first_name": _("First name"),
        "last_name": _("Last name"),
        "date_joined": _("Account created"),
        "last_login": _("Last sign-in"),
        "is_active": _("Active"),
        "is_staff": _("Editor in the admin"),
    }

    def rows(self, subject):
        if subject.user_id is None:
            return User.objects.none()
        return User.objects.filter(pk=subject.user_id)

    def export_row(self, row):
        return {
            "email": row.email,
            "first_name": row.first_name,
            "last_name": row.last_name,
            "date_joined": iso(row.date_joined),
            "last_login": iso(row.last_login),
            "is_active": row.is_active,
            "is_staff": row.is_staff,
        }


@register
class Profiles(PersonalData):
    key = "accounts.profile"
    label = _("Your profile")
    purpose = _(
        "To fill in your details when you buy tickets, and to reach you about "
        "them. For a child under 15: to ask a guardian to confirm the account."
    )
    legal_basis = ACCOUNT_BASIS
    retention = _("Until you change it or delete your account.")
    fields = {
        Profile: [
            "user",
            "street_address",
            "postal_code",
            "city",
            "phone",
            "birth_date",
            "guardian_name",
            "guardian_email",
            "guardian_requested_at",
            "guardian_confirmed_at",
        ]
    }
    export_labels = {
        **Profile.OWN_FIELD_LABELS,
        "guardian_confirmed_at": _("Guardian confirmed"),
    }

    def rows(self, subject):
        if subject.user_id is None:
            return Profile.objects.none()
        return Profile.objects.filter(user_id=subject.user_id)

    def export_row(self, row):
        return {
            "street_address": row.street_address,
            "postal_code": row.postal_code,
            "city": row.city,
            "phone": row.phone,
            "birth_date": iso(row.birth_date),
            "guardian_name": row.guardian_name,
            "guardian_email": row.guardian_email,
            "guardian_requested_at": iso(row.guardian_requested_at),
            "guardian_confirmed_at": iso(row.guardian_confirmed_at),
            "updated_at": iso(row.updated_at),
        }
