from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem
from wagtail.admin.ui.components import Component

from . import admin_urls, my_page, rights, statement
from .models import PrivacyPolicyPage, RightsRequest


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [path("personvern/", include(admin_urls, namespace="privacy_admin"))]


class PermissionMenuItem(MenuItem):
    def __init__(self, *args, permission, **kwargs):
        super().__init__(*args, **kwargs)
        self.permission = permission

    def is_shown(self, request):
        return request.user.has_perm(self.permission)


@hooks.register("register_admin_menu_item")
def register_privacy_menu():
    menu = Menu(
        items=[
            PermissionMenuItem(
                _("Rights requests"),
                reverse("privacy_admin:requests"),
                icon_name="mail",
                permission="privacy.change_rightsrequest",
                order=100,
            ),
            PermissionMenuItem(
                _("Restrictions of processing"),
                reverse("privacy_admin:restrictions"),
                icon_name="lock",
                permission="privacy.change_rightsrequest",
                order=150,
            ),
            PermissionMenuItem(
                _("Corrections"),
                reverse("privacy_admin:rectifications"),
                icon_name="edit",
                permission="privacy.change_rightsrequest",
                order=170,
            ),
            PermissionMenuItem(
                _("Statement versions and notices"),
                reverse("privacy_admin:versions"),
                icon_name="history",
                permission="privacy.view_policyversion",
                order=200,
            ),
        ]
    )
    return SubmenuMenuItem(_("Privacy"), menu, icon_name="lock", order=900)


class RightsRequestsPanel(Component):
    """The dashboard's view of the rights-request queue: counts at a glance
    and the overdue requests, highlighted, so a deadline is never missed."""

    name = "rights_requests"
    order = 120
    template_name = "privacy/admin/dashboard_panel.html"

    def get_context_data(self, parent_context=None):
        return {
            "counts": rights.counts(),
            "overdue": RightsRequest.objects.overdue().order_by("due_at")[:5],
            "due_soon": RightsRequest.objects.open()
            .exclude(pk__in=RightsRequest.objects.overdue().values("pk"))
            .order_by("due_at")[:5],
        }


@hooks.register("construct_homepage_panels")
def add_rights_requests_panel(request, panels):
    if request.user.has_perm("privacy.change_rightsrequest"):
        panels.append(RightsRequestsPanel())


class StatementDriftPanel(Component):
    """The dashboard's warning that the privacy statement no longer says
    what the site's code declares, shown only then, with the change side by
    side and the way to a new version."""

    name = "privacy_statement_drift"
    order = 110
    template_name = "privacy/admin/drift_dashboard_panel.html"

    def __init__(self, drifts):
        self.drifts = drifts

    def get_context_data(self, parent_context=None):
        return {"drifts": self.drifts}


@hooks.register("construct_homepage_panels")
def add_statement_drift_panel(request, panels):
    drifts = []
    for page in PrivacyPolicyPage.objects.live():
        if page.permissions_for_user(request.user).can_edit():
            found = statement.drift(page)
            if found:
                drifts.append((page, found))
    if drifts:
        panels.append(StatementDriftPanel(drifts))


@hooks.register("my_page_sections")
def my_consents_section():
    """My page's "my consents" and "restrict how we use my data" (accounts
    discovers sections by this hook)."""
    return [my_page.SECTION, my_page.RESTRICTION_SECTION]
