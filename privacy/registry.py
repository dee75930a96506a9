"""The personal-data registry: every kind of personal data the site holds,
declared by the app that stores it.

Each app with personal data has a ``personal_data.py`` holding one subclass of
:class:`PersonalData` per kind of data, registered with :func:`register`. The
registry finds these modules by discovery (like ``admin.py``), so that
export, erasure, rights requests and retention purges work through this one
interface and never import the apps themselves.

A person is described by a :class:`Subject`: their user account (if any) and
the email addresses we know to be theirs. A kind of data finds the person's
rows by either.

For each kind, a subclass states:

``key``
    A stable identifier, "app.kind" (``"accounts.profile"``); the key of the
    kind in an export's ``data.json``.
``label``, ``purpose``, ``legal_basis``, ``retention``
    Translatable texts for people: what it is, why we keep it, on what legal
    basis (GDPR art. 6), and for how long. The privacy page shows them.
``fields``
    ``{model: [field names]}``: the fields holding personal data that this
    kind covers. The coverage test fails for a personal field no kind covers.

and implements:

``rows(subject)``
    A queryset (or iterable) of the subject's rows.
``export_row(row)``
    One row as a dict of plain JSON types (ISO 8601 strings for dates).
    ``export(subject)`` yields these for every row, streaming.
``erase(subject, **options)``
    Delete or anonymise the subject's rows and return an :class:`Erasure`:
    counts of what was deleted and anonymised, and what was kept with the
    legal reason. Runs inside the caller's transaction. The default deletes
    ``rows(subject)``.

and may set or implement:

``erase_order``
    When this kind is erased relative to the others (lower first; ties by
    key). The kind that deletes the user account itself runs last (a high
    number), so the kinds before it still find rows by ``subject.user``.
``kept_fields``
    ``{model: [field names]}``: where rows that ``erase`` keeps (counted as
    ``kept``, with ``kept_reason``) may still hold the person's identifiers
    afterwards. Nowhere else may anything of theirs be left: the lifetime
    test (tests/privacy/test_lifetime.py) scans every table for it. Empty
    when the rows kept are stripped of everything that points to the person.
``export_labels``
    ``{row key: translatable label}`` for the readable ``index.html`` of an
    export; keys without a label are shown humanised.

Fields that look personal but are not (an editor-written page body, a
hall's name) are declared with :func:`not_personal` with a reason.

Rows for benchmarks and tests are made by ``tests/bench/seeding.py``, one
seeder per kind, not by the kinds themselves.

Only addresses a person has proved to control find their data: an address
someone merely typed into their account (allauth keeps it unverified) finds
nothing, or anyone could read another's sign-ins by adding their address.
An app that remembers more addresses an account has verified (the accounts
app keeps the ones used before an email change) hands them to
:meth:`Subject.for_user` with :func:`register_address_source`, so the
registry finds data left under them without importing that app.

Copies of everything (backups) are declared with :func:`register_copy`: a
class with ``key``, ``label``, ``purpose``, ``legal_basis`` and
``retention``, shown in the privacy statement's table beside the kinds.
They hold no rows of their own to find: an erasure reaches them through the
erasure journal (privacy/journal.py), replayed when a copy is restored.
"""

import dataclasses
from collections.abc import Callable, Iterable, Iterator

from django.apps import apps
from django.db import models
from django.utils.module_loading import autodiscover_modules

MODULE_NAME = "personal_data"
EXPORT_CHUNK_SIZE = 500

_kinds: dict[str, "PersonalData"] = {}
_not_personal: dict[tuple[type[models.Model], str], str] = {}
_address_sources: dict[str, Callable[[models.Model], Iterable[str]]] = {}
_copies: dict[str, object] = {}


@dataclasses.dataclass(frozen=True)
class Subject:
    """Whose data: a user account, and/or email addresses known to be theirs
    (verified). Email addresses are compared in lower case."""

    user: models.Model | None = None
    emails: frozenset[str] = frozenset()

    def __post_init__(self):
        object.__setattr__(
            self, "emails", frozenset(email.strip().lower() for email in self.emails)
        )

    @classmethod
    def for_user(cls, user):
        """The account holder: every address the account has verified, now
        (allauth) or before (the registered address sources), never one
        merely added and left unverified."""
        emails = set(verified_addresses(user))
        for source in _address_sources.values():
            emails.update(source(user))
        return cls(user=user, emails=frozenset(emails))

    @classmethod
    def for_email(cls, email):
        """A person known only by an address they have just proved to
        control (the request form's confirmation link). No account is
        attached: account data is exported to the account's owner, logged in.
        """
        return cls(emails=frozenset({email}))

    @classmethod
    def for_verified_email(cls, email):
        """A person who proved to control ``email``, with the account whose
        verified address it is, if any (then everything the account holds
        and every address it verified). For erasure on a confirmed request:
        the address's owner asked, and the account is theirs too."""
        owner = verified_owner(email)
        if owner is None:
            return cls.for_email(email)
        subject = cls.for_user(owner)
        return cls(user=owner, emails=subject.emails | {email})

    @property
    def user_id(self):
        return self.user.pk if self.user is not None else None

    def describe(self) -> dict:
        """Who this is, as plain JSON types (for an export's ``meta``)."""
        return {"user_id": self.user_id, "emails": sorted(self.emails)}

    def email_q(self, field="email"):
        """A Q matching ``field`` against the subject's addresses, ignoring
        case; matches nothing when there are none."""
        if not self.emails:
            return models.Q(pk__in=[])
        query = models.Q()
        for email in self.emails:
            query |= models.Q(**{f"{field}__iexact": email})
        return query


@dataclasses.dataclass
class Erasure:
    """What erasing one kind of data did: counts deleted and anonymised, and
    what had to be kept, with the legal reason for keeping it."""

    deleted: int = 0
    anonymised: int = 0
    kept: int = 0
    kept_reason: str = ""

    def __add__(self, other):
        return Erasure(
            deleted=self.deleted + other.deleted,
            anonymised=self.anonymised + other.anonymised,
            kept=self.kept + other.kept,
            kept_reason=self.kept_reason or other.kept_reason,
        )


class PersonalData:
    """One kind of personal data; see the module docstring."""

    key: str = ""
    label = ""
    purpose = ""
    legal_basis = ""
    retention = ""
    fields: dict[type[models.Model], list[str]] = {}
    erase_order: int = 0
    kept_fields: dict[type[models.Model], list[str]] = {}
    export_labels: dict[str, str] = {}

    def rows(self, subject: Subject) -> Iterable:
        raise NotImplementedError

    def export_row(self, row) -> dict:
        raise NotImplementedError

    def export(self, subject: Subject) -> Iterator[dict]:
        rows = self.rows(subject)
        if isinstance(rows, models.QuerySet):
            rows = rows.iterator(chunk_size=EXPORT_CHUNK_SIZE)
        for row in rows:
            yield self.export_row(row)

    def erase(self, subject: Subject, **options) -> Erasure:
        deleted, _per_model = self.rows(subject).delete()
        return Erasure(deleted=deleted)

    def summary(self, subject: Subject) -> int:
        """How many rows the subject has (for "what will be deleted")."""
        rows = self.rows(subject)
        return rows.count() if isinstance(rows, models.QuerySet) else len(list(rows))


class EditorLinks(PersonalData):
    """A kind that is only the link from a record to the editor who handled
    it (who answered a request, erased an event's buyers...): found by the
    editor's account, erased by unlinking, so the record stays and names
    nobody. Subclasses set ``model``, ``editor_fields`` (the foreign keys to
    the editor), ``ordering`` and ``fields``, and write ``export_row``."""

    model: type[models.Model]
    editor_fields: tuple[str, ...] = ("editor",)
    ordering: tuple[str, ...] = ("pk",)

    def rows(self, subject: Subject):
        if subject.user_id is None:
            return self.model.objects.none()
        query = models.Q(pk__in=[])
        for field in self.editor_fields:
            query |= models.Q(**{f"{field}_id": subject.user_id})
        return self.model.objects.filter(query).order_by(*self.ordering)

    def erase(self, subject: Subject, **options) -> Erasure:
        if subject.user_id is None:
            return Erasure()
        return Erasure(
            anonymised=sum(
                self.model.objects.filter(**{f"{field}_id": subject.user_id}).update(
                    **{field: None}
                )
                for field in self.editor_fields
            )
        )


def verified_addresses(user) -> set[str]:
    """The account's addresses it has proved to control, in lower case:
    those allauth marks verified, and the account's own address when
    allauth holds no record of it at all (an account made by an editor or a
    command, never through sign-up). An address allauth knows unverified
    never counts, not even as the account's own."""
    primary = (user.email or "").strip().lower()
    if not apps.is_installed("allauth.account"):
        return {primary} if primary else set()
    from allauth.account.models import EmailAddress

    known: dict[str, bool] = {}
    for email, verified in EmailAddress.objects.filter(user=user).values_list(
        "email", "verified"
    ):
        email = email.strip().lower()
        known[email] = known.get(email, False) or verified
    addresses = {email for email, verified in known.items() if verified}
    if primary and primary not in known:
        addresses.add(primary)
    return addresses


def verified_owner(email):
    """The account whose verified address ``email`` is (see
    :func:`verified_addresses`), or None."""
    from django.contrib.auth import get_user_model

    email = email.strip().lower()
    if not email:
        return None
    User = get_user_model()  # noqa: N806
    if apps.is_installed("allauth.account"):
        from allauth.account.models import EmailAddress

        row = (
            EmailAddress.objects.filter(email__iexact=email, verified=True)
            .select_related("user")
            .first()
        )
        if row is not None:
            return row.user
        allauth_knows = EmailAddress.objects.filter(email__iexact=email)
        candidates = User.objects.filter(email__iexact=email).exclude(
            pk__in=allauth_knows.values("user_id")
        )
    else:
        candidates = User.objects.filter(email__iexact=email)
    return candidates.order_by("pk").first()


def register_address_source(name, source):
    """Register ``source(user)``, which returns more addresses the account
    has verified (e.g. before an email change), under ``name`` (registering
    a name again replaces it). :meth:`Subject.for_user` adds them, so every
    kind finds data left under them."""
    _address_sources[name] = source


def register(kind_class):
    """Class decorator: register one instance of ``kind_class``."""
    kind = kind_class()
    if not kind.key:
        raise ValueError(f"{kind_class.__name__} needs a key.")
    _kinds[kind.key] = kind
    return kind_class


def unregister(key):
    """Remove the kind registered under ``key`` (tests register their own
    kinds and remove them afterwards). Unknown keys are ignored."""
    _kinds.pop(key, None)


def not_personal(model, field_names, reason):
    """Declare fields of ``model`` that look personal but are not, and why."""
    for name in field_names:
        _not_personal[(model, name)] = reason


def register_copy(copy_class):
    """Class decorator: declare a copy of the site's data (see the module
    docstring)."""
    copy = copy_class()
    if not copy.key:
        raise ValueError(f"{copy_class.__name__} needs a key.")
    _copies[copy.key] = copy
    return copy_class


def copies() -> list:
    """Every declared copy, by key."""
    return [_copies[key] for key in sorted(_copies)]


def kinds() -> list[PersonalData]:
    """Every registered kind, in a stable order (by key)."""
    return [_kinds[key] for key in sorted(_kinds)]


def get(key) -> PersonalData:
    return _kinds[key]


def erase_sequence() -> list[PersonalData]:
    """Every registered kind in the order erasure runs them: by
    ``erase_order``, then by key."""
    return sorted(_kinds.values(), key=lambda kind: (kind.erase_order, kind.key))


def not_personal_fields() -> dict[tuple[type[models.Model], str], str]:
    return dict(_not_personal)


def autodiscover():
    autodiscover_modules(MODULE_NAME)
