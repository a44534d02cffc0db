"""Writing staff positions: the only path that changes who holds which role."""

from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from audit import ledger

from .actors import System, forget_profile, ledger_actor, profile_of
from .models import DEPARTMENT_ROLES, PROVINCE_OPTIONAL_ROLES, Role, StaffProfile
from .roles import group_name

SYSTEM_CHAIN = "SYS"


def may_manage_staff(actor) -> bool:
    if isinstance(actor, System):
        return True
    profile = profile_of(actor)
    return bool(getattr(actor, "is_superuser", False) and actor.is_active) or (
        profile is not None and profile.role == Role.ADMIN
    )


def validate_position(role, province, department):
    """The role, province and department as they will be stored; raises
    ValidationError for a combination DESIGN §2 does not allow."""
    role = Role(role)
    if role in DEPARTMENT_ROLES:
        if department is None:
            raise ValidationError({"department": _("Officers and directors belong to a department.")})
        if province is None:
            province = department.province
    elif department is not None:
        raise ValidationError({"department": _("Only officers and directors belong to a department.")})
    if province is None and role not in PROVINCE_OPTIONAL_ROLES:
        raise ValidationError({"province": _("This role works for one province: choose it.")})
    if department is not None and department.province_id != province.pk:
        raise ValidationError({"department": _("The department belongs to another province.")})
    if role == Role.ADMIN:
        province = None
    return role, province, department


def _describe(profile):
    if profile is None:
        return None
    return {
        "role": profile.role,
        "province": profile.province.code if profile.province_id else None,
        "department": profile.department.kind if profile.department_id else None,
    }


@transaction.atomic
def set_position(user, *, actor, role, province=None, department=None) -> StaffProfile:
    """Give ``user`` a role in a province (and department), replacing any
    earlier position, and record it in the ledger."""
    if not may_manage_staff(actor):
        raise PermissionDenied(_("Only an administrator may change staff positions."))
    role, province, department = validate_position(role, province, department)

    profile = StaffProfile.objects.select_for_update().filter(user=user).first()
    before = _describe(profile)
    if profile is None:
        profile = StaffProfile(user=user)
    profile.role, profile.province, profile.department = role, province, department
    after = _describe(profile)
    if before == after:
        return profile
    profile.save()
    forget_profile(user)

    user.groups.remove(*Group.objects.filter(name__startswith="role:"))
    user.groups.add(Group.objects.get(name=group_name(role)))
    # Only administrators enter the Django admin; everyone else works in the staff desk.
    if user.is_staff != (role == Role.ADMIN):
        user.is_staff = role == Role.ADMIN
        user.save(update_fields=["is_staff"])

    ledger.append(
        chain=province.code if province else SYSTEM_CHAIN,
        actor=ledger_actor(actor),
        action="staff.position",
        subject=ledger.SubjectRef(kind="user", id=str(user.pk), ref=user.get_username()),
        from_state=before["role"] if before else "",
        to_state=role,
        data={"old": before, "new": after},
    )
    return profile
