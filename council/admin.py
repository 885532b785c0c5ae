"""Django admin in which a Clerk manages their own councils, and nothing of anyone else's."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from .models import Body, ClerkAbsence, Council, ExternalAgency, Membership, MonitoringPeriod, Policy, Role, User
from .selectors import councils_where_role
from .services import public_pages_version_move


def _clerk_councils(request):
    return councils_where_role(user=request.user, roles=[Role.CLERK])


def _linkable_users(request):
    """Accounts a Clerk may attach to a council: people already in one of their councils. Linking any
    other existing account (another council's people) is for superusers; the form refuses the rest."""
    if request.user.is_superuser:
        return User.objects.all()
    return User.objects.filter(memberships__council__in=_clerk_councils(request)).distinct()


class _UserLimitedMixin:
    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "user":
            kwargs["queryset"] = _linkable_users(request)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class ClerkScopedAdmin(admin.ModelAdmin):
    """Rows belong to a council through `council_path`; a Clerk sees and edits only their councils'."""

    council_path = "council"

    def _council_ids(self, request):
        return list(_clerk_councils(request).values_list("pk", flat=True))

    def _is_clerk(self, request) -> bool:
        return request.user.is_active and (request.user.is_superuser or bool(self._council_ids(request)))

    def _owns(self, request, obj) -> bool:
        if request.user.is_superuser or obj is None:
            return True
        council_id = obj.pk if self.council_path == "pk" else getattr(obj, f"{self.council_path}_id")
        return council_id in self._council_ids(request)

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        field = "pk__in" if self.council_path == "pk" else f"{self.council_path}__in"
        return queryset.filter(**{field: self._council_ids(request)})

    def _council_of(self, obj) -> Council:
        return obj if self.council_path == "pk" else getattr(obj, self.council_path)

    # What is changed here can show on the council's public pages (its name, its policy): their cached
    # copies must not outlive it.
    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        public_pages_version_move(council=self._council_of(obj))

    def delete_model(self, request, obj):
        council = self._council_of(obj)
        super().delete_model(request, obj)
        if self.council_path != "pk":
            public_pages_version_move(council=council)

    def delete_queryset(self, request, queryset):
        councils = {self._council_of(obj) for obj in queryset} if self.council_path != "pk" else set()
        super().delete_queryset(request, queryset)
        for council in councils:
            public_pages_version_move(council=council)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "council" and not request.user.is_superuser:
            kwargs["queryset"] = _clerk_councils(request)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_module_permission(self, request):
        return self._is_clerk(request)

    def has_view_permission(self, request, obj=None):
        return self._is_clerk(request) and self._owns(request, obj)

    def has_change_permission(self, request, obj=None):
        return self._is_clerk(request) and self._owns(request, obj)

    def has_add_permission(self, request):
        return self._is_clerk(request)

    def has_delete_permission(self, request, obj=None):
        return self._is_clerk(request) and self._owns(request, obj)


class MonitoringPeriodInline(admin.TabularInline):
    model = MonitoringPeriod
    extra = 0


class MembershipInline(_UserLimitedMixin, admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Council)
class CouncilAdmin(ClerkScopedAdmin):
    council_path = "pk"
    list_display = ["name", "slug", "clerk_email", "website"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [MonitoringPeriodInline, MembershipInline]

    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser


@admin.register(ClerkAbsence)
class ClerkAbsenceAdmin(ClerkScopedAdmin):
    list_display = ["council", "starts_at", "ends_at"]
    list_filter = ["council"]


@admin.register(Policy)
class PolicyAdmin(ClerkScopedAdmin):
    list_display = ["council", "title", "version", "adopted_on", "review_due", "is_current"]
    list_filter = ["council", "is_current"]


@admin.register(Membership)
class MembershipAdmin(_UserLimitedMixin, ClerkScopedAdmin):
    list_display = ["user", "council", "role", "is_active"]
    list_filter = ["council", "role", "is_active"]
    autocomplete_fields = ["user"]


@admin.register(Body)
class BodyAdmin(ClerkScopedAdmin):
    list_display = ["name", "council", "kind"]
    list_filter = ["council", "kind"]
    filter_horizontal = ["members"]


@admin.register(ExternalAgency)
class ExternalAgencyAdmin(ClerkScopedAdmin):
    list_display = ["name", "council", "email"]
    list_filter = ["council"]


@admin.register(User)
class CouncilUserAdmin(UserAdmin):
    """Users are shared across councils, so only superusers manage accounts; Clerks may look people up."""

    search_fields = ["username", "first_name", "last_name", "email"]

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return queryset.filter(memberships__council__in=_clerk_councils(request)).distinct()

    def has_module_permission(self, request):
        return request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser or (obj is None and _clerk_councils(request).exists())

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser
