from django.urls import path

from . import views

app_name = "accounts"

# Included at /konto/ before allauth's URLs (login, signup, email, ...).
urlpatterns = [
    path("", views.index, name="index"),
    path("meg/", views.my_page, name="my_page"),
    path("meg/profil/", views.profile, name="profile"),
    path("meg/profil/verge/", views.guardian_resend, name="guardian_resend"),
    path("meg/data/", views.data, name="data"),
    path("meg/slett/", views.delete, name="delete"),
    path("slettet/", views.deleted, name="deleted"),
    path("verge/<str:token>/", views.guardian_confirm, name="guardian_confirm"),
]
