from django.urls import path

from . import views

app_name = "records"

_c = "council/<slug:council_slug>/record-keeping/"

urlpatterns = [
    path(_c, views.records_home, name="home"),
    path(_c + "foi/new/", views.foi_create, name="foi_create"),
    path(_c + "foi/<int:pk>/", views.foi_detail, name="foi_detail"),
    path(_c + "foi/<int:pk>/<str:action>/", views.foi_action, name="foi_action"),
    path(_c + "sar/new/", views.sar_create, name="sar_create"),
    path(_c + "sar/<int:pk>/", views.sar_detail, name="sar_detail"),
    path(_c + "sar/<int:pk>/bundle.zip", views.sar_bundle, name="sar_bundle"),
    path(_c + "sar/<int:pk>/<str:action>/", views.sar_action, name="sar_action"),
    path(_c + "contacts/merge/", views.contact_merge, name="contact_merge"),
    path(_c + "retention/rule/", views.retention_rule_save, name="retention_rule"),
    path(_c + "retention/run/", views.retention_run_now, name="retention_run"),
    path(_c + "holds/new/", views.hold_create, name="hold_create"),
    path(_c + "holds/<int:pk>/release/", views.hold_release, name="hold_release"),
    path(_c + "forward/new/", views.forward_new, name="forward_new"),
    path(_c + "forward/<int:pk>/", views.forward_detail, name="forward_detail"),
    path(_c + "forward/<int:pk>/cancel/", views.forward_cancel, name="forward_cancel"),
    path(_c + "policy/new/", views.policy_new, name="policy_new"),
    path(_c + "register.csv", views.register_export, name="register_csv"),
    path(_c + "thread/<int:pk>/mbox/", views.thread_export_mbox, name="thread_mbox"),
    path(_c + "thread/<int:pk>/print/", views.thread_print, name="thread_print"),
    path("c/<slug:council_slug>/foi-disclosure-log/", views.foi_public_log, name="foi_public_log"),
]
