"""The Facebook Page under /council/<slug>/settings/facebook/ and the Page actions of the moderation desk."""

from django.urls import path

from . import views

app_name = "social"

urlpatterns = [
    path("settings/facebook/", views.page_settings, name="settings"),
    path("settings/facebook/test/", views.page_test, name="test"),
    path("moderation/facebook/item/<int:submission_pk>/<str:action>/", views.item_act, name="item_act"),
    path("moderation/facebook/post/<int:pk>/retry/", views.post_retry, name="post_retry"),
]
