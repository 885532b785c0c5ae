from django.contrib import admin

from council.services import public_pages_version_move

from .models import ContactBlock, CouncilPost, ModerationSettings, Submission


@admin.register(ModerationSettings)
class ModerationSettingsAdmin(admin.ModelAdmin):
    list_display = ["council", "repeat_offender_count", "updated_at"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        public_pages_version_move(council=obj.council)  # the removal notice shows on the public pages


@admin.register(CouncilPost)
class CouncilPostAdmin(admin.ModelAdmin):
    # Status changes go through the services (approval rules, audit): read-only here.
    list_display = ["title", "council", "channel", "status", "author", "approved_by", "published_at"]
    list_filter = ["council", "status", "channel"]
    readonly_fields = [f.name for f in CouncilPost._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(Submission)
class SubmissionAdmin(admin.ModelAdmin):
    list_display = ["pk", "council", "source", "status", "decision", "received_at"]
    list_filter = ["council", "status", "source", "decision"]
    readonly_fields = [f.name for f in Submission._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # P14: nothing is silently dropped


@admin.register(ContactBlock)
class ContactBlockAdmin(admin.ModelAdmin):
    list_display = ["contact", "council", "kind", "breaches", "created_at", "lifted_at"]
    list_filter = ["council", "kind"]
    readonly_fields = [f.name for f in ContactBlock._meta.fields]
