from django.urls import path
from django.utils.translation import pgettext_lazy

from . import views

app_name = "tickets"

# Included at /billetter/.
urlpatterns = [
    path("kjop/<int:performance_id>/", views.buy, name="buy"),
    path("ko/<int:performance_id>/", views.queue_status, name="queue_status"),
    path("ordre/<str:access_key>/", views.order, name="order"),
    path("ordre/<str:access_key>/status/", views.order_status, name="order_status"),
    path("ordre/<str:access_key>/avbryt/", views.cancel, name="cancel"),
    path("ordre/<str:access_key>/avbestill/", views.cancel_free, name="cancel_free"),
    path("venteliste/<int:performance_id>/", views.waiting_list, name="waiting_list"),
    path(
        "venteliste/tilbud/<str:offer_key>/", views.waiting_offer, name="waiting_offer"
    ),
    path("anbefalinger/", views.recommendations, name="recommendations"),
    path("stripe/webhook/", views.stripe_webhook, name="stripe_webhook"),
]

# Included in the root's i18n_patterns, outside the namespace: the terms
# are a page visitors read, in the language of its address (Norwegian at
# /billetter/kjopsvilkar/ as always, English at /en/tickets/terms-of-sale/).
# The shop's own pages above follow the visitor and keep one address.
translated_urlpatterns = [
    path(
        pgettext_lazy("URL path", "tickets/terms-of-sale/"),
        views.terms_of_sale,
        name="terms_of_sale",
    ),
]
