"""Maintenance mode while a restore has not replayed the erasure journal:
the restored database may still hold people who asked to be erased, so no
page is served from it."""

from django.http import HttpResponse
from django.template import loader
from django.utils import translation

from .conf import conf


class MaintenanceMiddleware:
    """Every request answers 503 while ``BACKUP_MAINTENANCE_FILE`` exists
    (one ``stat`` per request, no query; the page reads nothing from the
    database)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not conf.MAINTENANCE_FILE.exists():
            return self.get_response(request)
        html = loader.get_template("backups/maintenance.html").render(
            {"language": translation.get_language()}
        )
        response = HttpResponse(html, status=503)
        response["Retry-After"] = "600"
        response["Cache-Control"] = "no-store"
        return response
