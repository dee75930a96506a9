from wagtail import hooks
from wagtail.snippets.models import register_snippet

from . import admin_scheduling
from .dashboard import ProgrammePanel
from .viewsets import ProgrammeViewSetGroup

register_snippet(ProgrammeViewSetGroup)


@hooks.register("construct_homepage_panels")
def add_programme_panel(request, panels):
    panels.append(ProgrammePanel())


@hooks.register("register_admin_urls")
def register_scheduling_urls():
    return admin_scheduling.urlpatterns()


@hooks.register("register_page_header_buttons")
def scheduling_header_buttons(page, user, view_name=None, next_url=None):
    return admin_scheduling.buttons(page, user)


@hooks.register("register_page_listing_more_buttons")
def scheduling_listing_buttons(page, user, next_url=None):
    return admin_scheduling.buttons(page, user)
