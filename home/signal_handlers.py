from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db.backends.signals import connection_created
from django.db.models.signals import m2m_changed, post_delete, post_save
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
    # Who may use the admin (the user bar on pages) is remembered per
    # generation by home/templatetags/navigation_tags.py: access given must
    # show at once. (Access taken away, or a deleted group, also hides the
    # bar at once: Wagtail's user bar asks the permission itself.)
    User = get_user_model()
    for through in (
        User.groups.through,
        User.user_permissions.through,
        Group.permissions.through,
    ):
        m2m_changed.connect(
            invalidate_page_cache,
            sender=through,
            dispatch_uid=f"home-cache-{through.__name__}",
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
