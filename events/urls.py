from django.urls import re_path

from . import views

app_name = "events"

urlpatterns = [
    re_path(r"^(?P<path>(?:[\w\-]+/)*)kalender\.ics$", views.calendar, name="calendar"),
]
