"""Which pages take comments, whether a page's comments are open, and who
may comment."""

import dataclasses
import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from wagtail.models import Page

from home.cache import invalidate_page_cache

from ..conf import conf
from ..forms import MAX_ID
from ..models import CommentSettings, PageCommentSettings


def takes_comments(page) -> bool:
    """Whether pages of this type show comments at all (COMMENTS_PAGE_MODELS)."""
    model = page.specific_class
    if model is None:
        return False
    labels = {label.lower() for label in conf.PAGE_MODELS}
    return model._meta.label_lower in labels


@dataclasses.dataclass(frozen=True)
class CommentsState:
    """Whether a page shows comments (``enabled``) and takes new ones
    (``open``), and until when."""

    enabled: bool
    open: bool
    closes_at: datetime.datetime | None = None


def comments_state(page, now=None) -> CommentsState:
    if not takes_comments(page):
        return CommentsState(enabled=False, open=False)
    site_settings = CommentSettings.current()
    enabled = PageCommentSettings.overrides().get(
        page.pk, site_settings.enabled_by_default
    )
    closes_at = site_settings.closes_at(page)
    is_open = enabled and (closes_at is None or (now or timezone.now()) < closes_at)
    return CommentsState(enabled=enabled, open=is_open, closes_at=closes_at)


def set_page_comments(page, enabled: bool) -> PageCommentSettings:
    """Turn comments on a page on or off (an editor's choice)."""
    page_settings, _created = PageCommentSettings.objects.update_or_create(
        page_id=page.pk, defaults={"enabled": enabled}
    )
    transaction.on_commit(invalidate_page_cache)
    return page_settings


def is_id(value) -> bool:
    """Whether ``value`` can be a row's id (URLs take any digits)."""
    return isinstance(value, int) and 0 < value <= MAX_ID


def commentable_page(page_id):
    """The live, public page ``page_id`` if it takes comments, else None."""
    if not is_id(page_id):
        return None
    page = Page.objects.live().public().filter(pk=page_id).first()
    if page is None or not takes_comments(page):
        return None
    return page.specific


def participation_block_reason(user) -> str:
    """Why this account may not comment ("" when it may): the check the
    accounts app provides, wired in by COMMENTS_PARTICIPATION_CHECK."""
    path = conf.PARTICIPATION_CHECK
    if not path or not getattr(user, "is_authenticated", False):
        return ""
    return str(import_string(path)(user) or "")
