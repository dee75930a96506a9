from wagtail import hooks

from .dashboard import BackupsPanel


@hooks.register("construct_homepage_panels")
def add_backups_panel(request, panels):
    if request.user.is_superuser:
        panels.append(BackupsPanel())
