"""The project's URLs, plus the moderation app's under /moderation/ when config.urls does not include them yet."""

from django.urls import include, path

from config.urls import urlpatterns as project_urlpatterns

urlpatterns = [*project_urlpatterns, path("moderation/", include("moderation.urls"))]
