from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin

from audit.admin import LedgeredAdmin

from django import forms

from .models import StaffProfile
from .services import set_position, validate_position

User = get_user_model()


class StaffProfileForm(forms.ModelForm):
    class Meta:
        model = StaffProfile
        fields = ["user", "role", "province", "department"]

    def clean(self):
        data = super().clean()
        if data.get("role"):
            validate_position(data["role"], data.get("province"), data.get("department"))
        return data


@admin.register(StaffProfile)
class StaffProfileAdmin(admin.ModelAdmin):
    form = StaffProfileForm
    list_display = ["user", "role", "province", "department"]
    list_filter = ["role", "province"]
    search_fields = ["user__username", "user__first_name", "user__last_name"]
    autocomplete_fields = ["user"]
    list_select_related = ["user", "province", "department"]

    def save_model(self, request, obj, form, change):
        # The position is written by the service (groups, ledger), not by the form.
        set_position(
            obj.user,
            actor=request.user,
            role=obj.role,
            province=obj.province,
            department=obj.department,
        )

    def has_delete_permission(self, request, obj=None):
        return False


admin.site.unregister(User)


@admin.register(User)
class StaffUserAdmin(LedgeredAdmin, UserAdmin):
    """Roles come from staff positions; groups and superuser status are not
    edited here so that the ledger's record of positions stays the truth."""

    readonly_fields = ["groups", "user_permissions", "is_superuser", "is_staff", "last_login", "date_joined"]
    list_display = ["username", "first_name", "last_name", "email", "is_active"]

    def has_delete_permission(self, request, obj=None):
        return False
