from django.urls import path

from . import views
from .sms import views as sms_views

app_name = "newsletter"

urlpatterns = [
    path("", views.subscribe, name="subscribe"),
    path("sjekk-e-posten/", views.check_mail, name="check_mail"),
    path("bekreft/<str:token>/", views.confirm, name="confirm"),
    path("avmeld/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("abonnement/<str:token>/", views.manage, name="manage"),
    path(
        "abonnement/<str:token>/ny-adresse/",
        views.change_address,
        name="change_address",
    ),
    path("ny-adresse/<str:token>/", views.confirm_address, name="confirm_address"),
    path("behold/<str:token>/", views.reconsent, name="reconsent"),
    path("meg/", views.my_subscription, name="my_subscription"),
    # Replies to our SMS (stop words), from the SMS provider.
    path("sms/twilio/", sms_views.twilio_inbound, name="sms_twilio_inbound"),
]
