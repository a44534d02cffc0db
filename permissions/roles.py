"""Each role is also a Django group, so that the admin shows who is what and
administrators get their model permissions through the group."""

from django.contrib.auth.models import Group, Permission

from .models import Role

# What an administrator configures in the Django admin (DESIGN §2).
ADMIN_MODEL_PERMISSIONS = {
    "cases": ["province", "district", "department", "category"],
    "permissions": ["staffprofile"],
    "auth": ["user"],
}


def group_name(role) -> str:
    return f"role:{Role(role).value}"


def ensure_groups(**kwargs):
    """Create the role groups and give the administrators' group its model
    permissions; safe to run at every migrate."""
    for role in Role:
        Group.objects.get_or_create(name=group_name(role))
    admin_group = Group.objects.get(name=group_name(Role.ADMIN))
    wanted = Permission.objects.none()
    for app_label, models in ADMIN_MODEL_PERMISSIONS.items():
        wanted = wanted | Permission.objects.filter(
            content_type__app_label=app_label,
            content_type__model__in=models,
            codename__regex=r"^(add|change|view)_",
        )
    admin_group.permissions.add(*wanted)
