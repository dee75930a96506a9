"""The erasure journal: what was erased, so that a restored backup erases it
again.

A backup taken before an erasure still holds the person. Each erasure (and
each retention purge that deletes people's rows) therefore appends an
:class:`~privacy.models.ErasureJournalEntry` with keyed hashes (HMAC-SHA256
with ``ERASURE_JOURNAL_KEY``, a key of its own) of the identifiers erased:
the user id, email addresses and phone numbers. Without the key the hashes
cannot be turned back into identifiers, nor tested against a guessed
address, so the journal is not personal data; with the key, a restore
hashes the identifiers it finds in the restored database and erases every
person whose hashes the journal holds (:func:`replay`).

The table travels in every backup, and after each erasure a copy of the
whole journal is written to the backups' storage (``erasure-journal.jsonl``),
outside the backups' rotation, so the journal outlives the database it
describes."""

import dataclasses
import hashlib
import hmac
import json
import uuid
from collections.abc import Iterable, Iterator

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ImproperlyConfigured
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.db import models
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from . import registry
from .models import ErasureJournalEntry
from .registry import Subject

JOURNAL_FILE = "erasure-journal.jsonl"
SCAN_CHUNK_SIZE = 2000

Source = ErasureJournalEntry.Source


class JournalKeyMissing(ImproperlyConfigured):
    """No ``ERASURE_JOURNAL_KEY``: nothing can be hashed or matched."""


def journal_key() -> bytes:
    key = getattr(settings, "ERASURE_JOURNAL_KEY", "")
    if not key:
        raise JournalKeyMissing(
            "ERASURE_JOURNAL_KEY is not set: erasures cannot be journalled and "
            "a restore cannot replay them. Set it in the environment (the same "
            "value on every machine, kept apart from the backups)."
        )
    return key.encode()


def key_id(key: bytes | None = None) -> str:
    """A short fingerprint of the key, so a journal made with another key is
    recognised instead of silently matching nobody."""
    key = key if key is not None else journal_key()
    return hmac.new(key, b"erasure-journal-key-id", hashlib.sha256).hexdigest()[:16]


def normalise(kind: str, value) -> str:
    value = str(value).strip()
    if kind == "email":
        return value.lower()
    if kind == "phone":
        return "".join(ch for ch in value if ch.isdigit() or ch == "+")
    return value


def digest(kind: str, value, key: bytes | None = None) -> str:
    key = key if key is not None else journal_key()
    message = f"{kind}:{normalise(kind, value)}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()[:32]


def identifier_kind(field_name: str) -> str | None:
    """Which identifiers a declared personal field holds, by its name."""
    if "email" in field_name:
        return "email"
    if "phone" in field_name:
        return "phone"
    return None


def identifiers_of(subject: Subject) -> set[tuple[str, str]]:
    """Every identifier of ``subject`` the site holds: the user id, their
    addresses, and the email addresses and phone numbers on their rows of
    every kind (an order's address, a subscriber's mobile number). Read
    before the erasure, as the rows are gone after."""
    found = {("email", email) for email in subject.emails}
    if subject.user_id is not None:
        found.add(("user", str(subject.user_id)))
    for kind in registry.kinds():
        rows = kind.rows(subject)
        if not isinstance(rows, models.QuerySet):
            continue
        names = [
            name
            for name in kind.fields.get(rows.model, [])
            if identifier_kind(name) and _is_text_field(rows.model, name)
        ]
        for name in names:
            for value in rows.order_by().values_list(name, flat=True).distinct():
                if value:
                    found.add(
                        (identifier_kind(name), normalise(identifier_kind(name), value))
                    )
    return found


def _is_text_field(model, name) -> bool:
    try:
        field = model._meta.get_field(name)
    except Exception:  # noqa: BLE001 - a declared name that is not a field
        return False
    return isinstance(field, models.CharField | models.TextField)


def record_erasure(
    identifiers: Iterable[tuple[str, str]], kinds: Iterable[str], options: dict
) -> ErasureJournalEntry:
    """Append one erasure of a person. Called inside the erasing
    transaction, so the entry exists exactly when the erasure does."""
    key = journal_key()
    return ErasureJournalEntry.objects.create(
        source=Source.ERASURE,
        kinds=sorted(kinds),
        options={k: v for k, v in options.items() if isinstance(v, str | int | bool)},
        hashes=sorted({digest(kind, value, key) for kind, value in identifiers}),
        key_id=key_id(key),
    )


def record_retention(rule_key: str, identifiers: Iterable[tuple[str, str]]):
    """Append what one chunk of a retention purge deleted of people's rows
    (addresses, phone numbers). Nothing is written when the chunk held
    none."""
    key = journal_key()
    hashes = sorted({digest(kind, value, key) for kind, value in identifiers if value})
    if not hashes:
        return None
    return ErasureJournalEntry.objects.create(
        source=Source.RETENTION,
        scope=rule_key,
        hashes=hashes,
        key_id=key_id(key),
    )


# The copy outside the database ---------------------------------------------


def entry_to_dict(entry: ErasureJournalEntry) -> dict:
    return {
        "id": str(entry.id),
        "erased_at": entry.erased_at.isoformat(),
        "source": entry.source,
        "scope": entry.scope,
        "kinds": entry.kinds,
        "options": entry.options,
        "hashes": entry.hashes,
        "key_id": entry.key_id,
    }


def dump_lines() -> Iterator[str]:
    """The whole journal as JSON lines, oldest first."""
    for entry in ErasureJournalEntry.objects.order_by("erased_at", "id").iterator():
        yield json.dumps(entry_to_dict(entry), sort_keys=True) + "\n"


def journal_storage():
    """Where the copy lives: beside the backups (a lost disk takes the
    database, not the backups' storage), outside their rotation."""
    return storages["backups"]


def write_copy() -> str:
    """Write the journal to the backups' storage, beside the backups and
    outside their rotation; return its name there."""
    storage = journal_storage()
    content = ContentFile("".join(dump_lines()).encode())
    if storage.exists(JOURNAL_FILE):
        storage.delete(JOURNAL_FILE)
    return storage.save(JOURNAL_FILE, content)


def read_copy() -> list[dict]:
    """The journal copy in the backups' storage (empty when there is none)."""
    storage = journal_storage()
    if not storage.exists(JOURNAL_FILE):
        return []
    with storage.open(JOURNAL_FILE, "rb") as fileobj:
        return parse_lines(fileobj.read().decode().splitlines())


def parse_lines(lines: Iterable[str]) -> list[dict]:
    return [json.loads(line) for line in lines if line.strip()]


def merge(entries: Iterable[dict]) -> int:
    """Add the entries this database does not have yet (a restored database
    learns of the erasures after its archive); return how many."""
    entries = list({str(entry["id"]): entry for entry in entries}.values())
    known = set(
        ErasureJournalEntry.objects.filter(
            id__in=[entry["id"] for entry in entries]
        ).values_list("id", flat=True)
    )
    added = [
        ErasureJournalEntry(
            id=entry["id"],
            erased_at=parse_datetime(entry["erased_at"]),
            source=entry["source"],
            scope=entry.get("scope", ""),
            kinds=entry.get("kinds", []),
            options=entry.get("options", {}),
            hashes=entry.get("hashes", []),
            key_id=entry["key_id"],
        )
        for entry in entries
        if uuid.UUID(str(entry["id"])) not in known
    ]
    ErasureJournalEntry.objects.bulk_create(added, batch_size=500)
    return len(added)


# Replay ---------------------------------------------------------------------


@dataclasses.dataclass
class Replayed:
    """What a replay did: people erased again (by journal entry), and rows
    retention purges deleted again (by rule)."""

    people: list[dict] = dataclasses.field(default_factory=list)
    purged: dict[str, int] = dataclasses.field(default_factory=dict)
    entries: int = 0


def _scan_targets():
    """(model, identifier fields, user field) for every model a kind
    declares, plus the user model itself."""
    user_model = get_user_model()
    targets = {}
    for kind in registry.kinds():
        for model, names in kind.fields.items():
            fields = [
                (identifier_kind(name), name)
                for name in names
                if identifier_kind(name) and _is_text_field(model, name)
            ]
            user_field = None
            if model is user_model:
                user_field = "pk"
            else:
                for field in model._meta.concrete_fields:
                    if field.is_relation and field.related_model is user_model:
                        user_field = field.attname
                        break
            known_fields, known_user = targets.get(model, ([], None))
            targets[model] = (
                sorted(set(known_fields) | set(fields)),
                known_user or user_field,
            )
    return targets


def _people_to_erase(entries: list[ErasureJournalEntry], key: bytes):
    """Match the journal's hashes against every identifier in the database;
    return a Subject for each entry that matches anyone."""
    if not entries:
        return []
    wanted: dict[str, list[int]] = {}
    for index, entry in enumerate(entries):
        for value in entry.hashes:
            wanted.setdefault(value, []).append(index)
    users: dict[int, set] = {}
    emails: dict[int, set] = {}
    user_model = get_user_model()
    for model, (fields, user_field) in _scan_targets().items():
        columns = [name for _kind, name in fields]
        if user_field:
            columns.append(user_field)
        if not columns:
            continue
        rows = model._base_manager.order_by().values_list(*columns)
        for row in rows.iterator(chunk_size=SCAN_CHUNK_SIZE):
            values = dict(zip(columns, row, strict=True))
            identifiers = [
                (kind, values[name]) for kind, name in fields if values[name]
            ]
            user_id = values.get(user_field) if user_field else None
            if user_id is not None:
                identifiers.append(("user", user_id))
            hits = {
                index
                for kind, value in identifiers
                for index in wanted.get(digest(kind, value, key), ())
            }
            for index in hits:
                if user_id is not None:
                    users.setdefault(index, set()).add(user_id)
                emails.setdefault(index, set()).update(
                    normalise("email", value)
                    for kind, value in identifiers
                    if kind == "email"
                )
    people = []
    for index in sorted(set(users) | set(emails)):
        accounts = list(user_model._base_manager.filter(pk__in=users.get(index, ())))
        addresses = emails.get(index, set())
        if accounts:
            for account in accounts:
                subject = Subject.for_user(account)
                people.append(
                    (
                        entries[index],
                        Subject(user=account, emails=subject.emails | addresses),
                    )
                )
        else:
            people.append((entries[index], Subject(emails=frozenset(addresses))))
    return people


def replay(since, *, erase, purge, now=None) -> Replayed:
    """Repeat every journal entry newer than ``since`` (the time of the
    restored archive): erase each person the entry matches again, through
    the registry, with the options they chose; run each retention rule that
    purged again. ``erase`` is ``services.erase_subject`` and ``purge``
    ``retention.purge`` (passed in: both import this module)."""
    key = journal_key()
    entries = list(
        ErasureJournalEntry.objects.filter(erased_at__gt=since).order_by(
            "erased_at", "id"
        )
    )
    foreign = {entry.key_id for entry in entries} - {key_id(key)}
    if foreign:
        raise JournalKeyMissing(
            "The erasure journal was written with another ERASURE_JOURNAL_KEY "
            f"(key id {', '.join(sorted(foreign))}); set that key to replay it."
        )
    result = Replayed(entries=len(entries))
    erasures = [entry for entry in entries if entry.source == Source.ERASURE]
    for entry, subject in _people_to_erase(erasures, key):
        erased = erase(subject, journal=False, **entry.options)
        result.people.append(
            {
                "entry": str(entry.id),
                "erased_at": entry.erased_at,
                "kinds": {
                    kind: outcome.deleted + outcome.anonymised
                    for kind, outcome in erased.items()
                    if outcome.deleted or outcome.anonymised
                },
            }
        )
    rules = sorted(
        {entry.scope for entry in entries if entry.source == Source.RETENTION}
    )
    if rules:
        outcome = purge(now=now or timezone.now(), keys=set(rules))
        result.purged = {key: found.affected for key, found in outcome.items()}
    return result
