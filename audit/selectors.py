from .models import Event


def events_about(subject_kind: str, subject_id) -> "list[Event]":
    """Every event about one subject, oldest first, across chains."""
    return list(
        Event.objects.filter(subject_kind=subject_kind, subject_id=str(subject_id)).order_by(
            "at", "chain", "seq"
        )
    )
