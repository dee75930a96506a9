"""Comparing two versions of the privacy statement: their frozen HTML is
read as a list of paragraphs, paragraphs are matched with difflib, and a
changed paragraph is compared word by word. Templates mark insertions with
``<ins>`` and deletions with ``<del>``, each with a text label for screen
readers, so no change is shown by colour alone."""

import dataclasses
import difflib
import html
import re

from django import forms
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _

EQUAL, INSERT, DELETE = "equal", "insert", "delete"

_BLOCK_BREAK = re.compile(
    r"<(?:/?(?:p|h[1-6]|li|ul|ol|tr|table|thead|tbody|div|section|blockquote|"
    r"figure|figcaption|dl|dt|dd|caption)|br)\b[^>]*>",
    re.IGNORECASE,
)
_CELL_END = re.compile(r"</t[dh]\s*>", re.IGNORECASE)


@dataclasses.dataclass
class Paragraph:
    """One paragraph of the comparison: ``kind`` is equal, insert, delete
    or change; ``segments`` are ``(kind, text)`` pieces in reading order."""

    kind: str
    segments: list[tuple[str, str]]


def paragraphs(markup: str) -> list[str]:
    """The text of ``markup``, one string per block element, whitespace
    collapsed."""
    text = _CELL_END.sub(" | ", markup)
    text = _BLOCK_BREAK.sub("\n", text)
    text = html.unescape(strip_tags(text))
    lines = (" ".join(line.split()).strip(" |") for line in text.splitlines())
    return [line for line in lines if line]


def _words(text):
    return re.findall(r"\S+\s*", text)


def compare_words(old: str, new: str) -> list[tuple[str, str]]:
    old_words, new_words = _words(old), _words(new)
    matcher = difflib.SequenceMatcher(None, old_words, new_words, autojunk=False)
    segments = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            segments.append((EQUAL, "".join(old_words[i1:i2])))
            continue
        if tag in ("delete", "replace"):
            segments.append((DELETE, "".join(old_words[i1:i2])))
        if tag in ("insert", "replace"):
            segments.append((INSERT, "".join(new_words[j1:j2])))
    return segments


def compare(old_markup: str, new_markup: str) -> list[Paragraph]:
    """The paragraphs of both versions, with what was removed and added."""
    old, new = paragraphs(old_markup), paragraphs(new_markup)
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    result = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            result.extend(Paragraph(EQUAL, [(EQUAL, line)]) for line in old[i1:i2])
        elif tag == "delete":
            result.extend(Paragraph(DELETE, [(DELETE, line)]) for line in old[i1:i2])
        elif tag == "insert":
            result.extend(Paragraph(INSERT, [(INSERT, line)]) for line in new[j1:j2])
        else:
            removed, added = old[i1:i2], new[j1:j2]
            for index in range(max(len(removed), len(added))):
                if index < len(removed) and index < len(added):
                    result.append(
                        Paragraph("change", compare_words(removed[index], added[index]))
                    )
                elif index < len(removed):
                    result.append(Paragraph(DELETE, [(DELETE, removed[index])]))
                else:
                    result.append(Paragraph(INSERT, [(INSERT, added[index])]))
    return result


def counts(comparison: list[Paragraph]) -> dict[str, int]:
    """How many pieces were added and removed."""
    totals = {INSERT: 0, DELETE: 0}
    for paragraph in comparison:
        for kind, _text in paragraph.segments:
            if kind in totals:
                totals[kind] += 1
    return totals


class CompareForm(forms.Form):
    """Two version numbers to compare (``?fra=1&til=3``)."""

    fra = forms.IntegerField(label=_("Compare version"), min_value=1, max_value=10**6)
    til = forms.IntegerField(label=_("with version"), min_value=1, max_value=10**6)
