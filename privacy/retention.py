"""Retention: how long each kind of personal data is kept, and the purge
that removes what is older.

Each app declares its rules in its own ``retention_rules.py`` (found by
discovery, like ``personal_data.py``), one subclass of
:class:`RetentionRule` per rule, registered with :func:`register`::

    @register
    class CommentAddresses(RetentionRule):
        key = "comments.ip_address"
        label = _("IP address and browser of comments")
        default_days = 60
        anonymise = {"ip_address": None, "user_agent": ""}

        def querysets(self, cutoff, now):
            return [Comment.objects.filter(submit_date__lt=cutoff)
                    .exclude(ip_address=None)]

The days come from the retention table in settings (``PRIVACY_RETENTION``,
by ``key``), else ``default_days``. The purge knows no app: it asks every
rule for the rows past their time (``cutoff`` = now minus the days) and
deletes them, or with ``anonymise`` blanks those fields, in chunks of
primary keys, so memory stays flat however many rows go. A rule whose data
goes by another clock (export files when their link expires) overrides
:meth:`RetentionRule.purge` instead.

``manage.py purge_personal_data`` runs the purge (``--dry-run`` counts),
and so does a daily periodic task."""

import dataclasses
import datetime
import functools
import itertools
from collections.abc import Callable

from django.conf import settings
from django.db import models
from django.db.models import signals
from django.utils import timezone
from django.utils.module_loading import autodiscover_modules

from . import journal
from .conf import conf
from .restrictions import held_q

MODULE_NAME = "retention_rules"

_rules: dict[str, "RetentionRule"] = {}

Progress = Callable[[str, int, int], None]


@dataclasses.dataclass
class PurgeResult:
    """What the purge did (or, dry, would do) for one rule."""

    key: str
    label: str
    days: int | None
    affected: int = 0
    anonymised: bool = False


class RetentionRule:
    """One retention rule; see the module docstring."""

    key = ""
    label = ""
    default_days: int | None = None
    anonymise: dict = {}
    #: ``{"app_label.model": (user lookups, email lookups)}`` for rows that
    #: reach the person through another model (``"subscriber__email"``).
    person_lookups: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {}

    @property
    def days(self) -> int | None:
        return conf.RETENTION.get(self.key, self.default_days)

    def querysets(self, cutoff, now) -> list[models.QuerySet]:
        """The rows past their time."""
        raise NotImplementedError

    def purge(self, now, *, dry_run=False, chunk_size=2000, progress=None) -> int:
        """Delete (or anonymise) the rows past their time; return how many.
        With ``dry_run``, only count them."""
        days = self.days
        if days is None:
            return 0
        cutoff = now - datetime.timedelta(days=days)
        total = 0
        for queryset in self.querysets(cutoff, now):
            queryset = self.held_back(queryset)
            if dry_run:
                total += queryset.count()
                continue
            total += chunked_apply(
                queryset,
                self._apply,
                chunk_size=chunk_size,
                progress=functools.partial(_report, progress, self.key, total)
                if progress
                else None,
            )
        return total

    def held_back(self, queryset: models.QuerySet) -> models.QuerySet:
        """``queryset`` without the rows of people whose processing is
        restricted: theirs are kept until the restriction is lifted."""
        users, emails = self.person_lookups.get(
            queryset.model._meta.label_lower, _person_fields(queryset.model)
        )
        if not users and not emails:
            return queryset
        query = models.Q(pk__in=[])
        for lookup in users:
            query |= held_q(user_field=lookup)
        for lookup in emails:
            query |= held_q(email_field=lookup)
        return queryset.exclude(query)

    def _apply(self, rows: models.QuerySet) -> int:
        rows = rows.order_by()
        if self.anonymise:
            return rows.update(**self.anonymise)
        self.journal(rows)
        return delete_rows(rows)

    def journal(self, rows: models.QuerySet) -> None:
        """Append the addresses and phone numbers on the rows about to go to
        the erasure journal, so that restoring an older backup purges them
        again (privacy/journal.py)."""
        fields = [
            (kind, field.attname)
            for field in rows.model._meta.concrete_fields
            if isinstance(field, models.CharField)
            and (kind := journal.identifier_kind(field.name))
        ]
        if not fields:
            return
        identifiers = {
            (kind, value)
            for row in rows.values_list(*[name for _kind, name in fields])
            for (kind, _name), value in zip(fields, row, strict=True)
            if value
        }
        journal.record_retention(self.key, identifiers)


def _person_fields(model) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The fields of ``model`` that say whose a row is: links to an account,
    and email addresses."""
    users, emails = [], []
    for field in model._meta.concrete_fields:
        if isinstance(field, models.EmailField):
            emails.append(field.name)
        elif field.is_relation and field.related_model is not None:
            if field.related_model._meta.label == settings.AUTH_USER_MODEL:
                users.append(field.attname)
    return tuple(users), tuple(emails)


def delete_rows(rows: models.QuerySet) -> int:
    """Delete ``rows`` as ``QuerySet.delete()`` would, without loading them
    when nothing needs them loaded: with no delete signals for the model and
    only CASCADE or SET_NULL relations pointing at it, related rows are
    handled by subquery and the rows go in one statement. Otherwise Django's
    collector runs (loading only keys)."""
    model = rows.model
    relations = [
        relation
        for relation in model._meta.related_objects
        if not relation.many_to_many
    ]
    plain = not (
        signals.pre_delete.has_listeners(model)
        or signals.post_delete.has_listeners(model)
    ) and all(
        relation.on_delete in (models.CASCADE, models.SET_NULL)
        for relation in relations
    )
    if not plain:
        _count, per_model = rows.only("pk").delete()
        return per_model.get(model._meta.label, 0)
    keys = rows.values("pk")
    for relation in relations:
        related = relation.related_model._base_manager.filter(
            **{f"{relation.field.name}__in": keys}
        )
        if relation.on_delete is models.CASCADE:
            related.delete()
        else:
            related.update(**{relation.field.name: None})
    # What QuerySet.delete() itself runs once the collector finds nothing to
    # load: one DELETE with the queryset's own conditions.
    return rows._raw_delete(rows.db)


def _report(progress, key, before, done):
    progress(key, before + done)


def chunked_apply(queryset, apply, *, chunk_size=2000, progress=None) -> int:
    """Run ``apply`` on ``queryset``'s rows ``chunk_size`` at a time, in
    primary-key order; return the sum of what it returns.

    The keys come from one query read as a stream (a server-side cursor on
    PostgreSQL, ``fetchmany`` on SQLite), so only one chunk of keys is in
    memory however many rows go, and the rows' own conditions are evaluated
    once (asking again per chunk would rescan the index on every chunk).
    Each chunk is changed by key, keeping the rule's conditions, and commits
    on its own."""
    keys = (
        queryset.order_by("pk")
        .values_list("pk", flat=True)
        .iterator(chunk_size=chunk_size)
    )
    done = 0
    for chunk in _chunks(keys, chunk_size):
        done += apply(queryset.filter(pk__in=chunk))
        if progress is not None:
            progress(done)
    return done


def _chunks(iterable, size):
    iterator = iter(iterable)
    while chunk := list(itertools.islice(iterator, size)):
        yield chunk


def register(rule_class):
    """Class decorator: register one instance of ``rule_class``."""
    rule = rule_class()
    if not rule.key:
        raise ValueError(f"{rule_class.__name__} needs a key.")
    _rules[rule.key] = rule
    return rule_class


def unregister(key):
    _rules.pop(key, None)


def rules() -> list[RetentionRule]:
    return [_rules[key] for key in sorted(_rules)]


def get_days(key) -> int | None:
    """The days the retention table gives ``key`` (its rule's default when
    the table does not name it), for texts that state them."""
    rule = _rules.get(key)
    return rule.days if rule is not None else conf.RETENTION.get(key)


def undeclared_keys() -> list[str]:
    """Keys of the retention table no installed app has a rule for (the
    app that owns them is not installed yet)."""
    return sorted(set(conf.RETENTION) - set(_rules))


def purge(
    *,
    now=None,
    dry_run=False,
    keys=None,
    chunk_size=None,
    progress: Progress | None = None,
) -> dict[str, PurgeResult]:
    """Apply every rule (or those in ``keys``); returns each rule's result
    by key. Each chunk commits on its own: an interrupted purge has done
    part of the work and the next run does the rest."""
    now = now or timezone.now()
    chunk_size = chunk_size or conf.PURGE_CHUNK_SIZE
    results = {}
    for rule in rules():
        if keys and rule.key not in keys:
            continue
        affected = rule.purge(
            now, dry_run=dry_run, chunk_size=chunk_size, progress=progress
        )
        results[rule.key] = PurgeResult(
            key=rule.key,
            label=str(rule.label),
            days=rule.days,
            affected=affected,
            anonymised=bool(rule.anonymise),
        )
    return results


def autodiscover():
    autodiscover_modules(MODULE_NAME)
