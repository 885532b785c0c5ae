from django.contrib import admin
from django.urls import include, path

from council import views as council_views

urlpatterns = [
    path("", council_views.home, name="home"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("switch/", council_views.council_switch, name="council_switch"),
    path("start/", council_views.landing, name="landing"),
    path("council/<slug:council_slug>/", council_views.council_overview, name="council_overview"),
    path("council/<slug:council_slug>/settings/", include("comms.urls_settings")),
    path("council/<slug:council_slug>/", include("comms.urls")),
    path("council/<slug:council_slug>/reports/", include("reports.urls")),
    path("mail/", include("comms.urls_mail")),
    path("moderation/", include("moderation.urls")),
    path("", include("records.urls")),
    path("admin/", admin.site.urls),
    path("", include("website.urls")),
]
