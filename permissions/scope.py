"""Querysets limited to what a staff member may see; the list-side twin of
rules.can_view, kept in step by tests/test_permission_matrix.py."""

from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef, Q

from cases.models import Complaint, Department

from .actors import profile_of
from .models import ComplaintUserObjectPermission, Role


def visible_complaints(user):
    profile = profile_of(user)
    complaints = Complaint.objects.all()
    if profile is None:
        return complaints.none()
    if profile.role in (Role.CLERK, Role.ASSISTANT):
        return complaints.filter(province_id=profile.province_id)
    if profile.role == Role.DIRECTOR:
        return complaints.filter(
            province_id=profile.province_id, department_id=profile.department_id
        )
    if profile.role == Role.OFFICER:
        granted = ComplaintUserObjectPermission.objects.filter(
            content_object=OuterRef("pk"),
            user=user,
            permission__codename="work_complaint",
            permission__content_type__app_label="cases",
        )
        return complaints.filter(province_id=profile.province_id).filter(
            Q(department_id=profile.department_id) | Exists(granted)
        )
    if profile.role == Role.COMMITTEE:
        if profile.province_id is None:
            return complaints
        return complaints.filter(province_id=profile.province_id)
    return complaints.none()


def visible_departments(user):
    """Departments a staff member may pick in filters and forms."""
    profile = profile_of(user)
    if profile is None:
        return Department.objects.none()
    departments = Department.objects.select_related("province").filter(is_active=True)
    if profile.role in (Role.OFFICER, Role.DIRECTOR):
        return departments.filter(pk=profile.department_id)
    if profile.province_id is None:
        return departments if profile.role == Role.COMMITTEE else departments.none()
    return departments.filter(province_id=profile.province_id)


def officers_of(department):
    """Who may be assigned a complaint of ``department``."""
    return (
        get_user_model()
        .objects.filter(
            is_active=True,
            staff_profile__role=Role.OFFICER,
            staff_profile__department=department,
        )
        .order_by("first_name", "last_name", "username")
    )
