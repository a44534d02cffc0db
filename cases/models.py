"""Complaints and the reference data they hang on.

State fields here are written only by the services in ``workflows/``;
nothing in this app changes a complaint's status, assignee or level.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class BilingualName(models.Model):
    name_ar = models.CharField(_("name (Arabic)"), max_length=150)
    name_en = models.CharField(_("name (English)"), max_length=150)

    class Meta:
        abstract = True

    @property
    def name(self):
        language = get_language() or settings.LANGUAGE_CODE
        return self.name_ar if language.startswith("ar") else self.name_en

    def __str__(self):
        return self.name


class Province(BilingualName):
    code = models.CharField(
        _("code"),
        max_length=3,
        unique=True,
        validators=[RegexValidator(r"^[A-Z]{3}$", _("Three capital Latin letters, e.g. WAS."))],
        help_text=_("Three letters; it opens every tracking code of the province."),
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("province")
        verbose_name_plural = _("provinces")
        ordering = ["code"]


class District(BilingualName):
    province = models.ForeignKey(
        Province, on_delete=models.PROTECT, related_name="districts", verbose_name=_("province")
    )

    class Meta:
        verbose_name = _("district")
        verbose_name_plural = _("districts")
        ordering = ["province__code", "name_en"]
        constraints = [
            models.UniqueConstraint(fields=["province", "name_en"], name="cases_district_unique_name"),
        ]


class DepartmentKind(models.TextChoices):
    WATER = "water", _("Water")
    ELECTRICITY = "electricity", _("Electricity")
    MUNICIPALITY = "municipality", _("Municipality and public works")
    HEALTH = "health", _("Health")
    EDUCATION = "education", _("Education")
    SEWERAGE = "sewerage", _("Sewerage")


class Department(BilingualName):
    province = models.ForeignKey(
        Province, on_delete=models.PROTECT, related_name="departments", verbose_name=_("province")
    )
    kind = models.CharField(_("kind"), max_length=16, choices=DepartmentKind.choices)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        ordering = ["province__code", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["province", "kind"], name="cases_department_one_per_kind"),
        ]


class Category(BilingualName):
    code = models.SlugField(_("code"), max_length=40, unique=True)
    description_ar = models.TextField(_("description (Arabic)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    department_kind = models.CharField(
        _("default department"),
        max_length=16,
        choices=DepartmentKind.choices,
        help_text=_("Triage suggests the province's department of this kind."),
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ["department_kind", "code"]


class Status(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    TRIAGED = "triaged", _("Triaged")
    ASSIGNED = "assigned", _("Assigned")
    IN_PROGRESS = "in_progress", _("In progress")
    AWAITING_CITIZEN = "awaiting_citizen", _("Awaiting citizen")
    RESOLVED = "resolved", _("Resolved")
    CLOSED = "closed", _("Closed")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# Work is still owed on these; "resolved" waits for the citizen, not the staff.
OPEN_STATUSES = (
    Status.SUBMITTED,
    Status.TRIAGED,
    Status.ASSIGNED,
    Status.IN_PROGRESS,
    Status.AWAITING_CITIZEN,
)
FINAL_STATUSES = (Status.CLOSED, Status.REJECTED, Status.WITHDRAWN)


class Priority(models.TextChoices):
    LOW = "low", _("Low")
    NORMAL = "normal", _("Normal")
    HIGH = "high", _("High")
    URGENT = "urgent", _("Urgent")


class Channel(models.TextChoices):
    WEB = "web", _("Web portal")
    WALK_IN = "walk_in", pgettext_lazy("channel", "Walk-in")
    PHONE = "phone", pgettext_lazy("channel", "Phone")
    API = "api", _("Open311 API")


class EscalationLevel(models.IntegerChoices):
    DEPARTMENT = 0, _("Department")
    DIRECTOR = 1, _("Director")
    ASSISTANT = 2, _("Governor's Assistant for Services")


class RejectionKind(models.TextChoices):
    DUPLICATE = "duplicate", _("Duplicate of another complaint")
    WRONG_PROVINCE = "wrong_province", _("Belongs to another province")
    OUT_OF_SCOPE = "out_of_scope", _("Not a matter for the provincial government")
    INSUFFICIENT = "insufficient", _("Not enough information to act on")
    ABUSIVE = "abusive", _("Abusive or offensive")
    OTHER = "other", _("Other reason")


class Complaint(models.Model):
    tracking_code = models.CharField(_("tracking code"), max_length=20, unique=True)
    pin_hash = models.CharField(max_length=128, editable=False)

    province = models.ForeignKey(
        Province, on_delete=models.PROTECT, related_name="complaints", verbose_name=_("province")
    )
    district = models.ForeignKey(
        District,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="complaints",
        verbose_name=_("district"),
    )
    address = models.CharField(_("address or landmark"), max_length=255, blank=True)
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, related_name="complaints", verbose_name=_("category")
    )
    department = models.ForeignKey(
        Department,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="complaints",
        verbose_name=_("department"),
    )
    priority = models.CharField(
        _("priority"), max_length=8, choices=Priority.choices, default=Priority.NORMAL
    )
    channel = models.CharField(_("channel"), max_length=8, choices=Channel.choices)
    description = models.TextField(_("description"), max_length=4000)

    is_anonymous = models.BooleanField(_("anonymous"), default=False)
    contact_name = models.CharField(_("name"), max_length=150, blank=True)
    contact_phone = models.CharField(_("phone"), max_length=32, blank=True)
    contact_email = models.EmailField(_("e-mail"), blank=True)
    contact_language = models.CharField(
        _("language for messages"), max_length=8, choices=settings.LANGUAGES, default="ar"
    )

    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.SUBMITTED
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assigned_complaints",
        verbose_name=_("assignee"),
    )
    escalation_level = models.PositiveSmallIntegerField(
        _("escalation level"), choices=EscalationLevel.choices, default=EscalationLevel.DEPARTMENT
    )
    reopen_count = models.PositiveSmallIntegerField(_("times reopened"), default=0)
    rating = models.PositiveSmallIntegerField(
        _("rating"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    rejection_kind = models.CharField(
        _("rejection kind"), max_length=16, choices=RejectionKind.choices, blank=True
    )
    duplicate_of = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="duplicates",
        verbose_name=_("duplicate of"),
    )
    transferred_to = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="transferred_from",
        verbose_name=_("continued as"),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="recorded_complaints",
        verbose_name=_("recorded by"),
    )

    created_at = models.DateTimeField(_("submitted at"))
    updated_at = models.DateTimeField(_("updated at"))
    status_changed_at = models.DateTimeField(_("status changed at"))
    triaged_at = models.DateTimeField(_("triaged at"), null=True, blank=True)
    assigned_at = models.DateTimeField(_("assigned at"), null=True, blank=True)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("complaint")
        verbose_name_plural = _("complaints")
        ordering = ["-created_at", "-id"]
        permissions = [("work_complaint", _("Can work on the complaint as its assignee"))]
        indexes = [
            models.Index(fields=["province", "status", "-created_at"], name="cases_c_province_status"),
            models.Index(fields=["department", "status", "-created_at"], name="cases_c_dept_status"),
            models.Index(fields=["assignee", "status"], name="cases_c_assignee_status"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(escalation_level__gte=0, escalation_level__lte=2),
                name="cases_complaint_level_range",
            ),
            models.CheckConstraint(
                condition=models.Q(rating__isnull=True) | models.Q(rating__gte=1, rating__lte=5),
                name="cases_complaint_rating_range",
            ),
            models.CheckConstraint(
                condition=~models.Q(status__in=["assigned", "in_progress", "awaiting_citizen"])
                | models.Q(assignee__isnull=False),
                name="cases_complaint_worked_has_assignee",
            ),
        ]

    def __str__(self):
        return self.tracking_code

    @property
    def is_open(self):
        return self.status in OPEN_STATUSES

    @property
    def has_contact(self):
        return bool(self.contact_name or self.contact_phone or self.contact_email)


class NoteKind(models.TextChoices):
    INTERNAL = "internal", _("Internal note")
    UPDATE = "update", _("Public update")
    QUESTION = "question", _("Question to the citizen")
    REPLY = "reply", _("Citizen's reply")
    RESOLUTION = "resolution", _("Resolution")
    REASON = "reason", _("Reason")
    DISPUTE = "dispute", _("Citizen's dispute")


PUBLIC_NOTE_KINDS = (
    NoteKind.UPDATE,
    NoteKind.QUESTION,
    NoteKind.REPLY,
    NoteKind.RESOLUTION,
    NoteKind.REASON,
    NoteKind.DISPUTE,
)


class Note(models.Model):
    """Text written on a complaint: internal notes stay with the staff, the
    other kinds are shown to the citizen when they track the complaint."""

    complaint = models.ForeignKey(
        Complaint, on_delete=models.PROTECT, related_name="notes", verbose_name=_("complaint")
    )
    kind = models.CharField(_("kind"), max_length=12, choices=NoteKind.choices)
    body = models.TextField(_("text"), max_length=4000)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("author"),
    )
    by_citizen = models.BooleanField(_("written by the citizen"), default=False)
    created_at = models.DateTimeField(_("written at"))

    class Meta:
        verbose_name = _("note")
        verbose_name_plural = _("notes")
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"{self.complaint} {self.get_kind_display()}"

    @property
    def is_public(self):
        return self.kind in PUBLIC_NOTE_KINDS


ATTACHMENT_TOP = "complaints"


def attachment_path(instance, filename):
    # The stored name never reuses the uploader's file name: it may carry
    # personal data, and it must not collide or traverse.
    return f"{ATTACHMENT_TOP}/{instance.complaint.province.code}/{instance.complaint_id}/{instance.token}"


class Attachment(models.Model):
    complaint = models.ForeignKey(
        Complaint, on_delete=models.PROTECT, related_name="attachments", verbose_name=_("complaint")
    )
    token = models.CharField(max_length=32, unique=True, editable=False)
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=255)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("type"), max_length=64)
    size = models.PositiveIntegerField(_("size in bytes"))
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    by_citizen = models.BooleanField(_("sent by the citizen"), default=False)
    created_at = models.DateTimeField(_("uploaded at"))

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["created_at", "id"]

    def __str__(self):
        return self.original_name


class TrackingCounter(models.Model):
    """Last number handed out per province and year; its row lock makes the
    numbers gapless and unique under concurrent submissions."""

    province = models.ForeignKey(Province, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["province", "year"], name="cases_counter_unique"),
        ]
