"""The site's map. Two schemes for a council's pages:

- staff: /council/<slug>/<area>/... (sign-in and a role in that council), one include per area;
- public: /c/<slug>/... (no account), every page listed in website/urls.py.

Pages of no one council (/, /accounts/, /admin/, /start/, /switch/) sit at the top. Addresses used
before this scheme redirect permanently (config/redirects.py).
"""

from django.contrib import admin
from django.urls import include, path

from council import views as council_views

staff = "council/<slug:council_slug>/"

urlpatterns = [
    path("", council_views.home, name="home"),
    path("accounts/password_reset/", council_views.QueuedPasswordResetView.as_view(), name="password_reset"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("switch/", council_views.council_switch, name="council_switch"),
    path("start/", council_views.landing, name="landing"),
    path("admin/", admin.site.urls),
    path(staff, council_views.council_overview, name="council_overview"),
    path(staff, include("comms.urls")),  # inbox/, cases/, outbox/, portal/, ...
    path(staff, include("social.urls")),  # settings/facebook/, moderation/facebook/...
    path(staff + "settings/", include("comms.urls_settings")),
    path(staff + "moderation/", include("moderation.urls")),
    path(staff + "record-keeping/", include("records.urls")),
    path(staff + "reports/", include("reports.urls")),
    path("c/<slug:council_slug>/", include("website.urls")),
    path("social/", include("social.urls_webhook")),  # Meta's webhooks: public, every delivery signed
    path("", include("config.redirects")),
]
