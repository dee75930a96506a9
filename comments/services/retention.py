"""What the retention rules purge from comments."""

from django.db.models import Q


def with_sender_details(comments, cutoff):
    """Those of ``comments`` older than ``cutoff`` that still have an IP
    address, browser or referrer."""
    return comments.filter(submit_date__lt=cutoff).filter(
        Q(ip_address__isnull=False) | ~Q(user_agent="") | ~Q(referrer="")
    )
