from django.urls import path

from . import views

app_name = "moderation"

urlpatterns = [
    path("post-image/<int:pk>/", views.post_image, name="post_image"),
    path("<slug:council_slug>/", views.queue, name="queue"),
    path("<slug:council_slug>/bulk/", views.bulk, name="bulk"),
    path("<slug:council_slug>/item/<int:pk>/", views.submission_detail, name="submission_detail"),
    path("<slug:council_slug>/item/<int:pk>/<str:action>/", views.submission_act, name="submission_act"),
    path("<slug:council_slug>/contact/<int:contact_pk>/", views.contact_history, name="contact_history"),
    path("<slug:council_slug>/contact/<int:contact_pk>/block/", views.contact_block, name="contact_block"),
    path("<slug:council_slug>/contact/<int:contact_pk>/block/<int:block_pk>/lift/", views.block_lift, name="block_lift"),
    path("<slug:council_slug>/blocked/", views.blocks, name="blocks"),
    path("<slug:council_slug>/posts/", views.posts, name="posts"),
    path("<slug:council_slug>/posts/new/", views.post_new, name="post_new"),
    path("<slug:council_slug>/posts/<int:pk>/", views.post_detail, name="post_detail"),
    path("<slug:council_slug>/posts/<int:pk>/edit/", views.post_edit, name="post_edit"),
    path("<slug:council_slug>/posts/<int:pk>/<str:action>/", views.post_act, name="post_act"),
    path("<slug:council_slug>/themes/", views.themes, name="themes"),
    path("<slug:council_slug>/themes/<str:action>/", views.theme_act, name="theme_act"),
    path("<slug:council_slug>/settings/", views.settings_edit, name="settings"),
]
