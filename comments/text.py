"""A comment's text as HTML: plain text with its line breaks, web addresses
as links marked ``rel="nofollow ugc"``, everything else escaped.

Only ``http://``, ``https://`` and ``www.`` addresses become links, so no
other scheme (``javascript:``, ``data:``) can ever reach an ``href``."""

import re

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

LINK = re.compile(r"(?:https?://|www\.)[^\s<>\"'`]+", re.IGNORECASE)
PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
# Punctuation that ends a sentence rather than an address.
TRAILING = ".,;:!?'\"*"
CLOSING = {")": "(", "]": "["}


def normalise(text: str) -> str:
    """Line breaks as ``\\n`` (browsers send ``\\r\\n``)."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def count_links(text: str) -> int:
    return len(LINK.findall(text or ""))


def _trim(address: str) -> tuple[str, str]:
    """Split trailing punctuation (and unbalanced closing brackets) off an
    address: "(see https://example.org)." links https://example.org."""
    trailing = ""
    while address:
        last = address[-1]
        if last in TRAILING:
            pass
        elif last in CLOSING and address.count(last) > address.count(CLOSING[last]):
            pass
        else:
            break
        trailing = last + trailing
        address = address[:-1]
    return address, trailing


def _line(line: str) -> str:
    parts = []
    position = 0
    for match in LINK.finditer(line):
        address, trailing = _trim(match.group())
        if not address or address.lower() in ("http://", "https://", "www."):
            continue
        href = address if "://" in address else f"https://{address}"
        parts.append(escape(line[position : match.start()]))
        parts.append(
            format_html('<a href="{}" rel="nofollow ugc">{}</a>', href, address)
        )
        parts.append(escape(trailing))
        position = match.end()
    parts.append(escape(line[position:]))
    return "".join(parts)


def render(text: str) -> SafeString:
    """``text`` as paragraphs (blank lines) with ``<br>`` for single line
    breaks, links made and the rest escaped."""
    paragraphs = []
    for paragraph in PARAGRAPH_BREAK.split(normalise(text or "").strip()):
        lines = [_line(line) for line in paragraph.strip("\n").split("\n")]
        paragraphs.append("<p>" + "<br>".join(lines) + "</p>")
    # Every piece above was escaped or built by format_html.
    return mark_safe("\n".join(paragraphs))  # noqa: S308
