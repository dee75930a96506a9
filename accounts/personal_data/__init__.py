"""The personal data of accounts, and of what the accounts app looks after
for the site: sessions, the sign-in log (axes), contact form submissions
(Wagtail forms) and the links from Wagtail's editing history to a person.

Account data (the user, profile, addresses, sessions, editor history) is
found through ``subject.user`` only: the privacy request form, which knows a
person by an address alone, gives account data only to the logged-in owner.
Data that people leave by typing an address (the sign-in log, form
submissions) is found by the subject's addresses.

One module per kind of data; the registry's discovery imports this package,
which registers them all. The names below keep the old import paths."""

from .account import Accounts, Profiles
from .addresses import EmailAddresses, KnownAddresses
from .common import ACCOUNT_BASIS, SECURITY_BASIS
from .editor_activity import EDITOR_LINKS, EDITOR_OWNED, WHEN_FIELDS, EditorActivity
from .form_submissions import FormSubmissions
from .security import SECURITY_LABELS, FailedSignIns, Lockouts, SecurityEvents, SignIns
from .sessions import Sessions, UserSessions

__all__ = [
    "ACCOUNT_BASIS",
    "EDITOR_LINKS",
    "EDITOR_OWNED",
    "SECURITY_BASIS",
    "SECURITY_LABELS",
    "WHEN_FIELDS",
    "Accounts",
    "EditorActivity",
    "EmailAddresses",
    "FailedSignIns",
    "FormSubmissions",
    "KnownAddresses",
    "Lockouts",
    "Profiles",
    "SecurityEvents",
    "Sessions",
    "SignIns",
    "UserSessions",
]
