from django.contrib import admin

from audit.admin import LedgeredAdmin

from .models import Category, Department, District, Province


class ReferenceAdmin(LedgeredAdmin):
    """Reference data is retired (made inactive), never deleted: complaints
    and the ledger point at it."""

    def has_delete_permission(self, request, obj=None):
        return False


class ProvincialAdmin(ReferenceAdmin):
    """Rows of one province are recorded on that province's chain."""

    def ledger_chain(self, obj):
        return obj.province.code


@admin.register(Province)
class ProvinceAdmin(ReferenceAdmin):
    list_display = ["code", "name_ar", "name_en", "is_active"]
    search_fields = ["code", "name_ar", "name_en"]

    def ledger_chain(self, obj):
        return obj.code


@admin.register(District)
class DistrictAdmin(ProvincialAdmin):
    list_display = ["name_ar", "name_en", "province"]
    list_filter = ["province"]
    search_fields = ["name_ar", "name_en"]


@admin.register(Department)
class DepartmentAdmin(ProvincialAdmin):
    list_display = ["name_ar", "name_en", "province", "kind", "is_active"]
    list_filter = ["province", "kind", "is_active"]
    search_fields = ["name_ar", "name_en"]


@admin.register(Category)
class CategoryAdmin(ReferenceAdmin):
    list_display = ["code", "name_ar", "name_en", "department_kind", "is_active"]
    list_filter = ["department_kind", "is_active"]
    search_fields = ["code", "name_ar", "name_en"]
