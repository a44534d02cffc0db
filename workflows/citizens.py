"""How a citizen without an account is recognised: tracking code and PIN."""

from cases.models import Complaint
from cases.tracking import check_pin
from permissions.actors import Citizen


def identify(tracking_code: str, pin: str) -> tuple[Complaint, Citizen] | None:
    """The complaint and its owner, or None when the code or the PIN is
    wrong (the two cases take the same time and say the same thing)."""
    complaint = Complaint.objects.filter(tracking_code=(tracking_code or "").strip().upper()).first()
    if not check_pin(pin or "", complaint.pin_hash if complaint else None):
        return None
    return complaint, Citizen(complaint_id=complaint.pk)
