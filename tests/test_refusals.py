"""Every illegal transition is refused with a clear error, changes nothing
and writes no ledger event: wrong state, wrong role, wrong province,
missing reason or bad input."""

import pytest

from audit.models import Event
from cases.models import Status
from permissions.actors import SYSTEM, Citizen
from workflows import complaints
from workflows.errors import InvalidInput, InvalidTransition, NotPermitted

from .conftest import snapshot

pytestmark = pytest.mark.django_db

# Where each transition may start (DESIGN §3).
SOURCES = {
    "triage": {"submitted"},
    "reject": {"submitted", "triaged"},
    "transfer": {"triaged", "assigned"},
    "assign": {"triaged"},
    "claim": {"triaged"},
    "reassign": {"assigned", "in_progress"},
    "start": {"assigned"},
    "request_info": {"in_progress"},
    "citizen_reply": {"awaiting_citizen"},
    "resolve": {"in_progress"},
    "confirm": {"resolved"},
    "dispute": {"resolved"},
    "withdraw": {"submitted", "triaged", "assigned", "in_progress", "awaiting_citizen"},
}


def attempt(name, c, actor, people):
    """Call transition ``name`` with valid arguments, as ``actor``."""
    calls = {
        "triage": lambda: complaints.triage(
            c, actor=actor, category=c.category, department=people.water, priority="high"
        ),
        "reject": lambda: complaints.reject(c, actor=actor, kind="other", reason="Not a real complaint."),
        "transfer": lambda: complaints.transfer(c, actor=actor, department=people.power, reason="The cable."),
        "assign": lambda: complaints.assign(c, actor=actor, assignee=people.officer2),
        "claim": lambda: complaints.claim(c, actor=actor),
        "reassign": lambda: complaints.reassign(c, actor=actor, assignee=people.officer2, reason="On leave."),
        "start": lambda: complaints.start(c, actor=actor),
        "request_info": lambda: complaints.request_info(c, actor=actor, question="Which house?"),
        "citizen_reply": lambda: complaints.citizen_reply(c, actor=actor, answer="House 14."),
        "resolve": lambda: complaints.resolve(c, actor=actor, note="All mended."),
        "confirm": lambda: complaints.confirm(c, actor=actor, rating=4 if isinstance(actor, Citizen) else None),
        "dispute": lambda: complaints.dispute(c, actor=actor, reason="Still broken."),
        "withdraw": lambda: complaints.withdraw(c, actor=actor),
    }
    return calls[name]()


def actor_named(who, c, people, staff):
    if who == "owner":
        return Citizen(complaint_id=c.pk)
    if who == "stranger":
        return Citizen(complaint_id=c.pk + 1000)
    if who == "system":
        return SYSTEM
    if who in ("committee_all", "admin"):
        return getattr(staff, who)
    return getattr(people, who)


# Someone who may take the transition when the state allows it.
ENTITLED = {
    "triage": "clerk",
    "reject": "assistant",
    "transfer": "assistant",
    "assign": "assistant",
    "claim": "officer2",
    "reassign": "assistant",
    "start": "officer",
    "request_info": "officer",
    "citizen_reply": "owner",
    "resolve": "officer",
    "confirm": "owner",
    "dispute": "owner",
    "withdraw": "owner",
}

WRONG_STATE = [(name, state) for name in SOURCES for state in Status.values if state not in SOURCES[name]]


@pytest.mark.parametrize("name,state", WRONG_STATE)
def test_wrong_state_is_refused(make_complaint, staff, name, state):
    c = make_complaint(state)
    actor = actor_named(ENTITLED[name], c, staff.was, staff)
    before = snapshot(c)
    officer_without_the_case = ENTITLED[name] in ("officer", "officer2") and c.department_id is None
    # An officer cannot see a complaint not yet routed to his department, so
    # he is told he may not, rather than what state it is in.
    expected = NotPermitted if officer_without_the_case else InvalidTransition
    with pytest.raises(expected) as refusal:
        attempt(name, c, actor, staff.was)
    assert str(refusal.value)
    if expected is InvalidTransition:
        assert c.tracking_code in str(refusal.value)
    assert snapshot(c) == before


# Who may take each transition from the given state, among the people of the
# complaint's own province; everyone else in ROLES is refused.
ROLES = [
    "clerk", "officer", "officer2", "power_officer", "director", "power_director", "assistant",
    "committee", "committee_all", "admin", "owner", "stranger", "system",
]
ALLOWED = {
    ("triage", "submitted"): {"clerk", "assistant"},
    ("reject", "submitted"): {"clerk", "assistant"},
    ("reject", "triaged"): {"clerk", "assistant", "director"},
    ("transfer", "triaged"): {"director", "assistant"},
    ("transfer", "assigned"): {"director", "assistant"},
    ("assign", "triaged"): {"director", "assistant"},
    ("claim", "triaged"): {"officer", "officer2"},
    ("reassign", "assigned"): {"director", "assistant"},
    ("reassign", "in_progress"): {"director", "assistant"},
    ("start", "assigned"): {"officer"},
    ("request_info", "in_progress"): {"officer"},
    ("citizen_reply", "awaiting_citizen"): {"owner", "clerk", "assistant"},
    ("resolve", "in_progress"): {"officer"},
    # The system may close a resolution only after seven silent days.
    ("confirm", "resolved"): {"owner"},
    ("dispute", "resolved"): {"owner"},
    ("withdraw", "submitted"): {"owner"},
    ("withdraw", "in_progress"): {"owner"},
}
WRONG_ROLE = [(name, state, who) for (name, state), allowed in ALLOWED.items() for who in ROLES if who not in allowed]


@pytest.mark.parametrize("name,state,who", WRONG_ROLE)
def test_wrong_role_is_refused(make_complaint, staff, name, state, who):
    c = make_complaint(state)
    before = snapshot(c)
    expected = InvalidTransition if (name, who) == ("confirm", "system") else NotPermitted
    with pytest.raises(expected):
        attempt(name, c, actor_named(who, c, staff.was, staff), staff.was)
    assert snapshot(c) == before


@pytest.mark.parametrize("name,state,who", [
    (name, state, who) for (name, state), allowed in ALLOWED.items() for who in sorted(allowed)
])
def test_the_allowed_roles_succeed(make_complaint, staff, name, state, who):
    """The other half of the table above, so that it cannot drift."""
    c = make_complaint(state)
    attempt(name, c, actor_named(who, c, staff.was, staff), staff.was)
    last = Event.objects.filter(subject_kind="complaint", subject_id=str(c.pk)).latest("seq")
    assert (last.action, last.from_state) == (name, state)


@pytest.mark.parametrize("name,state", sorted(ALLOWED))
def test_staff_of_another_province_are_refused(make_complaint, staff, name, state):
    c = make_complaint(state)
    before = snapshot(c)
    for who in sorted(ALLOWED[(name, state)] - {"owner"}):
        # Same role, Baghdad instead of Wasit; Wasit's departments in the arguments.
        with pytest.raises(NotPermitted):
            attempt(name, c, getattr(staff.bgd, who), staff.was)
    assert snapshot(c) == before


def test_a_citizen_acts_only_on_his_own_complaint(make_complaint):
    mine = make_complaint("resolved")
    other = make_complaint("resolved")
    before = snapshot(other)
    with pytest.raises(NotPermitted):
        complaints.confirm(other, actor=Citizen(complaint_id=mine.pk), rating=5)
    with pytest.raises(NotPermitted):
        complaints.withdraw(other, actor=Citizen(complaint_id=mine.pk))
    assert snapshot(other) == before


MISSING_TEXT = [
    ("reject", "submitted", "clerk", lambda c, a, p, text: complaints.reject(c, actor=a, kind="other", reason=text)),
    ("transfer", "triaged", "director",
     lambda c, a, p, text: complaints.transfer(c, actor=a, department=p.power, reason=text)),
    ("reassign", "assigned", "director",
     lambda c, a, p, text: complaints.reassign(c, actor=a, assignee=p.officer2, reason=text)),
    ("request_info", "in_progress", "officer", lambda c, a, p, text: complaints.request_info(c, actor=a, question=text)),
    ("citizen_reply", "awaiting_citizen", "clerk", lambda c, a, p, text: complaints.citizen_reply(c, actor=a, answer=text)),
    ("resolve", "in_progress", "officer", lambda c, a, p, text: complaints.resolve(c, actor=a, note=text)),
    ("dispute", "resolved", "owner", lambda c, a, p, text: complaints.dispute(c, actor=a, reason=text)),
]


@pytest.mark.parametrize("text", ["", "   \n ", "ok"])
@pytest.mark.parametrize("name,state,who,call", MISSING_TEXT, ids=[m[0] for m in MISSING_TEXT])
def test_missing_reason_is_refused(make_complaint, staff, name, state, who, call, text):
    c = make_complaint(state)
    before = snapshot(c)
    with pytest.raises(InvalidInput) as refusal:
        call(c, actor_named(who, c, staff.was, staff), staff.was, text)
    assert "required" in str(refusal.value)
    assert snapshot(c) == before


BAD_INPUT = {
    "triage to another province's department": (
        "submitted", "clerk",
        lambda c, a, s: complaints.triage(c, actor=a, category=c.category, department=s.bgd.water, priority="high"),
    ),
    "unknown priority": (
        "submitted", "clerk",
        lambda c, a, s: complaints.triage(c, actor=a, category=c.category, department=s.was.water, priority="asap"),
    ),
    "assign an officer of another department": (
        "triaged", "director", lambda c, a, s: complaints.assign(c, actor=a, assignee=s.was.power_officer),
    ),
    "assign an officer of another province": (
        "triaged", "assistant", lambda c, a, s: complaints.assign(c, actor=a, assignee=s.bgd.officer),
    ),
    "assign a director": (
        "triaged", "assistant", lambda c, a, s: complaints.assign(c, actor=a, assignee=s.was.director),
    ),
    "reassign to the same officer": (
        "assigned", "director",
        lambda c, a, s: complaints.reassign(c, actor=a, assignee=s.was.officer, reason="Same officer again."),
    ),
    "transfer to the same department": (
        "triaged", "director",
        lambda c, a, s: complaints.transfer(c, actor=a, department=s.was.water, reason="Back to us again."),
    ),
    "transfer to another province's department": (
        "triaged", "assistant",
        lambda c, a, s: complaints.transfer(c, actor=a, department=s.bgd.power, reason="Baghdad's cable."),
    ),
    "duplicate of an unknown complaint": (
        "submitted", "clerk",
        lambda c, a, s: complaints.reject(c, actor=a, kind="duplicate", reason="Seen before.",
                                          duplicate_of_code="WAS-2026-999999"),
    ),
    "duplicate of itself": (
        "submitted", "clerk",
        lambda c, a, s: complaints.reject(c, actor=a, kind="duplicate", reason="Seen before.",
                                          duplicate_of_code=c.tracking_code),
    ),
    "wrong province without a province": (
        "submitted", "clerk",
        lambda c, a, s: complaints.reject(c, actor=a, kind="wrong_province", reason="Not ours at all."),
    ),
    "wrong province naming its own province": (
        "submitted", "clerk",
        lambda c, a, s: complaints.reject(c, actor=a, kind="wrong_province", reason="Not ours at all.",
                                          target_province=c.province),
    ),
    "unknown rejection kind": (
        "submitted", "clerk", lambda c, a, s: complaints.reject(c, actor=a, kind="boring", reason="Not ours at all."),
    ),
    "rating out of range": ("resolved", "owner", lambda c, a, s: complaints.confirm(c, actor=a, rating=6)),
}


@pytest.mark.parametrize("case", sorted(BAD_INPUT))
def test_bad_input_is_refused(make_complaint, staff, case):
    state, who, call = BAD_INPUT[case]
    c = make_complaint(state)
    before = snapshot(c)
    with pytest.raises(InvalidInput):
        call(c, actor_named(who, c, staff.was, staff), staff)
    assert snapshot(c) == before


def test_a_duplicate_in_another_province_is_not_found(make_complaint, staff):
    elsewhere = make_complaint(province="bgd")
    c = make_complaint()
    with pytest.raises(InvalidInput):
        complaints.reject(c, actor=staff.was.clerk, kind="duplicate", reason="Seen before.",
                          duplicate_of_code=elsewhere.tracking_code)


def test_dispute_after_fourteen_days_is_refused(make_complaint):
    import datetime

    import time_machine

    c = make_complaint("resolved")
    before = snapshot(c)
    with time_machine.travel(c.resolved_at + datetime.timedelta(days=14, minutes=1)):
        with pytest.raises(InvalidTransition) as refusal:
            complaints.dispute(c, actor=Citizen(complaint_id=c.pk), reason="Still leaking today.")
    assert "14" in str(refusal.value)
    assert snapshot(c) == before


def test_an_inactive_officer_loses_his_cases(make_complaint, staff):
    c = make_complaint("assigned")
    officer = staff.was.officer
    officer.is_active = False
    officer.save()
    with pytest.raises(NotPermitted):
        complaints.start(c, actor=officer)
