from django.utils.functional import SimpleLazyObject

from .models import VenueSettings


def venue(request):
    """``venue``: the venue's name, address and contacts, for every page."""
    return {"venue": SimpleLazyObject(VenueSettings.current)}
