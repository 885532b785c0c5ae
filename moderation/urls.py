"""The moderation desk, under /council/<slug>/moderation/ (a published post's image is public: website/urls.py)."""

from django.urls import path

from . import views

app_name = "moderation"

urlpatterns = [
    path("", views.queue, name="queue"),
    path("bulk/", views.bulk, name="bulk"),
    path("item/<int:pk>/", views.submission_detail, name="submission_detail"),
    path("item/<int:pk>/<str:action>/", views.submission_act, name="submission_act"),
    path("contact/<int:contact_pk>/", views.contact_history, name="contact_history"),
    path("contact/<int:contact_pk>/block/", views.contact_block, name="contact_block"),
    path("contact/<int:contact_pk>/block/<int:block_pk>/lift/", views.block_lift, name="block_lift"),
    path("blocked/", views.blocks, name="blocks"),
    path("posts/", views.posts, name="posts"),
    path("posts/new/", views.post_new, name="post_new"),
    path("posts/<int:pk>/", views.post_detail, name="post_detail"),
    path("posts/<int:pk>/edit/", views.post_edit, name="post_edit"),
    path("posts/<int:pk>/<str:action>/", views.post_act, name="post_act"),
    path("themes/", views.themes, name="themes"),
    path("themes/<str:action>/", views.theme_act, name="theme_act"),
    path("settings/", views.settings_edit, name="settings"),
]
