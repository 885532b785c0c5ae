from django.urls import path

from . import views

app_name = "public"

urlpatterns = [
    path("c/<slug:council_slug>/", views.council_home, name="council_home"),
    path("c/<slug:council_slug>/policy/", views.council_policy, name="council_policy"),
]
