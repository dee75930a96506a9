"""``{% fragment "name" part ... %}…{% endfragment %}``: the enclosed
template output, rendered once per page-cache generation (every publish
starts a new one) and language for the given parts, then reused by every
visitor, signed in or not. For pieces that are the same for everyone and
costly to render, such as an event card with its <picture> (Wagtail works
out each rendition's cache key afresh on every render)."""

import hashlib

from django import template
from django.utils import translation
from django.utils.safestring import mark_safe

from home.cache import cached_for_generation

register = template.Library()


class FragmentNode(template.Node):
    def __init__(self, name, parts, nodelist):
        self.name = name
        self.parts = parts
        self.nodelist = nodelist

    def render(self, context):
        if getattr(context.get("request"), "is_preview", False):
            # An editor's preview shows the draft, never the published copy.
            return self.nodelist.render(context)
        values = [part.resolve(context) for part in self.parts]
        digest = hashlib.sha256(repr(values).encode()).hexdigest()[:32]
        key = f"fragment:{self.name}:{translation.get_language()}:{digest}"
        return mark_safe(  # noqa: S308 (a template's own autoescaped output)
            cached_for_generation(key, lambda: str(self.nodelist.render(context)))
        )


@register.tag
def fragment(parser, token):
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("fragment needs a name")
    name = bits[1].strip("\"'")
    parts = [parser.compile_filter(bit) for bit in bits[2:]]
    nodelist = parser.parse(("endfragment",))
    parser.delete_first_token()
    return FragmentNode(name, parts, nodelist)
