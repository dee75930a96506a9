from django.db.backends.signals import connection_created
from django.db.models.signals import post_delete, post_save
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from . import frontend_cache
from .cache import invalidate_page_cache
from .models import AccessibilitySettings, SiteTexts, VenueSettings


def connect():
    """Any change a visitor could see starts a new page-cache generation;
    SQLite overwrites what is deleted."""
    connection_created.connect(
        secure_delete_on_sqlite, dispatch_uid="home-sqlite-secure-delete"
    )
    page_published.connect(invalidate_page_cache, dispatch_uid="home-cache-publish")
    page_unpublished.connect(invalidate_page_cache, dispatch_uid="home-cache-unpublish")
    post_page_move.connect(invalidate_page_cache, dispatch_uid="home-cache-move")
    post_delete.connect(
        invalidate_page_cache, sender=Page, dispatch_uid="home-cache-page-delete"
    )
    # Sites and view restrictions are remembered per generation by
    # home/routing.py; a change to either must be seen at once.
    for model in (
        VenueSettings,
        AccessibilitySettings,
        SiteTexts,
        Site,
        PageViewRestriction,
    ):
        for signal in (post_save, post_delete):
            signal.connect(
                invalidate_page_cache,
                sender=model,
                dispatch_uid=f"home-cache-{model.__name__}-{signal}",
            )
    # The front proxy's copies of a page and the listings above it go when
    # the change is committed (home/frontend_cache.py); connected after the
    # generation, so the pages nginx fetches again are rendered afresh.
    page_published.connect(
        frontend_cache.purge_published, dispatch_uid="home-proxy-publish"
    )
    page_unpublished.connect(
        frontend_cache.purge_removed, dispatch_uid="home-proxy-unpublish"
    )
    post_page_move.connect(frontend_cache.purge_moved, dispatch_uid="home-proxy-move")
    post_delete.connect(
        frontend_cache.purge_removed, sender=Page, dispatch_uid="home-proxy-delete"
    )


def secure_delete_on_sqlite(sender, connection, **kwargs):
    """SQLite keeps deleted rows' bytes in free pages of the file (and its
    WAL) until the space is reused, so an erased address could be read back
    from a copy of the file. ``secure_delete`` overwrites them with zeros as
    they are deleted. Set per connection, for every SQLite database."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA secure_delete = ON")
