from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EscalationsConfig(AppConfig):
    """SLA policies, the working calendar, the deadline clock and the sweep
    (DESIGN §5) arrive in their own issue; the escalation level already lives
    on each complaint (cases.Complaint.escalation_level)."""

    name = "escalations"
    verbose_name = _("SLA and escalation")
