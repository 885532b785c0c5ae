"""Every public page, under /c/<slug>/: no account needed.

Two pages belong to other apps and are listed here so that the public site has one map: the FOI
disclosure log (records) and a published council post's image (moderation; fetched by the social
page owner from the link in their email).
"""

from django.urls import path

from moderation import views as moderation_views
from records import views as records_views

from . import feeds, views

app_name = "public"

urlpatterns = [
    path("", views.council_home, name="council_home"),
    path("announcements/<int:pk>/", views.announcement, name="announcement"),
    path("announcements/<int:pk>/image/", moderation_views.post_image, name="announcement_image"),
    path("contact/", views.contact, name="contact"),
    path("sent/<str:token>/", views.sent, name="sent"),
    path("policy/", views.council_policy, name="council_policy"),
    path("privacy/", views.privacy, name="privacy"),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("feed/", feeds.announcements_feed, name="feed"),
    path("foi-disclosure-log/", records_views.foi_public_log, name="foi_disclosure_log"),
    path("embed/contact/", views.embed_contact, name="embed_contact"),
    path("embed/announcements/<int:pk>/", views.embed_comment, name="embed_comment"),
    path("embed/sent/<str:token>/", views.embed_sent, name="embed_sent"),
]
