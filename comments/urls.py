from django.urls import path

from home import views as home_views

from . import views

app_name = "comments"

urlpatterns = [
    path("side/<int:page_id>/", views.post, name="post"),
    # Kept for pages cached before forms used the site-wide endpoint
    # (home.views.form_token).
    path("skjemanokkel/", home_views.form_token, name="token"),
    path("sendt/<str:token>/", views.posted, name="posted"),
    path("bekreft/<str:token>/", views.confirm, name="confirm"),
    path("slett/<str:token>/", views.delete_by_link, name="delete_by_link"),
    path("<int:comment_id>/slett/", views.delete_own, name="delete_own"),
    path("avmeld/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("<int:comment_id>/rapporter/", views.report, name="report"),
]
