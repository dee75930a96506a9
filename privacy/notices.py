"""Who is told about a material change to the privacy statement: a registry
of recipient sources.

Every registered user with a verified address is a recipient (the source
below). Other apps add their own lists without privacy knowing them; the
newsletter app, for one, registers its confirmed subscribers as an
*optional* source, mailed only when the editor ticks "also notify newsletter
subscribers"::

    from privacy.notices import NoticeSource, Recipient, register_source

    @register_source
    class Subscribers(NoticeSource):
        key = "newsletter.subscribers"
        label = _("Newsletter subscribers")
        optional = True

        def recipients(self):
            rows = Subscriber.objects.confirmed().values_list("email", "language")
            for email, language in rows.iterator(chunk_size=2000):
                yield Recipient(email=email, language=language)

A source of people known only by one kind of data (the buyers of orders,
the authors of comments) names the registry keys of that data in ``kinds``:
it is mailed when a change touches one of them (``PolicyVersion.
touched_kinds``: the kinds whose row in "what we store" changed), since
those people are the ones the change concerns.

``recipients()`` yields :class:`Recipient` one at a time, reading in chunks
(memory stays flat for any number). An address found by several sources is
mailed once (the first source wins; users come first)."""

import dataclasses
from collections.abc import Iterator

from django.apps import apps
from django.db.models import OuterRef, Subquery
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _

from .models import LanguagePreference

_sources: dict[str, "NoticeSource"] = {}


@dataclasses.dataclass(frozen=True)
class Recipient:
    email: str
    language: str = ""
    user_id: int | None = None


class NoticeSource:
    """One list of people to notify; see the module docstring."""

    key = ""
    label = ""
    optional = False
    order = 100
    kinds: tuple[str, ...] = ()

    def recipients(self) -> Iterator[Recipient]:
        raise NotImplementedError


def register_source(source_class):
    """Class decorator: register one instance of ``source_class``."""
    source = source_class()
    if not source.key:
        raise ValueError(f"{source_class.__name__} needs a key.")
    _sources[source.key] = source
    return source_class


def autodiscover():
    """Import every app's ``notices.py``, which registers its sources."""
    autodiscover_modules("notices")


def unregister_source(key):
    _sources.pop(key, None)


def _concerned(source, include_optional, touched_kinds):
    if source.optional and include_optional:
        return True
    if source.kinds:
        return bool(set(source.kinds) & set(touched_kinds))
    return not source.optional


def sources(*, include_optional: bool, touched_kinds=()) -> list[NoticeSource]:
    """The sources to notify, users first: every source that is not
    optional, the optional ones when asked for, and those whose kinds of
    data the change touches."""
    chosen = [
        source
        for source in _sources.values()
        if _concerned(source, include_optional, touched_kinds)
    ]
    return sorted(chosen, key=lambda source: (source.order, source.key))


@register_source
class RegisteredUsers(NoticeSource):
    """Every active account with a verified address (allauth's), in the
    language its owner last used."""

    key = "privacy.users"
    label = _("Registered users")
    order = 0

    def recipients(self):
        if not apps.is_installed("allauth.account"):
            return
        from allauth.account.models import EmailAddress

        rows = (
            EmailAddress.objects.filter(verified=True, user__is_active=True)
            .annotate(
                language=Subquery(
                    LanguagePreference.objects.filter(user=OuterRef("user_id")).values(
                        "language"
                    )[:1]
                )
            )
            .order_by("user_id", "-primary", "pk")
            .values_list("user_id", "email", "language")
        )
        previous = None
        for user_id, email, language in rows.iterator(chunk_size=2000):
            if user_id == previous:
                continue
            previous = user_id
            yield Recipient(email=email, language=language or "", user_id=user_id)
