from django.urls import path

from . import views_mail

app_name = "comms_mail"

urlpatterns = [
    path("council/<slug:council_slug>/outbox/", views_mail.outbox_list, name="outbox_list"),
    path("council/<slug:council_slug>/outbox/<int:pk>/", views_mail.outbox_detail, name="outbox_detail"),
    path("council/<slug:council_slug>/outbox/<int:pk>/retry/", views_mail.outbox_retry_view, name="outbox_retry"),
]
