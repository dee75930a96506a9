from wagtail import hooks
from wagtail.snippets.models import register_snippet

from .dashboard import ProgrammePanel
from .viewsets import ProgrammeViewSetGroup

register_snippet(ProgrammeViewSetGroup)


@hooks.register("construct_homepage_panels")
def add_programme_panel(request, panels):
    panels.append(ProgrammePanel())
