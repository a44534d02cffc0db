"""The ledger: one append-only, hash-chained sequence per province, written
in the transaction of the change it records."""

import datetime
import hashlib
import json
from decimal import Decimal

import pytest
from django.db import transaction

from audit import ledger
from audit.models import GENESIS_HASH, Chain, Event
from workflows import complaints
from workflows.errors import InvalidInput

pytestmark = pytest.mark.django_db


def chain(key):
    return list(Event.objects.filter(chain=key).order_by("seq"))


def assert_chain_intact(key):
    events = chain(key)
    assert [e.seq for e in events] == list(range(1, len(events) + 1))
    previous = GENESIS_HASH
    for event in events:
        assert event.prev_hash == previous
        # Recomputed from the stored row, as an outside auditor would.
        assert event.hash == ledger.compute_hash(event.prev_hash, ledger.event_body(event))
        previous = event.hash
    head = Chain.objects.get(key=key)
    assert (head.last_seq, head.last_hash) == (events[-1].seq, events[-1].hash)


def test_each_province_has_its_own_intact_chain(make_complaint):
    make_complaint("closed")
    make_complaint("rejected", province="bgd")
    make_complaint("awaiting_citizen")
    assert_chain_intact("WAS")
    assert_chain_intact("BGD")
    assert {e.chain for e in Event.objects.filter(subject_kind="complaint")} == {"WAS", "BGD"}


def test_the_hash_is_the_documented_formula(make_complaint):
    c = make_complaint("triaged")
    event = Event.objects.filter(subject_id=str(c.pk), action="triage").get()
    body = {
        "chain": "WAS",
        "seq": event.seq,
        "at": event.at.astimezone(datetime.UTC).isoformat(timespec="microseconds"),
        "actor": {"kind": "user", "id": event.actor_id, "name": "was.clerk", "role": "clerk"},
        "action": "triage",
        "subject": {"kind": "complaint", "id": str(c.pk), "ref": c.tracking_code},
        "from": "submitted",
        "to": "triaged",
        "data": event.data,
    }
    text = json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    assert event.hash == hashlib.sha256((event.prev_hash + text).encode("utf-8")).hexdigest()


def test_canonical_json_is_compact_sorted_utf8():
    assert ledger.canonical_json({"b": "واسط", "a": [1, Decimal("2.50")]}) == '{"a":[1,"2.50"],"b":"واسط"}'
    moment = datetime.datetime(2026, 12, 4, 11, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=3)))
    assert ledger.canonical_json({"at": moment}) == '{"at":"2026-12-04T08:00:00.000000+00:00"}'
    with pytest.raises(TypeError):
        ledger.canonical_json({"x": object()})


def test_data_survives_the_database_round_trip_unchanged():
    with transaction.atomic():
        event = ledger.append(
            chain="TST",
            actor=ledger.SYSTEM,
            action="test",
            subject=ledger.SubjectRef(kind="thing", id="1"),
            data={"amount": Decimal("1250000.50"), "ratio": 0.1, "nested": {"z": 1, "a": [None, True]}},
        )
    stored = Event.objects.get(pk=event.pk)
    assert stored.data == {"amount": "1250000.50", "ratio": 0.1, "nested": {"a": [None, True], "z": 1}}
    assert stored.hash == ledger.compute_hash(stored.prev_hash, ledger.event_body(stored))


@pytest.mark.django_db(transaction=True)
def test_append_outside_a_transaction_is_refused():
    with pytest.raises(RuntimeError):
        ledger.append(chain="TST", actor=ledger.SYSTEM, action="x", subject=ledger.SubjectRef(kind="t", id="1"))


def test_events_cannot_be_changed_or_deleted_through_the_orm(make_complaint):
    make_complaint()
    event = Event.objects.latest("pk")
    event.action = "forged"
    with pytest.raises(ValueError):
        event.save()
    with pytest.raises(ValueError):
        event.delete()


def test_a_refused_change_leaves_no_event_and_no_gap(make_complaint, staff):
    c = make_complaint()
    head = Chain.objects.get(key="WAS").last_seq
    with pytest.raises(InvalidInput):
        complaints.reject(c, actor=staff.was.clerk, kind="other", reason="")
    assert Chain.objects.get(key="WAS").last_seq == head
    complaints.reject(c, actor=staff.was.clerk, kind="other", reason="Not a public matter.")
    assert Chain.objects.get(key="WAS").last_seq == head + 1
    assert_chain_intact("WAS")


def test_a_change_rolled_back_later_takes_its_event_with_it(make_complaint, staff):
    c = make_complaint()
    events = Event.objects.count()
    with pytest.raises(RuntimeError):
        with transaction.atomic():
            complaints.triage(c, actor=staff.was.clerk, category=c.category, department=staff.was.water,
                              priority="low")
            raise RuntimeError("the caller's transaction fails afterwards")
    c.refresh_from_db()
    assert c.status == "submitted"
    assert Event.objects.count() == events


def test_actor_is_recorded_as_he_was_at_that_moment(make_complaint, staff):
    from permissions.actors import SYSTEM
    from permissions.services import set_position

    c = make_complaint()
    complaints.triage(c, actor=staff.was.clerk, category=c.category, department=staff.was.water, priority="low")
    set_position(staff.was.clerk, actor=SYSTEM, role="assistant", province=staff.was.province)
    staff.was.clerk.username = "renamed"
    staff.was.clerk.save()
    event = Event.objects.get(subject_id=str(c.pk), action="triage")
    assert (event.actor_name, event.actor_role) == ("was.clerk", "clerk")
    position = Event.objects.filter(action="staff.position", subject_id=str(staff.was.clerk.pk)).latest("seq")
    assert position.data == {
        "old": {"role": "clerk", "province": "WAS", "department": None},
        "new": {"role": "assistant", "province": "WAS", "department": None},
    }


def test_the_auditors_script_in_the_docs_verifies_a_real_chain(make_complaint):
    """docs/ledger.md promises that a short script of the auditor's own
    verifies a chain; run that very script on an exported chain."""
    from pathlib import Path

    doc = (Path(__file__).resolve().parent.parent / "docs" / "ledger.md").read_text()
    script = doc.split("```python", 1)[1].split("```", 1)[0]
    namespace = {}
    exec(script, namespace)  # noqa: S102 - the documented verifier, run as documented

    make_complaint("closed")
    exported = [
        json.loads(json.dumps({**ledger.event_body(e), "prev_hash": e.prev_hash, "hash": e.hash}))
        for e in chain("WAS")
    ]
    assert namespace["verify"](exported) == "ok"
    exported[3]["data"]["changes"] = {"priority": ["normal", "low"]}
    assert namespace["verify"](exported) == "event 4 does not verify"
