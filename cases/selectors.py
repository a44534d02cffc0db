"""Reading complaints. Callers pass a queryset already limited to what the
reader may see (permissions.scope.visible_complaints); these shape it."""

from django.db.models import Prefetch

from .models import OPEN_STATUSES, Attachment, Complaint, Note, Status


def with_row_relations(complaints):
    """What a queue row shows, in one query whatever the page size."""
    return complaints.select_related(
        "province", "district", "category", "department", "assignee"
    ).defer("pin_hash", "contact_name", "contact_phone", "contact_email")


def intake_queue(complaints):
    return with_row_relations(complaints.filter(status=Status.SUBMITTED)).order_by("created_at", "id")


def department_queue(complaints, department_ids):
    return with_row_relations(
        complaints.filter(department_id__in=department_ids, status__in=OPEN_STATUSES)
        .exclude(status=Status.SUBMITTED)
    ).order_by("-escalation_level", "created_at", "id")


def assigned_to(complaints, user):
    return with_row_relations(
        complaints.filter(assignee=user, status__in=(*OPEN_STATUSES, Status.RESOLVED))
    ).order_by("-escalation_level", "created_at", "id")


def complaint_page(complaints, tracking_code):
    """One complaint with everything its page shows, or None."""
    return (
        complaints.select_related(
            "province",
            "district",
            "category",
            "department",
            "assignee",
            "recorded_by",
            "duplicate_of",
            "transferred_to",
        )
        .prefetch_related(
            Prefetch("notes", queryset=Note.objects.select_related("author")),
            Prefetch("attachments", queryset=Attachment.objects.select_related("uploaded_by")),
        )
        .filter(tracking_code=tracking_code)
        .first()
    )


def transferred_from(complaint):
    return Complaint.objects.filter(transferred_to=complaint).only("tracking_code").first()
