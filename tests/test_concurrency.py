"""Row locks under real concurrency (PostgreSQL only: SQLite serialises
every writer, so it cannot show a race)."""

import threading

import pytest
from django.db import connection
from guardian.shortcuts import get_users_with_perms

from audit.models import Event
from cases.models import Channel, Complaint, Status
from permissions.actors import Citizen
from permissions.models import Role
from workflows import complaints
from workflows.errors import InvalidTransition, WorkflowError

from .conftest import make_user

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

THREADS = 20


def run_together(jobs):
    """Run each job in its own thread and connection, all released at once."""
    barrier = threading.Barrier(len(jobs))
    results = [None] * len(jobs)

    def worker(index, job):
        try:
            barrier.wait(timeout=30)
            results[index] = ("ok", job())
        except Exception as error:  # collected and asserted on by the test
            results[index] = ("error", error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads), "a thread hung: a lock was never released"
    return results


def test_twenty_officers_claim_one_complaint_and_exactly_one_gets_it(make_complaint, staff):
    c = make_complaint("triaged")
    officers = [
        make_user(f"was.water.claimer{i}", Role.OFFICER, department=staff.was.water) for i in range(THREADS)
    ]
    results = run_together([lambda officer=officer: complaints.claim(Complaint(pk=c.pk), actor=officer)
                            for officer in officers])

    winners = [value for outcome, value in results if outcome == "ok"]
    refusals = [value for outcome, value in results if outcome == "error"]
    assert len(winners) == 1
    assert len(refusals) == THREADS - 1
    assert all(isinstance(error, InvalidTransition) for error in refusals), refusals
    assert all(c.tracking_code in str(error) for error in refusals)

    c.refresh_from_db()
    assert c.status == Status.ASSIGNED and c.assignee == winners[0].assignee
    assignments = Event.objects.filter(subject_kind="complaint", subject_id=str(c.pk), action__in=["assign", "claim"])
    assert assignments.count() == 1
    assert assignments.get().actor_id == c.assignee_id
    # Only the winner may work it: no loser's grant slipped through.
    assert set(get_users_with_perms(c, only_with_perms_in=["work_complaint"])) == {c.assignee}


def test_concurrent_submissions_get_unique_gapless_codes_and_an_unbroken_chain(staff, reference):
    def submit(i):
        complaint, _pin = complaints.submit(
            actor=Citizen(), province=reference.was, category=reference.water_leak,
            description=f"Leak number {i} on the main road", channel=Channel.WEB,
        )
        return complaint.tracking_code

    results = run_together([lambda i=i: submit(i) for i in range(THREADS)])
    codes = sorted(value for outcome, value in results if outcome == "ok")
    assert len(codes) == THREADS, [value for outcome, value in results if outcome == "error"]
    numbers = [int(code.rsplit("-", 1)[1]) for code in codes]
    assert numbers == list(range(numbers[0], numbers[0] + THREADS))

    events = list(Event.objects.filter(chain="WAS").order_by("seq"))
    assert [e.seq for e in events] == list(range(1, len(events) + 1))
    assert all(later.prev_hash == earlier.hash for earlier, later in zip(events, events[1:]))


def test_concurrent_work_on_different_complaints_does_not_block_or_fork_the_chain(make_complaint, staff):
    cases = [make_complaint("in_progress") for _ in range(5)]
    jobs = [lambda c=c: complaints.add_note(c, actor=staff.was.director, body="Checked on site today.")
            for c in cases for _ in range(4)]
    results = run_together(jobs)
    assert all(outcome == "ok" for outcome, _ in results), [v for o, v in results if o == "error"]
    events = list(Event.objects.filter(chain="WAS").order_by("seq"))
    assert len({e.prev_hash for e in events}) == len(events)
    assert Event.objects.filter(action="note").count() == len(jobs)


def test_claim_and_transfer_race_leaves_one_consistent_outcome(make_complaint, staff):
    c = make_complaint("triaged")
    results = run_together([
        lambda: complaints.claim(Complaint(pk=c.pk), actor=staff.was.officer2),
        lambda: complaints.transfer(Complaint(pk=c.pk), actor=staff.was.director, department=staff.was.power,
                                    reason="It is the cable."),
    ])
    assert all(outcome == "ok" or isinstance(value, WorkflowError) for outcome, value in results)
    c.refresh_from_db()
    # Whichever came first, the transfer wins: a claim after it is refused
    # (the case left the officer's department), a claim before it is undone
    # by it, object permission included.
    assert (c.status, c.department, c.assignee) == (Status.TRIAGED, staff.was.power, None)
    assert set(get_users_with_perms(c, only_with_perms_in=["work_complaint"])) == set()
