"""How a citizen without an account is recognised (DESIGN §2, §3): a tracking
code ``<PROVINCE>-<YEAR>-<6 digits>`` and a secret PIN stored only hashed;
and a complaint sent to the wrong province, refiled where it belongs."""

import datetime

import pytest
import time_machine
from django.db import transaction
from django.utils import timezone

from audit import ledger
from audit.models import Event
from cases import tracking
from cases.models import Complaint, Status
from permissions.actors import Citizen
from workflows import complaints
from workflows.citizens import identify
from workflows.errors import InvalidInput

from .conftest import snapshot


@pytest.fixture
def submit(reference):
    """File a complaint as a citizen; returns (complaint, pin)."""

    def _submit(province=None, **overrides):
        fields = {
            "province": province or reference.was,
            "category": reference.water_leak,
            "description": "Water pipe broken in front of the school",
            "channel": "web",
            "contact_name": "Zainab",
            "contact_phone": "07701234567",
            "contact_email": "zainab@example.org",
        }
        fields.update(overrides)
        return complaints.submit(actor=Citizen(), **fields)

    return _submit


def this_year():
    return timezone.localtime().year


def other_pin(pin):
    return "".join(str((int(d) + 1) % 10) for d in pin)


# --- identify -----------------------------------------------------------------


def test_the_right_code_and_pin_identify_the_complaint_and_its_owner(submit):
    complaint, pin = submit()

    found = identify(complaint.tracking_code, pin)

    assert found is not None
    found_complaint, citizen = found
    assert found_complaint.pk == complaint.pk
    assert isinstance(citizen, Citizen)
    assert citizen == Citizen(complaint_id=complaint.pk)


def test_a_wrong_pin_identifies_nobody(submit):
    complaint, pin = submit()
    assert identify(complaint.tracking_code, other_pin(pin)) is None


def test_the_pin_of_another_complaint_does_not_open_this_one(submit):
    first, first_pin = submit()
    second, second_pin = submit()
    if first_pin == second_pin:  # one chance in 10**8
        pytest.skip("two random PINs happen to be equal")
    assert identify(second.tracking_code, first_pin) is None
    assert identify(first.tracking_code, second_pin) is None


def test_an_unknown_code_identifies_nobody(submit):
    complaint, pin = submit()
    unknown = complaint.tracking_code[:-6] + "999999"
    assert identify(unknown, pin) is None


@pytest.mark.parametrize(
    "code, pin",
    [("", ""), ("", "12345678"), (None, None)],
    ids=["both-empty", "empty-code", "none"],
)
def test_empty_input_identifies_nobody(submit, code, pin):
    submit()
    assert identify(code, pin) is None


def test_the_right_code_with_an_empty_pin_identifies_nobody(submit):
    complaint, _pin = submit()
    assert identify(complaint.tracking_code, "") is None
    assert identify(complaint.tracking_code, None) is None


def test_the_code_may_be_typed_in_lower_case_with_spaces_around_it(submit):
    complaint, pin = submit()
    typed = f"  {complaint.tracking_code.lower()}\n"

    found_complaint, citizen = identify(typed, pin)

    assert found_complaint.pk == complaint.pk
    assert citizen.complaint_id == complaint.pk


# --- the PIN at rest ----------------------------------------------------------


def test_the_pin_is_eight_digits(submit):
    _complaint, pin = submit()
    assert len(pin) == 8 and pin.isdigit()


def test_the_pin_is_stored_only_as_a_pbkdf2_hash(submit):
    complaint, pin = submit()
    stored = Complaint.objects.get(pk=complaint.pk)

    assert stored.pin_hash.startswith("pbkdf2_sha256$")
    assert stored.pin_hash != pin
    assert pin not in stored.pin_hash
    row = Complaint.objects.filter(pk=complaint.pk).values().get()
    for field, value in row.items():
        assert pin not in str(value), f"the PIN shows in {field}"
    for event in Event.objects.filter(subject_kind="complaint", subject_id=str(complaint.pk)):
        assert pin not in ledger.canonical_json(ledger.event_body(event))


def test_the_same_pin_hashes_differently_each_time(submit, monkeypatch):
    monkeypatch.setattr(tracking, "new_pin", lambda: "12345678")
    first, first_pin = submit()
    second, second_pin = submit()
    assert first_pin == second_pin == "12345678"
    first_hash = Complaint.objects.get(pk=first.pk).pin_hash
    second_hash = Complaint.objects.get(pk=second.pk).pin_hash
    assert first_hash != second_hash  # salted
    assert identify(first.tracking_code, "12345678")[0].pk == first.pk
    assert identify(second.tracking_code, "12345678")[0].pk == second.pk


# --- tracking codes -----------------------------------------------------------


def test_tracking_codes_are_numbered_per_province_and_year(reference):
    with transaction.atomic():
        assert tracking.next_tracking_code(reference.was, 2026) == "WAS-2026-000001"
        assert tracking.next_tracking_code(reference.was, 2026) == "WAS-2026-000002"
        assert tracking.next_tracking_code(reference.bgd, 2026) == "BGD-2026-000001"
        assert tracking.next_tracking_code(reference.was, 2027) == "WAS-2027-000001"
        assert tracking.next_tracking_code(reference.bgd, 2026) == "BGD-2026-000002"
        assert tracking.next_tracking_code(reference.was, 2026) == "WAS-2026-000003"


def test_submissions_take_the_next_code_of_their_province(submit, reference):
    year = this_year()
    codes = [
        submit()[0].tracking_code,
        submit()[0].tracking_code,
        submit(province=reference.bgd)[0].tracking_code,
        submit()[0].tracking_code,
    ]
    assert codes == [
        f"WAS-{year}-000001",
        f"WAS-{year}-000002",
        f"BGD-{year}-000001",
        f"WAS-{year}-000003",
    ]


def test_the_year_of_a_code_is_the_year_in_baghdad(submit):
    # 21:30 UTC on New Year's Eve is already 00:30 on 1 January in Baghdad.
    with time_machine.travel(datetime.datetime(2026, 12, 31, 21, 30, tzinfo=datetime.UTC), tick=False):
        complaint, _pin = submit()
    assert complaint.tracking_code == "WAS-2027-000001"


# --- a complaint for another province -----------------------------------------


@pytest.fixture
def refiled(submit, staff, reference):
    """A Wasit complaint rejected as Baghdad's; returns (original, copy, pin)."""
    original, pin = submit()
    complaints.reject(
        original,
        actor=staff.was.clerk,
        kind="wrong_province",
        reason="The street named is in Baghdad, not in Wasit.",
        target_province=reference.bgd,
    )
    original = Complaint.objects.get(pk=original.pk)
    return original, original.transferred_to, pin


def test_the_original_is_rejected_and_points_to_its_continuation(refiled):
    original, copy, _pin = refiled
    assert original.status == Status.REJECTED
    assert original.rejection_kind == "wrong_province"
    assert copy is not None
    assert copy.transferred_from == original


def test_the_complaint_is_refiled_in_baghdad_with_a_baghdad_code(refiled, reference):
    original, copy, _pin = refiled
    assert copy.province == reference.bgd
    assert copy.tracking_code == f"BGD-{this_year()}-000001"
    assert copy.status == Status.SUBMITTED
    assert copy.description == original.description
    assert copy.category == original.category
    assert (copy.contact_name, copy.contact_phone, copy.contact_email) == (
        original.contact_name,
        original.contact_phone,
        original.contact_email,
    )
    assert copy.department is None and copy.assignee is None


def test_the_same_pin_opens_the_refiled_complaint(refiled):
    original, copy, pin = refiled

    found_complaint, citizen = identify(copy.tracking_code, pin)
    assert found_complaint.pk == copy.pk
    assert citizen == Citizen(complaint_id=copy.pk)
    # The old code still leads to the old complaint, which says where it went.
    assert identify(original.tracking_code, pin)[0].pk == original.pk
    assert identify(copy.tracking_code, other_pin(pin)) is None


def test_each_province_records_its_own_half_of_the_move(refiled):
    original, copy, _pin = refiled

    [reject] = Event.objects.filter(chain="WAS", action="reject")
    assert (reject.subject_kind, reject.subject_id, reject.subject_ref) == (
        "complaint",
        str(original.pk),
        original.tracking_code,
    )
    assert (reject.from_state, reject.to_state) == (Status.SUBMITTED, Status.REJECTED)
    assert reject.data["changes"]["transferred_to"] == [None, copy.tracking_code]
    assert reject.data["changes"]["rejection_kind"] == ["", "wrong_province"]

    [refile] = Event.objects.filter(chain="BGD", action="submit")
    assert (refile.subject_id, refile.subject_ref) == (str(copy.pk), copy.tracking_code)
    assert refile.to_state == Status.SUBMITTED
    assert refile.data["refiled_from"] == original.tracking_code

    # Neither chain carries the other province's complaint.
    assert not Event.objects.filter(chain="WAS", subject_kind="complaint", subject_id=str(copy.pk)).exists()
    assert not Event.objects.filter(chain="BGD", subject_kind="complaint", subject_id=str(original.pk)).exists()


def test_both_chains_still_link_up(refiled):
    for chain in ("WAS", "BGD"):
        prev = "0" * 64
        events = list(Event.objects.filter(chain=chain).order_by("seq"))
        assert [e.seq for e in events] == list(range(1, len(events) + 1))
        for event in events:
            assert event.prev_hash == prev
            assert event.hash == ledger.compute_hash(prev, ledger.event_body(event))
            prev = event.hash


def test_a_wrong_province_rejection_must_name_another_province(submit, staff, reference):
    complaint, _pin = submit()
    before = snapshot(complaint)
    for target in (None, reference.was):
        with pytest.raises(InvalidInput) as refused:
            complaints.reject(
                complaint,
                actor=staff.was.clerk,
                kind="wrong_province",
                reason="The street named is in Baghdad, not in Wasit.",
                target_province=target,
            )
        assert refused.value.field == "target_province"
    assert snapshot(complaint) == before
