"""Translating content with wagtail-localize, for code that makes content
(the demo, tests, imports) rather than editors, who use its editor.

The strings go into wagtail-localize's own store (``StringTranslation``),
so the translation editor shows them as done and a later change of the
Norwegian source shows up there as strings waiting for translation."""

from django.db import transaction
from wagtail.models import DraftStateMixin, Locale, Page
from wagtail_localize.models import (
    StringSegment,
    StringTranslation,
    TranslationSource,
)


@transaction.atomic
def translate(instance, language_code, strings=None, publish=True):
    """The translation of ``instance`` (a page or snippet) into
    ``language_code``, created or brought up to date from the source and
    published. ``strings`` maps source texts (whole segments: a title, a
    paragraph, a slug) to their translations; a text not in it stays as in
    the source until someone translates it in the editor."""
    if isinstance(instance, Page):
        instance = instance.specific
    locale = Locale.objects.get(language_code=language_code)
    source, created = TranslationSource.get_or_create_from_instance(instance)
    if not created:
        source.update_from_db()
    for segment in StringSegment.objects.filter(source=source).select_related(
        "string", "context"
    ):
        text = (strings or {}).get(segment.string.data)
        if text is None:
            continue
        StringTranslation.objects.update_or_create(
            translation_of=segment.string,
            locale=locale,
            context=segment.context,
            defaults={
                "data": text,
                "translation_type": StringTranslation.TRANSLATION_TYPE_MANUAL,
            },
        )
    source.translations.get_or_create(target_locale=locale)
    # wagtail-localize publishes a page's revision when the transaction
    # commits; published here instead, the page is live when this returns.
    has_drafts = isinstance(instance, DraftStateMixin)
    translated, _created = source.create_or_update_translation(
        locale, publish=not has_drafts, fallback=True
    )
    if has_drafts and publish:
        translated.get_latest_revision().publish()
    if isinstance(instance, Page) and not instance.is_root():
        order_like_source(translated.get_parent())
    return type(translated).objects.get(pk=translated.pk)


def order_like_source(parent):
    """Put the children of ``parent`` (a page's translation) in the order of
    the source page's children, so that a translated menu reads as the
    Norwegian one, whichever page was translated first: a translation is
    added as its parent's last child. Children with no source come last.
    Returns how many pages moved."""
    source = parent.get_translation_or_none(Locale.get_default())
    if source is None or source.pk == parent.pk:
        return 0
    position = {
        key: index
        for index, key in enumerate(
            source.get_children().values_list("translation_key", flat=True)
        )
    }
    children = list(parent.get_children())
    wanted = sorted(
        children, key=lambda c: position.get(c.translation_key, len(position))
    )
    if wanted == children:
        return 0
    for child in wanted:
        # Each move renumbers the paths of the siblings: read it afresh.
        Page.objects.get(pk=child.pk).move(parent, pos="last-child")
    return len(wanted)
