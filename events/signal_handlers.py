from django.db.models.signals import post_delete, post_save

from home.cache import invalidate_page_cache

from .models import Genre, Hall


def connect():
    """Halls and genres show on event pages and listings: a change to one
    renders the cached pages afresh."""
    for model in (Hall, Genre):
        for signal in (post_save, post_delete):
            signal.connect(
                invalidate_page_cache,
                sender=model,
                dispatch_uid=f"events-cache-{model.__name__}-{signal}",
            )
