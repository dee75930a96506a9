"""Receivers for code comments does not own."""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sites.models import Site
from django.db.models.signals import post_delete, post_migrate, post_save, pre_save
from django_comments_xtd.models import publish_or_unpublish_on_pre_save

from home.cache import invalidate_page_cache
from home.site_url import site_url
from privacy.restrictions import restriction_placed

from . import services
from .models import CommentSettings


def sync_default_site(sender, using="default", **kwargs):
    """django_comments needs the sites framework, and allauth's mails name
    the site it finds there: keep its row (SITE_ID) the host of
    WAGTAILADMIN_BASE_URL and the site's name."""
    host = urlsplit(site_url()).netloc or "localhost"
    Site.objects.using(using).update_or_create(
        pk=settings.SITE_ID,
        defaults={"domain": host[:100], "name": settings.WAGTAIL_SITE_NAME[:50]},
    )


def settings_saved(sender, created=False, **kwargs):
    """Pages show comments by these settings: a change starts a new cache
    generation. Their first save (the row Wagtail makes when they are first
    read) changes nothing visible."""
    if not created:
        invalidate_page_cache()


def hold_restricted_comments(sender, subject, **kwargs):
    """Processing of a person's data was restricted (privacy, the floor
    below, cannot call comments): their published comments stop being
    shown and wait."""
    services.hold_comments_of(subject)


def connect(app_config):
    # The library's handler makes every save of a comment publish or hide
    # all replies below it (and count them again); moderation here decides
    # comment by comment, and a reply under a hidden comment is hidden by
    # the thread itself.
    pre_save.disconnect(publish_or_unpublish_on_pre_save, sender="comments.Comment")
    post_save.connect(
        settings_saved, sender=CommentSettings, dispatch_uid="comments-settings-saved"
    )
    post_delete.connect(
        invalidate_page_cache,
        sender=CommentSettings,
        dispatch_uid="comments-settings-deleted",
    )
    restriction_placed.connect(
        hold_restricted_comments, dispatch_uid="comments-hold-restricted"
    )
    post_migrate.connect(
        sync_default_site, sender=app_config, dispatch_uid="comments-sync-site"
    )
