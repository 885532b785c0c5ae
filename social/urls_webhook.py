"""Meta's webhook for each council's Page: public, signed, at /social/facebook/webhook/<slug>/."""

from django.urls import path

from . import views

urlpatterns = [
    path("facebook/webhook/<slug:council_slug>/", views.webhook, name="facebook_webhook"),
]
