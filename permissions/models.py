from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase

from cases.models import Complaint, Department, Province


class Role(models.TextChoices):
    CLERK = "clerk", _("Clerk")
    OFFICER = "officer", _("Officer")
    DIRECTOR = "director", _("Director")
    ASSISTANT = "assistant", _("Governor's Assistant for Services")
    COMMITTEE = "committee", _("Electronic Committee member")
    ADMIN = "admin", _("Administrator")


DEPARTMENT_ROLES = (Role.OFFICER, Role.DIRECTOR)
# Committee members may watch every province; administrators configure the
# system and are bound to none.
PROVINCE_OPTIONAL_ROLES = (Role.COMMITTEE, Role.ADMIN)


class StaffProfile(models.Model):
    """A staff member's one position: role, province and, for officers and
    directors, department. Written only by permissions.services."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="staff_profile",
        verbose_name=_("user"),
    )
    role = models.CharField(_("role"), max_length=16, choices=Role.choices)
    province = models.ForeignKey(
        Province,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="staff",
        verbose_name=_("province"),
    )
    department = models.ForeignKey(
        Department,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="staff",
        verbose_name=_("department"),
    )

    class Meta:
        verbose_name = _("staff position")
        verbose_name_plural = _("staff positions")
        constraints = [
            models.CheckConstraint(
                condition=Q(role__in=PROVINCE_OPTIONAL_ROLES) | Q(province__isnull=False),
                name="permissions_profile_needs_province",
            ),
            models.CheckConstraint(
                condition=~Q(role__in=DEPARTMENT_ROLES) | Q(department__isnull=False),
                name="permissions_profile_needs_department",
            ),
            models.CheckConstraint(
                condition=Q(role__in=DEPARTMENT_ROLES) | Q(department__isnull=True),
                name="permissions_profile_department_only_for_department_roles",
            ),
        ]

    def __str__(self):
        return f"{self.user} ({self.get_role_display()})"

    @property
    def scope_label(self):
        if self.department_id:
            return f"{self.department.name} — {self.province.name}"
        if self.province_id:
            return self.province.name
        return _("All provinces")


class ComplaintUserObjectPermission(UserObjectPermissionBase):
    """Direct foreign key table for guardian: faster joins than its generic one."""

    content_object = models.ForeignKey(Complaint, on_delete=models.CASCADE)


class ComplaintGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(Complaint, on_delete=models.CASCADE)
