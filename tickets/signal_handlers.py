from django.db.models.signals import post_delete, post_save
from wagtail.signals import page_published

from home.cache import invalidate_page_cache

from . import services
from .models import TermsOfSale


def event_published(sender, instance, **kwargs):
    """An editor published an event: the status of each performance sold
    here follows its sales again (the editor's form may have held an older
    one), every performance has its sales row for the admin, and seats an
    editor added go to the waiting list first."""
    if hasattr(instance, "price_categories") and (
        getattr(instance, "free_tickets_here", False)
        or instance.price_categories.exists()
    ):
        services.sync_event_statuses(instance)
        # More seats may have been added: its waiting lists come first.
        for performance_id in instance.performances.values_list("pk", flat=True):
            services.offer_released_seats(performance_id)


def connect():
    page_published.connect(event_published, dispatch_uid="tickets-event-published")
    # The terms of sale are a page visitors see (and the page cache keeps).
    for signal in (post_save, post_delete):
        signal.connect(
            invalidate_page_cache,
            sender=TermsOfSale,
            dispatch_uid=f"tickets-cache-terms-{signal}",
        )
