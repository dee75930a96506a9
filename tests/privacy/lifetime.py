"""The lifetime test's scanner: where a person's identifiers are left.

It reads everything the site keeps, not only what the registry knows of:
every table of the database (found by introspection, each text, character,
JSON and binary column read with raw SQL, so a table no model or kind
mentions is read too), every session decoded, the caches, the export
folder and the media folder (file names and bytes, and inside ZIP
archives), and the log records of the run. A finding names the place
(``table.column`` and the row's primary key, a session, a file, a logger)
and which identifier it holds, so a failure says exactly where to look."""

import dataclasses
import io
import json
import logging
import pickle  # noqa: S403 -- reads back only what this process's cache stored
import time
import urllib.parse
import zipfile
from importlib import import_module
from pathlib import Path

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache
from django.db import connection

# Column types (as Django's introspection names them) that hold no text;
# every other column is read, types introspection does not know included.
NOT_TEXT_TYPES = {
    "AutoField",
    "BigAutoField",
    "SmallAutoField",
    "IntegerField",
    "BigIntegerField",
    "SmallIntegerField",
    "PositiveIntegerField",
    "PositiveBigIntegerField",
    "PositiveSmallIntegerField",
    "BooleanField",
    "NullBooleanField",
    "DateField",
    "DateTimeField",
    "TimeField",
    "DurationField",
    "DecimalField",
    "FloatField",
    "UUIDField",
}


@dataclasses.dataclass(frozen=True, order=True)
class Finding:
    """One identifier found in one place."""

    place: str  # "table.column", "session", "cache", "export", "media", "log"
    row: str  # the row's primary key, a session key, a file, a logger
    label: str  # which identifier ("email 2", "phone, national", ...)

    def __str__(self):
        return f"{self.place} row={self.row} contains {self.label}"


def variants(value: str) -> set[str]:
    """The ways a value is written down: as typed, as JSON escapes it
    (non-ASCII as \\u escapes), and as URLs encode it; all lower case."""
    forms = {
        value,
        json.dumps(value)[1:-1],
        urllib.parse.quote(value, safe=""),
        urllib.parse.quote_plus(value),
    }
    return {form.lower() for form in forms}


class Needles:
    """Identifiers to look for: ``{label: value}`` (empty values are
    skipped: they are in every text)."""

    def __init__(self, identifiers: dict[str, str]):
        self.forms = {
            label: variants(value) for label, value in identifiers.items() if value
        }

    def in_text(self, text: str) -> list[str]:
        text = text.lower()
        return [
            label
            for label, forms in self.forms.items()
            if any(form in text for form in forms)
        ]


def as_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, memoryview):
        value = value.tobytes()
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def text_columns(cursor, table) -> list[str]:
    introspection = connection.introspection
    columns = []
    for column in introspection.get_table_description(cursor, table):
        try:
            kind = introspection.get_field_type(column.type_code, column)
        except KeyError:
            kind = "unknown"
        if kind not in NOT_TEXT_TYPES:
            columns.append(column.name)
    return columns


@dataclasses.dataclass
class DatabaseScan:
    findings: list[Finding]
    tables: int
    columns: int


def scan_database(needles: Needles) -> DatabaseScan:
    """Every text-like column of every table, with raw SQL."""
    findings, tables, columns = [], 0, 0
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            tables += 1
            names = text_columns(cursor, table)
            if not names:
                continue
            columns += len(names)
            keys = connection.introspection.get_primary_key_columns(cursor, table)
            keys = keys or []
            selected = ", ".join(quote(name) for name in [*keys, *names])
            cursor.execute(f"SELECT {selected} FROM {quote(table)}")  # noqa: S608
            for row in cursor.fetchall():
                row_id = "/".join(as_text(value) for value in row[: len(keys)]) or "?"
                for name, value in zip(names, row[len(keys) :], strict=True):
                    for label in needles.in_text(as_text(value)):
                        findings.append(Finding(f"{table}.{name}", row_id, label))
    return DatabaseScan(findings, tables, columns)


def scan_sessions(needles: Needles) -> list[Finding]:
    """Every stored session, decoded (the data is signed base64)."""
    from django.contrib.sessions.models import Session

    store = import_module(settings.SESSION_ENGINE).SessionStore()
    findings = []
    for key, data in Session.objects.values_list("session_key", "session_data"):
        decoded = json.dumps(store.decode(data), ensure_ascii=False, default=str)
        for label in needles.in_text(decoded):
            findings.append(Finding("django_session (decoded)", key[:8], label))
    return findings


def scan_caches(needles: Needles, *, outliving: float) -> list[Finding]:
    """Every entry of the local-memory caches (cached sessions, throttle
    counters, cached pages), key and value, that lasts longer than
    ``outliving`` seconds from now: rate-limit counters keyed by IP and
    cached pages expire on their own within minutes, and are not kept."""
    findings = []
    now = time.time()
    for alias in settings.CACHES:
        cache = caches[alias]
        if not isinstance(cache, LocMemCache):
            continue
        for key, pickled in list(cache._cache.items()):
            expires = cache._expire_info.get(key)
            if expires is not None and expires - now <= outliving:
                continue
            try:
                value = pickle.loads(pickled)  # noqa: S301
            except Exception:  # noqa: BLE001 -- a value we cannot read is read raw
                value = pickled
            text = f"{key} {as_text(value) if isinstance(value, bytes) else value!r}"
            lasts = "ever" if expires is None else f"{expires - now:.0f} s"
            for label in needles.in_text(text):
                findings.append(
                    Finding(f"cache {alias}", f"{key[-50:]} (for {lasts})", label)
                )
    return findings


def _scan_bytes(place, name, data, needles):
    findings = [Finding(place, name, label) for label in needles.in_text(name)]
    findings += [
        Finding(place, name, label)
        for label in needles.in_text(data.decode("utf-8", "replace"))
    ]
    if zipfile.is_zipfile(io.BytesIO(data)):
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            for member in archive.namelist():
                findings += _scan_bytes(
                    place, f"{name}!{member}", archive.read(member), needles
                )
    return findings


def scan_folder(place: str, folder, needles: Needles) -> list[Finding]:
    """Every file under ``folder``: its name, its bytes, and what ZIP
    archives hold."""
    folder = Path(folder)
    if not folder.exists():
        return []
    findings = []
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            name = str(path.relative_to(folder))
            findings += _scan_bytes(place, name, path.read_bytes(), needles)
    return findings


class LogRecorder(logging.Handler):
    """Keeps every record logged while installed, formatted with its
    traceback: logs are copied to places no erasure reaches."""

    def __init__(self):
        super().__init__(level=logging.DEBUG)
        self.setFormatter(logging.Formatter("%(name)s %(levelname)s %(message)s"))
        self.lines: list[tuple[str, str]] = []

    def emit(self, record):
        self.lines.append((record.name, self.format(record)))

    def scan(self, needles: Needles) -> list[Finding]:
        return [
            Finding("log", name, label)
            for name, line in self.lines
            for label in needles.in_text(line)
        ]


def describe(findings) -> str:
    return "\n".join(f"  {finding}" for finding in sorted(set(findings)))
