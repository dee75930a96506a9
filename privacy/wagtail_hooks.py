from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import Menu, SubmenuMenuItem

from . import admin_urls, my_page, statement
from .admin_menu import PermissionMenuItem
from .dashboard import RightsRequestsPanel, StatementDriftPanel
from .models import PrivacyPolicyPage


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [path("personvern/", include(admin_urls, namespace="privacy_admin"))]


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


@hooks.register("construct_homepage_panels")
def add_rights_requests_panel(request, panels):
    if request.user.has_perm("privacy.change_rightsrequest"):
        panels.append(RightsRequestsPanel())


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
