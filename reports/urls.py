"""Reports, meetings, triage and commitments, under /council/<slug>/reports/."""

from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("", views.home, name="home"),
    path("meetings/", views.meeting_list, name="meetings"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting"),
    path("meetings/<int:pk>/report/generate/", views.report_generate, name="report_generate"),
    path("meetings/<int:pk>/report/edit/", views.report_edit, name="report_edit"),
    path("meetings/<int:pk>/report/", views.report_print, name="report_print"),
    path("meetings/<int:pk>/report.pdf", views.report_pdf, name="report_pdf"),
    path("cases/<int:pk>/acknowledge/", views.acknowledge, name="acknowledge"),
    path("triage/", views.triage_view, name="triage"),
    path("triage/<int:pk>/move/", views.triage_move, name="triage_move"),
    path("correspondents/", views.decision_list, name="decisions"),
    path("correspondents/<int:pk>/end/", views.decision_end, name="decision_end"),
    path("commitments/", views.commitment_settings, name="commitments"),
    path("digest/", views.digest_preference, name="digest_preference"),
    path("annual/", views.annual_request, name="annual_request"),
    path("annual/<int:pk>/", views.annual_view, name="annual_view"),
    path("annual/<int:pk>/status/", views.annual_status, name="annual_status"),
    path("annual/<int:pk>/download/report.pdf", views.annual_pdf, name="annual_pdf"),
    path("annual/<int:pk>/download/report.html", views.annual_html, name="annual_html"),
]
