from django.urls import path

from . import views

app_name = "privacy"

urlpatterns = [
    path("foresporsel/", views.request_form, name="request"),
    path("foresporsel/sendt/", views.request_sent, name="request_sent"),
    path(
        "foresporsel/bekreft/<str:token>/",
        views.request_confirm,
        name="request_confirm",
    ),
    path("eksport-skjema.json", views.export_schema, name="export_schema"),
    path("eksport/<str:token>/", views.export_download, name="export_download"),
    path("samtykke/", views.consent, name="consent"),
    path("informasjonskapsler/", views.cookie_settings, name="cookies"),
    path("verge/sendt/", views.guardian_sent, name="guardian_sent"),
    path("verge/<str:token>/", views.guardian_confirm, name="guardian_confirm"),
    path("lest/", views.acknowledge, name="acknowledge"),
    path("begrens/", views.restrict_my_data, name="restrict"),
    path("begrens/opphev/", views.lift_my_restriction, name="lift_restriction"),
]
