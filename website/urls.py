from django.urls import path

from . import views

app_name = "public"

urlpatterns = [
    path("c/<slug:council_slug>/", views.council_home, name="council_home"),
    path("c/<slug:council_slug>/announcements/<int:pk>/", views.announcement, name="announcement"),
    path("c/<slug:council_slug>/contact/", views.contact, name="contact"),
    path("c/<slug:council_slug>/sent/<str:token>/", views.sent, name="sent"),
    path("c/<slug:council_slug>/policy/", views.council_policy, name="council_policy"),
    path("c/<slug:council_slug>/privacy/", views.privacy, name="privacy"),
    path("c/<slug:council_slug>/accessibility/", views.accessibility, name="accessibility"),
    path("c/<slug:council_slug>/feed/", views.announcements_feed, name="feed"),
    path("c/<slug:council_slug>/embed/contact/", views.embed_contact, name="embed_contact"),
    path("c/<slug:council_slug>/embed/announcements/<int:pk>/", views.embed_comment, name="embed_comment"),
    path("c/<slug:council_slug>/embed/sent/<str:token>/", views.embed_sent, name="embed_sent"),
]
