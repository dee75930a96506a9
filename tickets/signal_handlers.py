from wagtail.signals import page_published

from . import services


def event_published(sender, instance, **kwargs):
    """An editor published an event: the status of each performance sold
    here follows its sales again (the editor's form may have held an older
    one), every performance has its sales row for the admin, and seats an
    editor added go to the waiting list first."""
    if hasattr(instance, "price_categories") and instance.price_categories.exists():
        services.sync_event_statuses(instance)
        # More seats may have been added: its waiting lists come first.
        for performance_id in instance.performances.values_list("pk", flat=True):
            services.offer_released_seats(performance_id)


def connect():
    page_published.connect(event_published, dispatch_uid="tickets-event-published")
