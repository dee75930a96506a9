"""Comments' registrations in Wagtail's admin: the moderation list
(admin_lists.py) and its views (admin_views.py), the dashboard panel
(dashboard.py), and a Comments button on the pages that take them."""

from django.urls import path
from wagtail import hooks
from wagtail_modeladmin.options import modeladmin_register

from . import admin_views, my_page
from .admin_lists import CommentAdmin, comments_button
from .dashboard import ModerationPanel

modeladmin_register(CommentAdmin)


@hooks.register("register_admin_urls")
def register_comment_admin_urls():
    return [
        path("comments/bulk/", admin_views.bulk_action, name="comments_admin_bulk"),
        path(
            "comments/<int:comment_id>/moderate/",
            admin_views.moderate_one,
            name="comments_admin_moderate",
        ),
        path(
            "comments/page/<int:page_id>/",
            admin_views.page_settings,
            name="comments_admin_page",
        ),
    ]


@hooks.register("construct_homepage_panels")
def add_moderation_panel(request, panels):
    if request.user.has_perm("comments.change_comment"):
        panels.append(ModerationPanel())


@hooks.register("register_page_header_buttons")
def page_header_comments_button(page, user, view_name, next_url=None):
    button = comments_button(page, user, priority=66)
    if button is not None:
        yield button


@hooks.register("register_page_listing_more_buttons")
def page_listing_comments_button(page, user, next_url=None):
    button = comments_button(page, user, priority=55)
    if button is not None:
        yield button


@hooks.register("my_page_sections")
def my_comments_section():
    return my_page.section()
