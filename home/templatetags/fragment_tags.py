"""``{% fragment "name" part ... [until=when] %}…{% endfragment %}``: the
enclosed template output, rendered once per page-cache generation (every
publish starts a new one) and language for the given parts, then reused by
every visitor, signed in or not. For pieces that are the same for everyone and
costly to render, such as an event card with its <picture> (Wagtail works
out each rendition's cache key afresh on every render), or the body of an
event page.

``until=when`` is for a piece that also changes with time: ``when`` (a
datetime or None, read after the piece is rendered, so a kept piece costs
nothing to check) is the moment the kept copy stops being true, e.g. the
start of an event's next performance, after which it no longer is "upcoming"
and sells no more tickets. None keeps it for the generation.

``when=condition`` keeps the piece only when ``condition`` is true, and
renders it afresh otherwise: the site's header and footer are kept on pages
(``when=page.pk``), and rendered for each request on the other views (the
search, account pages), which are fewer and vary by more than their
address."""

from django import template
from django.utils import translation
from django.utils.safestring import mark_safe

from home.cache import cached_until, key_digest

register = template.Library()


class FragmentNode(template.Node):
    def __init__(self, name, parts, nodelist, until=None, when=None):
        self.name = name
        self.parts = parts
        self.nodelist = nodelist
        self.until = until
        self.when = when

    def render(self, context):
        if getattr(context.get("request"), "is_preview", False):
            # An editor's preview shows the draft, never the published copy.
            return self.nodelist.render(context)
        if self.when is not None and not self.when.resolve(context):
            return self.nodelist.render(context)
        values = [part.resolve(context) for part in self.parts]
        digest = key_digest(repr(values))
        key = f"fragment:{self.name}:{translation.get_language()}:{digest}"

        def produce():
            html = str(self.nodelist.render(context))
            until = self.until.resolve(context) if self.until else None
            return until, html

        html = cached_until(key, produce)
        return mark_safe(html)  # noqa: S308 (a template's own autoescaped output)


@register.tag
def fragment(parser, token):
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("fragment needs a name")
    name = bits[1].strip("\"'")
    until = when = None
    parts = []
    for bit in bits[2:]:
        if bit.startswith("until="):
            until = parser.compile_filter(bit.removeprefix("until="))
        elif bit.startswith("when="):
            when = parser.compile_filter(bit.removeprefix("when="))
        else:
            parts.append(parser.compile_filter(bit))
    nodelist = parser.parse(("endfragment",))
    parser.delete_first_token()
    return FragmentNode(name, parts, nodelist, until, when)
