"""The Clerk's settings area, under /council/<slug>/settings/."""

from django.urls import path

from .views import settings as views

app_name = "settings"

urlpatterns = [
    path("", views.index, name="index"),
    path("hours/", views.hours, name="hours"),
    path("hours/<int:pk>/remove/", views.hours_remove, name="hours_remove"),
    path("absences/", views.absences, name="absences"),
    path("absences/<int:pk>/remove/", views.absence_remove, name="absence_remove"),
    path("channels/", views.channels, name="channels"),
    path("mailbox/", views.mailbox, name="mailbox"),
    path("mailbox/test/", views.mailbox_test, name="mailbox_test"),
    path("saved-replies/", views.saved_replies, name="saved_replies"),
    path("saved-replies/new/", views.saved_reply_edit, name="saved_reply_new"),
    path("saved-replies/<int:pk>/", views.saved_reply_edit, name="saved_reply_edit"),
    path("saved-replies/<int:pk>/retire/", views.saved_reply_retire, name="saved_reply_retire"),
    path("agencies/", views.agencies, name="agencies"),
    path("agencies/<int:pk>/", views.agencies, name="agency_edit"),
    path("committees/", views.committees, name="committees"),
    path("committees/<int:pk>/", views.committees, name="committee_edit"),
    path("members/", views.members, name="members"),
    path("members/<int:pk>/role/", views.member_role, name="member_role"),
    path("members/<int:pk>/deactivate/", views.member_deactivate, name="member_deactivate"),
]
