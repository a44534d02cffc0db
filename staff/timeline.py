"""A complaint's history as the case page shows it: its ledger events, with
the notes they wrote and the names of the people who acted."""

from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from audit.models import ActorKind
from audit.selectors import events_about
from cases.models import Category, DepartmentKind, EscalationLevel, Priority, RejectionKind, Status
from permissions.models import Role

ACTION_LABELS = {
    "submit": _("Complaint received"),
    "triage": pgettext_lazy("event", "Triaged"),
    "reject": pgettext_lazy("event", "Rejected"),
    "transfer": _("Transferred to another department"),
    "assign": pgettext_lazy("event", "Assigned"),
    "claim": _("Claimed by an officer"),
    "reassign": _("Reassigned"),
    "start": _("Work started"),
    "request_info": _("Question to the citizen"),
    "citizen_reply": _("Citizen answered"),
    "resolve": pgettext_lazy("event", "Resolved"),
    "confirm": _("Confirmed and closed"),
    "dispute": _("Disputed by the citizen"),
    "withdraw": _("Withdrawn by the citizen"),
    "note": _("Internal note"),
    "update": _("Public update"),
    "attach": _("File attached"),
    "contact.read": _("Contact details read"),
}
ACTOR_LABELS = {**dict(Role.choices), "citizen": _("Citizen"), "system": _("System")}
FIELD_LABELS = {
    "category": _("Category"),
    "department": _("Department"),
    "priority": _("Priority"),
    "assignee": _("Assignee"),
    "escalation_level": _("Escalation level"),
    "rating": _("Rating"),
    "rejection_kind": _("Rejection kind"),
    "duplicate_of": _("Duplicate of"),
    "transferred_to": _("Continued as"),
    "reopen_count": _("Times reopened"),
}
STATUS_LABELS = dict(Status.choices)
VALUE_LABELS = {
    "priority": dict(Priority.choices),
    "escalation_level": dict(EscalationLevel.choices),
    "rejection_kind": dict(RejectionKind.choices),
}


def _value(name, value, lookups):
    if value is None or value == "":
        return "—"
    if name == "department":
        return DepartmentKind(value.split("/")[-1]).label
    if name in lookups:
        return lookups[name].get(value, value)
    return VALUE_LABELS.get(name, {}).get(value, value)


def _display_name(user):
    return user.get_full_name() or user.get_username()


@dataclass
class Entry:
    event: object
    label: str
    actor: str
    role: str
    from_label: str = ""
    to_label: str = ""
    changes: list = field(default_factory=list)
    note: object = None


def build(complaint):
    events = events_about("complaint", complaint.pk)
    notes = {note.pk: note for note in complaint.notes.all()}
    # The people named by the history, as actors or as assignees, in one query.
    actor_ids = {e.actor_id for e in events if e.actor_id}
    assignees = {
        username
        for e in events
        for username in (e.data.get("changes") or {}).get("assignee", [])
        if username
    }
    people = list(
        get_user_model()
        .objects.filter(Q(pk__in=actor_ids) | Q(username__in=assignees))
        .only("first_name", "last_name", "username")
    )
    names = {user.pk: _display_name(user) for user in people}
    lookups = {
        "assignee": {user.get_username(): _display_name(user) for user in people},
        "category": {c.code: c.name for c in Category.objects.only("code", "name_ar", "name_en")},
    }
    entries = []
    for event in events:
        note_id = (event.data.get("note") or {}).get("id")
        by_staff = event.actor_kind == ActorKind.USER
        entries.append(
            Entry(
                event=event,
                label=ACTION_LABELS.get(event.action, event.action),
                actor=names.get(event.actor_id, event.actor_name) if by_staff else "",
                role=ACTOR_LABELS.get(event.actor_role, event.actor_role),
                from_label=STATUS_LABELS.get(event.from_state, event.from_state),
                to_label=STATUS_LABELS.get(event.to_state, event.to_state)
                if event.to_state != event.from_state
                else "",
                changes=[
                    (FIELD_LABELS[name], _value(name, old, lookups), _value(name, new, lookups))
                    for name, (old, new) in (event.data.get("changes") or {}).items()
                    if name in FIELD_LABELS
                ],
                note=notes.get(note_id),
            )
        )
    return entries
