"""Writing an export ZIP: ``data.json`` for machines (with its JSON Schema
beside it, ``data.schema.json``, the copy of the one the site publishes) and
``index.html`` for people, both streamed row by row so that memory stays
flat however many rows a person has.

A ZIP can have only one entry open for writing, so the rows are read once:
each row goes straight into ``data.json`` and, rendered in chunks, into a
temporary file (nameless, in ``scratch_dir``) holding the body of
``index.html``. When all kinds are done
the page's head (with the table of contents and row counts, known only now)
is written into the ZIP, then the body is copied in, then the foot."""

import datetime
import functools
import json
import re
import shutil
import tempfile
import zipfile
from collections.abc import Iterable, Iterator

from django.core.serializers.json import DjangoJSONEncoder
from django.template.loader import get_template
from django.utils import formats, timezone, translation
from django.utils.html import conditional_escape, format_html
from django.utils.translation import gettext as _

HTML_CHUNK_SIZE = 200
SCHEMA_NAME = "data.schema.json"
_ISO_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def chunked(iterable: Iterable, size: int) -> Iterator[list]:
    chunk = []
    for item in iterable:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


_encoder = DjangoJSONEncoder(ensure_ascii=False)


def to_json(value) -> bytes:
    return _encoder.encode(value).encode()


def humanise(key: str) -> str:
    return key.replace("_", " ").capitalize()


@functools.lru_cache(maxsize=4096)
def _local_date(language, day) -> str:
    return formats.date_format(day, "DATE_FORMAT")


@functools.lru_cache(maxsize=4096)
def _local_time(language, hour, minute) -> str:
    return formats.time_format(datetime.time(hour, minute), "TIME_FORMAT")


def local_datetime(moment: datetime.datetime) -> str:
    """``moment`` in the current time zone and language, to the minute.
    Dates and times repeat a lot in an export, so both halves are cached."""
    if timezone.is_aware(moment):
        moment = timezone.localtime(moment)
    language = translation.get_language()
    return (
        f"{_local_date(language, moment.date())} "
        f"{_local_time(language, moment.hour, moment.minute)}"
    )


def display_value(value):
    """A row value for the readable page: text (escaped when rendered), or
    for nested values and text with line breaks, a preformatted block."""
    if value is None or value == "":
        return "–"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, dict | list | tuple):
        text = json.dumps(value, ensure_ascii=False, indent=2, cls=DjangoJSONEncoder)
        return format_html("<pre>{}</pre>", text)
    if isinstance(value, str):
        try:
            if _ISO_DATETIME.match(value):
                return local_datetime(datetime.datetime.fromisoformat(value))
            if _ISO_DATE.match(value):
                day = datetime.date.fromisoformat(value)
                return _local_date(translation.get_language(), day)
        except ValueError:
            pass  # looked like a date but is not one: shown as it is
        if "\n" in value:
            return format_html("<pre>{}</pre>", value)
        return value
    return str(value)


ROW_FIELD = "<dt>{}</dt><dd>{}</dd>"


@functools.lru_cache(maxsize=256)
def row_format(field_count: int) -> str:
    """The format of a row with ``field_count`` fields: one ``format_html``
    call per row (escaping every value) rather than one per field."""
    return ROW_FIELD * field_count


class ArchiveWriter:
    """Writes one export ZIP into ``fileobj``; see the module docstring."""

    def __init__(
        self,
        fileobj,
        *,
        subject,
        kinds,
        generated_at,
        site_name,
        scratch_dir=None,
        schema_url="",
        schema=None,
    ):
        self.fileobj = fileobj
        self.schema_url = schema_url
        self.schema = schema
        self.scratch_dir = scratch_dir
        self.subject = subject
        self.kinds = kinds
        self.generated_at = generated_at
        self.site_name = site_name
        self.templates = {
            name: get_template(f"privacy/export/{name}.html")
            for name in ("head", "section_start", "rows", "section_end", "foot")
        }

    def write(self) -> dict[str, int]:
        """Write the archive; return the number of rows of each kind."""
        counts = {}
        with (
            zipfile.ZipFile(self.fileobj, "w", compression=zipfile.ZIP_DEFLATED) as zf,
            tempfile.TemporaryFile(dir=self.scratch_dir) as body,
        ):
            with zf.open("data.json", "w", force_zip64=True) as data:
                data.write(b"{")
                for kind in self.kinds:
                    counts[kind.key] = self._write_kind(kind, data, body)
                data.write(b'\n"meta": ' + to_json(self._meta_json(counts)) + b"\n}\n")
            with zf.open("index.html", "w", force_zip64=True) as page:
                page.write(self._render("head", self._page_context(counts)))
                body.seek(0)
                shutil.copyfileobj(body, page)
                page.write(self._render("foot", self._page_context(counts)))
            if self.schema is not None:
                # A copy of the published schema, so the page links to it
                # offline, as it does to everything else.
                zf.writestr(SCHEMA_NAME, to_json(self.schema))
        return counts

    def _render(self, name, context) -> bytes:
        return self.templates[name].render(context).encode()

    def _write_kind(self, kind, data, body) -> int:
        data.write(b"\n" + to_json(kind.key) + b": [")
        labels = {}
        count = 0
        body.write(self._render("section_start", {"kind": kind}))
        for chunk in chunked(kind.export(self.subject), HTML_CHUNK_SIZE):
            rows = []
            for row in chunk:
                data.write((b",\n" if count else b"\n") + to_json(row))
                values = []
                for key, value in row.items():
                    label = labels.get(key) or labels.setdefault(
                        key, self._label(kind, key)
                    )
                    values += (label, display_value(value))
                rows.append(format_html(row_format(len(row)), *values))
                count += 1
            body.write(
                self._render(
                    "rows", {"rows": rows, "first": count == len(chunk), "kind": kind}
                )
            )
        data.write(b"\n],")
        body.write(self._render("section_end", {"kind": kind, "count": count}))
        return count

    @staticmethod
    def _label(kind, key) -> str:
        # Escaped once per kind and key, not once per row.
        return conditional_escape(str(kind.export_labels.get(key) or humanise(key)))

    def _kind_meta(self, kind) -> dict:
        return {
            "label": str(kind.label),
            "purpose": str(kind.purpose),
            "legal_basis": str(kind.legal_basis),
            "retention": str(kind.retention),
        }

    def _meta_json(self, counts) -> dict:
        return {
            "generated_at": self.generated_at.isoformat(),
            "site": self.site_name,
            "subject": self.subject.describe(),
            "schema": self.schema_url,
            "kinds": {
                kind.key: {**self._kind_meta(kind), "rows": counts[kind.key]}
                for kind in self.kinds
            },
        }

    def _page_context(self, counts) -> dict:
        return {
            "generated_at": self.generated_at,
            "site_name": self.site_name,
            "subject": self.subject,
            "subject_emails": sorted(self.subject.emails),
            "schema_file": SCHEMA_NAME if self.schema is not None else "",
            "kinds": [
                {"kind": kind, "count": counts.get(kind.key, 0)} for kind in self.kinds
            ],
        }
