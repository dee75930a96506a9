"""Helpers for mail bodies: absolute links (a mail is read far from the
site, so every link and image starts with the site's address) and the plain
text of an HTML fragment (the text part of a multipart mail)."""

import re

from bs4 import BeautifulSoup, Comment, NavigableString, Tag

from home.site_url import site_url

# href="/..." and src="/..." but not protocol-relative "//host/..."
_RELATIVE_ATTRIBUTE = re.compile(r'\b(href|src)=(["\'])/(?!/)')
_BLOCK_TAGS = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "figure"}


def absolute_url(url: str) -> str:
    """``url`` as an address that works from a mail client: a path on this
    site gets the site's address (``home.site_url``) in front."""
    url = str(url or "")
    if url.startswith("/") and not url.startswith("//"):
        return site_url() + url
    return url


def absolutise_html(html: str) -> str:
    """Every ``href`` and ``src`` in ``html`` that is a path on this site,
    made absolute."""
    return _RELATIVE_ATTRIBUTE.sub(
        lambda match: f"{match[1]}={match[2]}{site_url()}/", str(html)
    )


def html_to_text(html: str) -> str:
    """Readable plain text of an HTML fragment: paragraphs and headings
    separated by blank lines, list items as "- item" (numbered in ordered
    lists), links as "text (address)"."""
    soup = BeautifulSoup(str(html), "html.parser")
    blocks: list[str] = []
    _collect(soup, blocks)
    text = "\n\n".join(block for block in blocks if block)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def _collect(node, blocks):
    for child in node.children:
        if isinstance(child, Comment):
            continue
        if isinstance(child, NavigableString):
            text = _squash(str(child))
            if text.strip():
                blocks.append(text.strip())
            continue
        if not isinstance(child, Tag):
            continue
        if child.name in ("ul", "ol"):
            items = child.find_all("li", recursive=False)
            lines = []
            for number, item in enumerate(items, start=1):
                bullet = f"{number}." if child.name == "ol" else "-"
                lines.append(f"{bullet} {_inline(item)}")
            blocks.append("\n".join(lines))
        elif child.name in _BLOCK_TAGS:
            if child.find(_BLOCK_TAGS | {"ul", "ol"}):
                _collect(child, blocks)
            else:
                blocks.append(_inline(child))
        else:
            text = _inline(child)
            if text:
                blocks.append(text)


def _inline(node) -> str:
    lines = [_squash(line).strip() for line in "".join(_inline_parts(node)).split("\n")]
    return "\n".join(line for line in lines if line)


def _inline_parts(node):
    for child in node.children:
        if isinstance(child, Comment):
            continue
        if isinstance(child, NavigableString):
            yield str(child)
        elif child.name == "br":
            yield "\n"
        elif child.name == "a":
            label = _squash(child.get_text()).strip()
            href = absolute_url(child.get("href", ""))
            if href and href != label:
                yield f"{label} ({href})" if label else href
            else:
                yield label
        else:
            yield from _inline_parts(child)


def _squash(text: str) -> str:
    return re.sub(r"[ \t\r\f\v\n]+", " ", text)
