"""Refused requests to the admin, written to the account's security log: a
signed-in visitor who is not an editor (or an editor lacking a permission)
and tries an admin URL may be someone else at their keyboard, or someone
who took their session; my page shows it to them."""

from functools import cache

from django.urls import reverse

from . import services
from .models import SecurityEvent


@cache
def _admin_prefix():
    return reverse("wagtailadmin_home")


def refused(user, response) -> bool:
    """Wagtail answers a refusal with 403, or (for an account without admin
    access) a redirect to the admin's sign-in page."""
    if response.status_code == 403:
        return True
    return response.status_code == 302 and not user.has_perm(
        "wagtailadmin.access_admin"
    )


class RefusedAdminRequestMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and request.path_info.startswith(_admin_prefix())
            and refused(user, response)
        ):
            services.record_security_event(
                user,
                SecurityEvent.Kind.ADMIN_REFUSED,
                request=request,
                detail=request.path_info,
            )
        return response
