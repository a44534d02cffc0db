"""The complaint state machine of DESIGN §3, on viewflow.fsm.

The flow wraps one complaint and one actor. Transition methods only move the
state and set the fields that belong to the move; who may take a transition
comes from permissions.rules, and saving, locking and the ledger are done by
the services in workflows/complaints.py.
"""

import datetime

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.models import OPEN_STATUSES, EscalationLevel, Status
from permissions import rules

from .fsm import State


DISPUTE_WINDOW = datetime.timedelta(days=14)


def _permission(predicate):
    def check(flow, actor):
        return predicate(actor, flow.complaint)

    check.__name__ = predicate.__name__
    return check


class ComplaintFlow:
    state = State(Status, default=Status.SUBMITTED)

    def __init__(self, complaint):
        self.complaint = complaint
        self.now = timezone.now()

    @state.getter()
    def _get_state(self):
        return self.complaint.status

    @state.setter()
    def _set_state(self, value):
        self.complaint.status = value
        self.complaint.status_changed_at = self.now

    @state.transition(
        source=Status.SUBMITTED, target=Status.TRIAGED, permission=_permission(rules.can_triage)
    )
    def triage(self, *, category, department, priority):
        c = self.complaint
        c.category, c.department, c.priority = category, department, priority
        c.triaged_at = self.now

    @state.transition(
        source=[Status.SUBMITTED, Status.TRIAGED],
        target=Status.REJECTED,
        permission=_permission(rules.can_reject),
    )
    def reject(self, *, kind, duplicate_of=None, transferred_to=None):
        c = self.complaint
        c.rejection_kind, c.duplicate_of, c.transferred_to = kind, duplicate_of, transferred_to
        c.closed_at = self.now

    @state.transition(
        source=[Status.TRIAGED, Status.ASSIGNED],
        target=Status.TRIAGED,
        permission=_permission(rules.can_manage),
    )
    def transfer(self, *, department):
        c = self.complaint
        c.department, c.assignee, c.assigned_at = department, None, None
        # A new department starts accountable at its own level.
        c.escalation_level = EscalationLevel.DEPARTMENT

    @state.transition(
        source=Status.TRIAGED, target=Status.ASSIGNED, permission=_permission(rules.can_manage)
    )
    def assign(self, *, assignee):
        self._set_assignee(assignee)

    @state.transition(
        source=Status.TRIAGED, target=Status.ASSIGNED, permission=_permission(rules.can_claim)
    )
    def claim(self, *, assignee):
        self._set_assignee(assignee)

    @state.transition(
        source=[Status.ASSIGNED, Status.IN_PROGRESS],
        target=Status.ASSIGNED,
        permission=_permission(rules.can_manage),
    )
    def reassign(self, *, assignee):
        self._set_assignee(assignee)

    def _set_assignee(self, assignee):
        self.complaint.assignee = assignee
        self.complaint.assigned_at = self.now

    @state.transition(
        source=Status.ASSIGNED, target=Status.IN_PROGRESS, permission=_permission(rules.is_assignee)
    )
    def start(self):
        pass

    @state.transition(
        source=Status.IN_PROGRESS,
        target=Status.AWAITING_CITIZEN,
        permission=_permission(rules.is_assignee),
    )
    def request_info(self):
        pass

    @state.transition(
        source=Status.AWAITING_CITIZEN,
        target=Status.IN_PROGRESS,
        permission=_permission(rules.can_record_reply),
    )
    def citizen_reply(self):
        pass

    @state.transition(
        source=Status.IN_PROGRESS, target=Status.RESOLVED, permission=_permission(rules.is_assignee)
    )
    def resolve(self):
        self.complaint.resolved_at = self.now

    @state.transition(
        source=Status.RESOLVED, target=Status.CLOSED, permission=_permission(rules.can_confirm)
    )
    def confirm(self, *, rating=None):
        self.complaint.rating = rating
        self.complaint.closed_at = self.now

    def _within_dispute_window(self):
        resolved_at = self.complaint.resolved_at
        return State.CONDITION(
            resolved_at is not None and self.now - resolved_at <= DISPUTE_WINDOW,
            _("The 14 days to dispute this resolution have passed."),
        )

    @state.transition(
        source=Status.RESOLVED,
        target=Status.IN_PROGRESS,
        conditions=[_within_dispute_window],
        permission=_permission(rules.is_owner),
    )
    def dispute(self):
        self.complaint.reopen_count += 1
        self.complaint.resolved_at = None

    @state.transition(
        source=list(OPEN_STATUSES), target=Status.WITHDRAWN, permission=_permission(rules.is_owner)
    )
    def withdraw(self):
        self.complaint.closed_at = self.now


TRANSITIONS = (
    "triage",
    "reject",
    "transfer",
    "assign",
    "claim",
    "reassign",
    "start",
    "request_info",
    "citizen_reply",
    "resolve",
    "confirm",
    "dispute",
    "withdraw",
)


def available_transitions(complaint, actor) -> set[str]:
    """Names of the transitions ``actor`` may take on ``complaint`` now."""
    flow = ComplaintFlow(complaint)
    return {
        name
        for name in TRANSITIONS
        if getattr(flow, name).can_proceed() and getattr(flow, name).has_perm(actor)
    }
