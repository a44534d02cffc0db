from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.db import transaction

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
            # The service's own normalisation (an officer's province comes
            # from his department), so the form and the service agree.
            data["role"], data["province"], data["department"] = validate_position(
                data["role"], data.get("province"), data.get("department")
            )
        return data

    def _post_clean(self):
        # Copy the normalised values onto the instance before the model's
        # constraints are checked against it.
        for name in ("role", "province", "department"):
            if name in self.cleaned_data:
                setattr(self.instance, name, self.cleaned_data[name])
        super()._post_clean()


@admin.register(StaffProfile)
class StaffProfileAdmin(admin.ModelAdmin):
    form = StaffProfileForm
    list_display = ["user", "role", "province", "department"]
    list_filter = ["role", "province"]
    search_fields = ["user__username", "user__first_name", "user__last_name"]
    autocomplete_fields = ["user"]
    list_select_related = ["user", "province", "department"]

    def get_readonly_fields(self, request, obj=None):
        # A position belongs to its holder: changing it never moves it to someone else.
        return ["user"] if obj is not None else []

    def save_model(self, request, obj, form, change):
        # The position is written by the service (groups, ledger), not by the form.
        profile = set_position(
            obj.user,
            actor=request.user,
            role=obj.role,
            province=obj.province,
            department=obj.department,
        )
        obj.pk = profile.pk

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

    def user_change_password(self, request, id, form_url=""):
        # The password view bypasses save_model; record that the password
        # changed (never what it became) in the same transaction.
        with transaction.atomic():
            response = super().user_change_password(request, id, form_url)
            if request.method == "POST" and response.status_code == 302:
                self.record(request, self.get_object(request, id), "user.password", {})
        return response
