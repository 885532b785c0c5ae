"""Record keeping (FOI, subject access, retention, holds, forwards), under /council/<slug>/record-keeping/.

The public FOI disclosure log is listed with the other public pages in website/urls.py."""

from django.urls import path

from . import views

app_name = "records"

urlpatterns = [
    path("", views.records_home, name="home"),
    path("foi/new/", views.foi_create, name="foi_create"),
    path("foi/<int:pk>/", views.foi_detail, name="foi_detail"),
    path("foi/<int:pk>/<str:action>/", views.foi_action, name="foi_action"),
    path("sar/new/", views.sar_create, name="sar_create"),
    path("sar/<int:pk>/", views.sar_detail, name="sar_detail"),
    path("sar/<int:pk>/bundle.zip", views.sar_bundle, name="sar_bundle"),
    path("sar/<int:pk>/<str:action>/", views.sar_action, name="sar_action"),
    path("contacts/merge/", views.contact_merge, name="contact_merge"),
    path("retention/rule/", views.retention_rule_save, name="retention_rule"),
    path("retention/run/", views.retention_run_now, name="retention_run"),
    path("holds/new/", views.hold_create, name="hold_create"),
    path("holds/<int:pk>/release/", views.hold_release, name="hold_release"),
    path("forward/new/", views.forward_new, name="forward_new"),
    path("forward/<int:pk>/", views.forward_detail, name="forward_detail"),
    path("forward/<int:pk>/cancel/", views.forward_cancel, name="forward_cancel"),
    path("policy/new/", views.policy_new, name="policy_new"),
    path("register.csv", views.register_export, name="register_csv"),
    path("thread/<int:pk>/mbox/", views.thread_export_mbox, name="thread_mbox"),
    path("thread/<int:pk>/print/", views.thread_print, name="thread_print"),
]
