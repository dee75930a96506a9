from wagtail.signals import page_published

from . import services


def event_published(sender, instance, **kwargs):
    """An editor published an event: the status of each performance sold
    here follows its sales again (the editor's form may have held an older
    one), and every performance has its sales row for the admin."""
    if hasattr(instance, "price_categories"):
        services.sync_event_statuses(instance)


def connect():
    page_published.connect(event_published, dispatch_uid="tickets-event-published")
