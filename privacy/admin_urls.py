from django.urls import path

from . import admin_rectification, admin_restrictions, admin_views

app_name = "privacy_admin"

urlpatterns = [
    path("requests/", admin_views.request_queue, name="requests"),
    path("requests/new/", admin_views.request_enter, name="request_enter"),
    path("requests/<int:pk>/", admin_views.request_detail, name="request"),
    path("requests/<int:pk>/status/", admin_views.request_status, name="status"),
    path("requests/<int:pk>/note/", admin_views.request_note, name="note"),
    path("requests/<int:pk>/export/", admin_views.request_export, name="export"),
    path("requests/<int:pk>/erase/", admin_views.request_erase, name="erase"),
    path("restrictions/", admin_restrictions.restriction_list, name="restrictions"),
    path(
        "restrictions/new/",
        admin_restrictions.restriction_create,
        name="restriction_create",
    ),
    path(
        "restrictions/<int:pk>/lift/",
        admin_restrictions.restriction_lift,
        name="restriction_lift",
    ),
    path(
        "corrections/",
        admin_rectification.rectification_list,
        name="rectifications",
    ),
    path("versions/", admin_views.versions, name="versions"),
    path("statement/<int:pk>/drift/", admin_views.drift, name="drift"),
    path("versions/<int:pk>/retry/", admin_views.retry_notices, name="retry"),
]
