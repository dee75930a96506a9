from django.db.models.signals import post_delete, post_save
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished, post_page_move

from .cache import invalidate_page_cache
from .models import VenueSettings


def connect():
    """Any change a visitor could see starts a new page-cache generation."""
    page_published.connect(invalidate_page_cache, dispatch_uid="home-cache-publish")
    page_unpublished.connect(invalidate_page_cache, dispatch_uid="home-cache-unpublish")
    post_page_move.connect(invalidate_page_cache, dispatch_uid="home-cache-move")
    post_delete.connect(
        invalidate_page_cache, sender=Page, dispatch_uid="home-cache-page-delete"
    )
    for model in (VenueSettings,):
        post_save.connect(
            invalidate_page_cache, sender=model, dispatch_uid=f"home-cache-{model}"
        )
