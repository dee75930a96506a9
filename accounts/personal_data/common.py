"""What the kinds of account data share: their legal bases and small
helpers."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

ACCOUNT_BASIS = _(
    "Contract (GDPR art. 6(1)(b)): the account you created, and the services "
    "you use with it."
)
SECURITY_BASIS = _(
    "Legitimate interest (GDPR art. 6(1)(f)): protecting your account and the "
    "site against break-ins."
)


def iso(value):
    return value.isoformat() if value else None


def matches_nothing():
    return Q(pk__in=[])
