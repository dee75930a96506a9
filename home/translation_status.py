"""Which pages lack a translation, and which translations are out of date,
for editors: a mark beside each page in the explorer and a count on the
dashboard.

A Norwegian page (the site's default language, the source of every
translation) *lacks* a translation when no page in another site language
shares its translation key. A translation is *out of date* when its source
was published after wagtail-localize last synced the source into its
translations (``TranslationSource.last_updated_at``, renewed by "Sync
translated pages" and by every translation made from the source); a
translation made without wagtail-localize is compared with its own last
publish instead.

Everything is computed in the database as annotations, so the explorer and
the dashboard pay a fixed number of queries however many pages there are."""

from django.conf import settings
from django.db.models import (
    BooleanField,
    Case,
    Exists,
    F,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from wagtail.models import Page
from wagtail_localize.models import TranslationSource

MISSING = "translation_missing"
OUTDATED = "translation_outdated"


def other_languages():
    return [
        code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE
    ]


def annotate(pages):
    """``pages`` with two booleans: ``translation_missing`` (a source page
    with no translation into some other site language) and
    ``translation_outdated`` (a translation behind its source, or a source
    with such a translation)."""
    source_language = settings.LANGUAGE_CODE
    others = other_languages()
    missing = Value(False)
    for code in others:
        translated = Exists(
            Page.objects.filter(
                translation_key=OuterRef("translation_key"),
                locale__language_code=code,
            )
        )
        missing = Case(
            When(Q(locale__language_code=source_language) & ~translated, then=True),
            default=missing,
            output_field=BooleanField(),
        )
    source_published = Subquery(
        Page.objects.filter(
            translation_key=OuterRef("translation_key"),
            locale__language_code=source_language,
        ).values("last_published_at")[:1]
    )
    synced = Subquery(
        TranslationSource.objects.filter(
            object_id=OuterRef("translation_key"),
            locale__language_code=source_language,
        ).values("last_updated_at")[:1]
    )
    behind = Page.objects.filter(
        translation_key=OuterRef("translation_key"),
        locale__language_code__in=others,
    )
    outdated_translation = Exists(
        behind.annotate(
            synced_at=Coalesce(synced, F("last_published_at"), F("first_published_at"))
        ).filter(synced_at__lt=source_published)
    )
    return pages.annotate(
        **{
            MISSING: missing,
            OUTDATED: Case(
                When(outdated_translation, then=True),
                default=False,
                output_field=BooleanField(),
            ),
        }
    )


def counted_pages():
    """The pages editors are told about: live pages below the root, except
    the locales' root pages themselves."""
    return Page.objects.live().filter(depth__gt=1)


def missing_translations():
    return (
        annotate(counted_pages())
        .filter(**{MISSING: True})
        .filter(locale__language_code=settings.LANGUAGE_CODE)
    )


def outdated_translations():
    return (
        annotate(counted_pages())
        .filter(**{OUTDATED: True})
        .filter(locale__language_code=settings.LANGUAGE_CODE)
    )
