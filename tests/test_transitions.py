"""Every legal transition of DESIGN §3: the state it leads to, the fields it
sets, the object permissions it moves and the one ledger event it leaves."""

import datetime

import pytest
import time_machine
from django.utils import timezone
from guardian.shortcuts import get_users_with_perms

from audit.models import Event
from cases.models import Complaint, EscalationLevel, NoteKind, Status
from permissions.actors import SYSTEM, Citizen
from workflows import complaints

pytestmark = pytest.mark.django_db


def events_of(complaint):
    return list(Event.objects.filter(subject_kind="complaint", subject_id=str(complaint.pk)).order_by("seq"))


def last_event(complaint):
    return events_of(complaint)[-1]


def workers(complaint):
    return {u.username for u in get_users_with_perms(complaint, only_with_perms_in=["work_complaint"])}


def assert_event(complaint, action, from_state, to_state, actor_role):
    event = last_event(complaint)
    assert (event.action, event.from_state, event.to_state, event.actor_role) == (
        action,
        from_state,
        to_state,
        actor_role,
    )
    assert event.chain == complaint.province.code
    assert event.subject_ref == complaint.tracking_code
    return event


def owner(complaint):
    return Citizen(complaint_id=complaint.pk)


def test_submit_files_a_complaint_with_code_pin_and_event(make_complaint):
    c = make_complaint()
    assert c.status == Status.SUBMITTED
    assert c.tracking_code.startswith(f"WAS-{timezone.localtime().year}-")
    assert len(c.tracking_code) == len("WAS-2026-000001")
    assert c.pin and c.pin not in c.pin_hash
    (event,) = events_of(c)
    assert (event.action, event.from_state, event.to_state, event.actor_kind) == ("submit", "", "submitted", "citizen")
    assert event.data["has_contact"] is True
    # The citizen's words are in the ledger only as a digest.
    assert c.description not in str(event.data)


@pytest.mark.parametrize("who", ["clerk", "assistant"])
def test_triage_sets_category_department_priority(make_complaint, staff, reference, who):
    c = make_complaint()
    actor = getattr(staff.was, who)
    c = complaints.triage(c, actor=actor, category=reference.power_cut, department=staff.was.power, priority="urgent")
    assert (c.status, c.category, c.department, c.priority) == (
        Status.TRIAGED,
        reference.power_cut,
        staff.was.power,
        "urgent",
    )
    assert c.triaged_at is not None
    event = assert_event(c, "triage", "submitted", "triaged", who)
    assert event.data["changes"]["department"] == [None, "WAS/electricity"]
    assert event.data["changes"]["category"] == ["water-leak", "power-outage"]
    assert event.data["changes"]["priority"] == ["normal", "urgent"]


@pytest.mark.parametrize("state,who", [("submitted", "clerk"), ("triaged", "director"), ("triaged", "assistant")])
def test_reject_with_reason(make_complaint, staff, state, who):
    c = make_complaint(state)
    c = complaints.reject(c, actor=getattr(staff.was, who), kind="out_of_scope", reason="A federal ministry matter.")
    assert c.status == Status.REJECTED
    assert c.rejection_kind == "out_of_scope"
    assert c.closed_at is not None
    event = assert_event(c, "reject", state, "rejected", who)
    assert event.data["note"]["text"] == "A federal ministry matter."
    assert c.notes.get().kind == NoteKind.REASON


def test_reject_as_duplicate_links_the_original(make_complaint, staff):
    original = make_complaint()
    copy = make_complaint()
    copy = complaints.reject(
        copy, actor=staff.was.clerk, kind="duplicate", reason="Same pipe, reported yesterday.",
        duplicate_of_code=original.tracking_code.lower(),
    )
    assert copy.duplicate_of == original
    assert last_event(copy).data["changes"]["duplicate_of"] == [None, original.tracking_code]


def test_reject_for_wrong_province_refiles_it_there(make_complaint, staff, reference):
    c = make_complaint()
    c = complaints.reject(
        c, actor=staff.was.clerk, kind="wrong_province", reason="Karkh is in Baghdad.", target_province=reference.bgd
    )
    refiled = c.transferred_to
    assert refiled.province == reference.bgd and refiled.status == Status.SUBMITTED
    assert refiled.tracking_code.startswith("BGD-")
    assert (refiled.description, refiled.contact_phone, refiled.pin_hash) == (
        c.description,
        c.contact_phone,
        c.pin_hash,
    )
    (submitted,) = events_of(refiled)
    assert submitted.chain == "BGD" and submitted.data["refiled_from"] == c.tracking_code


@pytest.mark.parametrize("state", ["triaged", "assigned"])
@pytest.mark.parametrize("who", ["director", "assistant"])
def test_transfer_to_another_department(make_complaint, staff, state, who):
    c = make_complaint(state)
    c = complaints.transfer(c, actor=getattr(staff.was, who), department=staff.was.power, reason="It is the cable.")
    assert (c.status, c.department, c.assignee) == (Status.TRIAGED, staff.was.power, None)
    assert workers(c) == set()
    event = assert_event(c, "transfer", state, "triaged", who)
    assert event.data["note"]["text"] == "It is the cable."


@pytest.mark.parametrize("who", ["director", "assistant"])
def test_assign_gives_one_officer_the_case(make_complaint, staff, who):
    c = make_complaint("triaged")
    c = complaints.assign(c, actor=getattr(staff.was, who), assignee=staff.was.officer2)
    assert (c.status, c.assignee) == (Status.ASSIGNED, staff.was.officer2)
    assert workers(c) == {"was.officer2"}
    event = assert_event(c, "assign", "triaged", "assigned", who)
    assert event.data["changes"]["assignee"] == [None, "was.officer2"]


def test_officer_claims_a_triaged_case(make_complaint, staff):
    c = make_complaint("triaged")
    c = complaints.claim(c, actor=staff.was.officer2)
    assert (c.status, c.assignee) == (Status.ASSIGNED, staff.was.officer2)
    assert workers(c) == {"was.officer2"}
    assert_event(c, "claim", "triaged", "assigned", "officer")


@pytest.mark.parametrize("state", ["assigned", "in_progress"])
def test_reassign_moves_the_object_permission(make_complaint, staff, state):
    c = make_complaint(state)
    assert workers(c) == {"was.officer"}
    c = complaints.reassign(c, actor=staff.was.director, assignee=staff.was.officer2, reason="Officer on leave.")
    assert (c.status, c.assignee) == (Status.ASSIGNED, staff.was.officer2)
    assert workers(c) == {"was.officer2"}
    event = assert_event(c, "reassign", state, "assigned", "director")
    assert event.data["changes"]["assignee"] == ["was.officer", "was.officer2"]


def test_a_withdrawn_permission_is_not_remembered_on_the_same_row(make_complaint, staff):
    """The rules keep guardian's answer on the complaint instance for one
    page; taking the work away must not leave the old answer there."""
    from permissions import objects, rules

    c = make_complaint("assigned")
    officer = staff.was.officer
    assert rules.is_assignee(officer, c)
    objects.withdraw_work(officer, c)
    assert not rules.is_assignee(officer, c)
    objects.grant_work(officer, c)
    assert rules.is_assignee(officer, c)


def test_assignee_starts_work(make_complaint, staff):
    c = complaints.start(make_complaint("assigned"), actor=staff.was.officer)
    assert c.status == Status.IN_PROGRESS
    assert_event(c, "start", "assigned", "in_progress", "officer")


def test_request_info_shows_the_question_to_the_citizen(make_complaint, staff):
    c = complaints.request_info(make_complaint("in_progress"), actor=staff.was.officer, question="Which house number?")
    assert c.status == Status.AWAITING_CITIZEN
    note = c.notes.get()
    assert (note.kind, note.body, note.is_public) == (NoteKind.QUESTION, "Which house number?", True)
    assert_event(c, "request_info", "in_progress", "awaiting_citizen", "officer")


@pytest.mark.parametrize("who", ["citizen", "clerk", "assistant"])
def test_citizen_reply_resumes_work(make_complaint, staff, who):
    c = make_complaint("awaiting_citizen")
    actor = owner(c) if who == "citizen" else getattr(staff.was, who)
    c = complaints.citizen_reply(c, actor=actor, answer="House 14, near the mosque.")
    assert c.status == Status.IN_PROGRESS
    reply = c.notes.get(kind=NoteKind.REPLY)
    assert reply.by_citizen
    event = assert_event(c, "citizen_reply", "awaiting_citizen", "in_progress", who)
    assert "text" not in event.data["note"] and len(event.data["note"]["sha256"]) == 64


def test_resolve_needs_and_keeps_a_note(make_complaint, staff):
    c = complaints.resolve(make_complaint("in_progress"), actor=staff.was.officer, note="Pipe replaced.")
    assert c.status == Status.RESOLVED and c.resolved_at is not None
    assert c.notes.get(kind=NoteKind.RESOLUTION).body == "Pipe replaced."
    assert_event(c, "resolve", "in_progress", "resolved", "officer")


@pytest.mark.parametrize("rating", [None, 1, 5])
def test_citizen_confirms_and_may_rate(make_complaint, rating):
    c = make_complaint("resolved")
    c = complaints.confirm(c, actor=owner(c), rating=rating)
    assert (c.status, c.rating) == (Status.CLOSED, rating)
    event = assert_event(c, "confirm", "resolved", "closed", "citizen")
    assert event.data["automatic"] is False


def test_system_confirms_after_seven_days_of_silence(make_complaint):
    c = make_complaint("resolved")
    with time_machine.travel(c.resolved_at + datetime.timedelta(days=7, minutes=1)):
        c = complaints.confirm(c, actor=SYSTEM)
    assert c.status == Status.CLOSED and c.rating is None
    event = assert_event(c, "confirm", "resolved", "closed", "system")
    assert event.data["automatic"] is True


def test_dispute_within_fourteen_days_reopens(make_complaint):
    c = make_complaint("resolved")
    with time_machine.travel(c.resolved_at + datetime.timedelta(days=13)):
        c = complaints.dispute(c, actor=owner(c), reason="Still leaking today.")
    assert (c.status, c.reopen_count, c.resolved_at) == (Status.IN_PROGRESS, 1, None)
    assert c.assignee is not None
    assert_event(c, "dispute", "resolved", "in_progress", "citizen")


@pytest.mark.parametrize("state", ["submitted", "triaged", "assigned", "in_progress", "awaiting_citizen"])
def test_citizen_withdraws_any_open_complaint(make_complaint, state):
    c = make_complaint(state)
    c = complaints.withdraw(c, actor=owner(c), reason="Fixed by the neighbours.")
    assert c.status == Status.WITHDRAWN and c.closed_at is not None
    assert_event(c, "withdraw", state, "withdrawn", "citizen")


def test_transfer_resets_the_escalation_level(make_complaint, staff):
    c = make_complaint("assigned")
    Complaint.objects.filter(pk=c.pk).update(escalation_level=EscalationLevel.DIRECTOR)
    c = complaints.transfer(c, actor=staff.was.assistant, department=staff.was.power, reason="Cable fault.")
    assert c.escalation_level == EscalationLevel.DEPARTMENT
    assert last_event(c).data["changes"]["escalation_level"] == [1, 0]


def test_full_life_of_a_complaint_leaves_a_readable_history(make_complaint, staff):
    c = make_complaint("closed")
    assert [e.action for e in events_of(c)] == ["submit", "triage", "assign", "start", "resolve", "confirm"]
    states = [(e.from_state, e.to_state) for e in events_of(c)]
    assert states == [
        ("", "submitted"),
        ("submitted", "triaged"),
        ("triaged", "assigned"),
        ("assigned", "in_progress"),
        ("in_progress", "resolved"),
        ("resolved", "closed"),
    ]
