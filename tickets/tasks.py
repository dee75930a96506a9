"""Periodic work of the tickets app (listed in settings.PERIODIC_TASKS).
The mail tasks live beside the mail, in tickets/mail.py."""

from django_tasks import task

from . import mail, services


@task()
def send_pending_receipts_task():
    """Retry receipts the mail server refused."""
    return mail.send_pending_receipts()


@task()
def release_expired_holds_task():
    """Give back seats held by checkouts that ran out, when Stripe's
    ``checkout.session.expired`` webhook did not do it."""
    return services.release_expired_holds()


@task()
def purge_expired_orders_task():
    """Delete orders past their bookkeeping period, unpaid orders and old
    webhook event ids."""
    return services.purge_expired_orders()


@task()
def pass_expired_offers_task():
    """Waiting-list offers not used in time pass to the next person."""
    return services.pass_expired_offers()


@task()
def purge_waiting_lists_task():
    """Delete the waiting lists of performances that have taken place."""
    return services.purge_waiting_lists()
