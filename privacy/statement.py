"""The parts of the privacy statement the code writes (what we store, the
retention rules, the cookies, the processors), as plain data.

A version freezes this data when it is published (``PolicyVersion.generated``)
beside its rendered text. Comparing it with what the code declares now finds
*drift*: a change to the registry, a retention setting, the cookie list or
the processor register that no published version tells readers about. The
admin warns about drift and ``manage.py check_privacy_statement`` fails on
it, so a deploy cannot change what the site does behind the statement.

The data is written in the site's default language: drift is a change of
what the code says, whatever language the editor who publishes uses."""

import dataclasses
import datetime

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from . import cookies, processors, registry, retention
from .conf import conf

SECTIONS = {
    "what_we_store": _("What we store"),
    "retention": _("Retention rules"),
    "cookies": _("Cookies"),
    "processors": _("Who receives the data"),
}


def _text(value) -> str:
    return " ".join(str(value or "").split())


def _row(*values) -> str:
    """One generated row: its fields, each on one line, joined with " | "."""
    return " | ".join(_text(value) for value in values)


def generated() -> dict[str, dict[str, str]]:
    """``{section: {row key: one line of text}}`` as the code declares it
    now, in the site's default language."""
    with translation.override(settings.LANGUAGE_CODE):
        return {
            "what_we_store": {
                kind.key: _row(
                    kind.label, kind.purpose, kind.legal_basis, kind.retention
                )
                for kind in registry.kinds()
            },
            "retention": {
                # The days as written, "0" and "None" included.
                rule.key: _row(rule.label, str(rule.days))
                for rule in retention.rules()
            },
            "cookies": {
                cookie.name: _row(
                    cookie.category,
                    cookie.purpose,
                    cookie.lifetime_label,
                    cookie.provider,
                )
                for cookie in cookies.declared_cookies()
            },
            "processors": {
                processor.key: _row(
                    processor.label,
                    processor.receives,
                    processor.purpose,
                    processor.location,
                    processor.transfer_basis,
                )
                for processor in processors.processors()
            },
        }


@dataclasses.dataclass(frozen=True)
class Change:
    """One row that differs: as published (``old``, empty when added) and
    as the code declares it now (``new``, empty when removed)."""

    section: str
    key: str
    old: str
    new: str

    @property
    def section_label(self):
        return SECTIONS.get(self.section, self.section)


def compare(published: dict, now: dict) -> list[Change]:
    """Every row added, removed or changed between two snapshots."""
    changes = []
    for section in SECTIONS:
        old_rows, new_rows = published.get(section, {}), now.get(section, {})
        for key in sorted(set(old_rows) | set(new_rows)):
            old, new = old_rows.get(key, ""), new_rows.get(key, "")
            if old != new:
                changes.append(Change(section, key, old, new))
    return changes


def touched_kinds(published: dict, now: dict) -> list[str]:
    """Registry keys of the kinds of data whose row differs: whose
    description, purpose, basis or retention the change touches."""
    return sorted(
        change.key
        for change in compare(published, now)
        if change.section == "what_we_store"
    )


@dataclasses.dataclass
class Drift:
    """The latest published version of a page and what changed since."""

    version: object
    changes: list[Change]

    def __bool__(self):
        return bool(self.changes)


def drift(page) -> Drift | None:
    """What the code declares differently from the newest published version
    of ``page`` (the one readers have, or are about to have); None when the
    page has no version yet."""
    version = page.versions.order_by("-number").first()
    if version is None:
        return None
    return Drift(version, compare(version.generated or {}, generated()))


def earliest_effective_date(today=None) -> datetime.date:
    """The first day a material change may take effect: the notice period
    (``PRIVACY_NOTICE_PERIOD_DAYS``) after the notices go out, which is when
    the version is published."""
    return (today or timezone.localdate()) + datetime.timedelta(
        days=conf.NOTICE_PERIOD_DAYS
    )


def prepare_version(page, user=None):
    """A draft of ``page`` that announces the drift: the latest revision
    with a summary naming what changed, marked material and dated the
    notice period ahead, for an editor to review and publish. Publishing it
    freezes the tables as the code declares them now. Returns the revision."""
    found = drift(page)
    draft = page.get_latest_revision_as_object()
    sections = []
    for change in found.changes if found else []:
        if change.section not in sections:
            sections.append(change.section)
    with translation.override(settings.LANGUAGE_CODE):
        draft.change_summary = str(
            _("Updated: %(sections)s, as the site now works.")
            % {"sections": ", ".join(str(SECTIONS[name]).lower() for name in sections)}
        )
    draft.material_change = True
    draft.effective_from = earliest_effective_date()
    return draft.save_revision(user=user, log_action=True)
