"""Notifications: who is told what, in which language, and only once the
change they report has committed (DESIGN §1: side effects through
``transaction.on_commit``).

pytest-django runs every test inside a transaction that is rolled back, so
nothing registered with ``on_commit`` ever runs on its own; the fixture
``django_capture_on_commit_callbacks(execute=True)`` plays the commit.
"""

import logging
import re

import pytest
from django.core import mail
from django.db import transaction

from audit.models import Event
from cases.models import Complaint, Status
from permissions.actors import Citizen
from workflows import complaints, notifications, sms
from workflows.errors import InvalidInput, NotPermitted

PHONE = "07701234567"
ARABIC_LETTER = re.compile(r"[\u0600-\u06FF]")


@pytest.fixture(autouse=True)
def outboxes():
    sms.outbox.clear()
    mail.outbox.clear()
    yield
    sms.outbox.clear()
    mail.outbox.clear()


@pytest.fixture
def submit(reference):
    """File a complaint as a citizen of Wasit; returns (complaint, pin)."""

    def _submit(**overrides):
        fields = {
            "province": reference.was,
            "category": reference.water_leak,
            "description": "Water pipe broken in front of the school",
            "channel": "web",
            "contact_name": "Zainab",
            "contact_phone": PHONE,
        }
        fields.update(overrides)
        return complaints.submit(actor=Citizen(), **fields)

    return _submit


# --- submission -------------------------------------------------------------


def test_nothing_is_sent_before_the_submission_commits(submit, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        submit(contact_email="zainab@example.org")
        # Still inside the transaction: the messages wait for the commit.
        assert sms.outbox == []
        assert mail.outbox == []
    assert len(callbacks) == 1
    assert len(sms.outbox) == 1
    assert len(mail.outbox) == 1


def test_a_submission_that_never_commits_sends_nothing(submit):
    # Without the commit being played, the test's transaction is rolled back.
    submit(contact_email="zainab@example.org")
    assert sms.outbox == []
    assert mail.outbox == []


def test_submit_texts_the_citizen_in_english_with_the_code_but_not_the_pin(
    submit, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        complaint, pin = submit(contact_language="en")

    assert len(sms.outbox) == 1
    to, text = sms.outbox[0]
    assert to == PHONE
    assert complaint.tracking_code in text
    assert pin not in text
    assert text.startswith("Shafaf: your complaint ")
    assert not ARABIC_LETTER.search(text)


def test_submit_texts_the_citizen_in_arabic_when_that_is_their_language(
    submit, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        complaint, pin = submit(contact_language="ar")

    [(to, text)] = sms.outbox
    assert to == PHONE
    assert complaint.tracking_code in text
    assert pin not in text
    assert ARABIC_LETTER.search(text), text


def test_submit_e_mails_the_citizen_when_an_address_is_given(submit, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        complaint, pin = submit(contact_email="zainab@example.org", contact_language="en")

    [message] = mail.outbox
    assert message.to == ["zainab@example.org"]
    assert complaint.tracking_code in message.subject
    assert complaint.tracking_code in message.body
    assert pin not in message.subject
    assert pin not in message.body
    # The text message goes out as well.
    assert [to for to, _ in sms.outbox] == [PHONE]


def test_no_e_mail_without_an_address(submit, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        submit()
    assert mail.outbox == []
    assert len(sms.outbox) == 1


def test_e_mail_only_when_no_phone_is_given(submit, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        submit(contact_phone="", contact_email="zainab@example.org")
    assert sms.outbox == []
    assert [m.to for m in mail.outbox] == [["zainab@example.org"]]


def test_an_anonymous_complaint_tells_nobody(submit, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        submit(is_anonymous=True, contact_email="zainab@example.org")
    assert sms.outbox == []
    assert mail.outbox == []


def test_an_anonymous_complaint_tells_nobody_later_either(submit, staff, django_capture_on_commit_callbacks):
    complaint, _pin = submit(is_anonymous=True, contact_email="zainab@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        complaints.reject(complaint, actor=staff.was.clerk, kind="insufficient", reason="No location was given.")
    assert sms.outbox == []
    assert mail.outbox == []


# --- later steps ------------------------------------------------------------


def test_request_info_asks_the_citizen(make_complaint, staff, django_capture_on_commit_callbacks):
    complaint = make_complaint(Status.IN_PROGRESS, contact_language="en")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        complaints.request_info(complaint, actor=staff.was.officer, question="Which house number?")
        assert sms.outbox == []
    assert len(callbacks) == 1
    [(to, text)] = sms.outbox
    assert to == PHONE
    assert complaint.tracking_code in text
    assert "question" in text
    # Only the citizen is told; the officer asked it himself.
    assert mail.outbox == []


def test_resolve_tells_the_citizen(make_complaint, staff, django_capture_on_commit_callbacks):
    complaint = make_complaint(Status.IN_PROGRESS, contact_language="en", contact_email="zainab@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        complaints.resolve(complaint, actor=staff.was.officer, note="Pipe replaced today.")
    [(to, text)] = sms.outbox
    assert to == PHONE
    assert complaint.tracking_code in text
    assert "resolved" in text
    [message] = mail.outbox
    assert message.to == ["zainab@example.org"]
    assert complaint.tracking_code in message.body


def test_assign_e_mails_the_assignee_and_not_the_citizen(make_complaint, staff, django_capture_on_commit_callbacks):
    complaint = make_complaint(Status.TRIAGED, contact_email="zainab@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        complaints.assign(complaint, actor=staff.was.director, assignee=staff.was.officer)
    [message] = mail.outbox
    assert message.to == ["was.officer@example.org"]
    assert complaint.tracking_code in message.subject
    assert complaint.tracking_code in message.body
    assert sms.outbox == []


def test_assign_to_an_officer_without_e_mail_sends_nothing(
    make_complaint, staff, django_capture_on_commit_callbacks
):
    assert staff.was.officer2.email == ""
    complaint = make_complaint(Status.TRIAGED)
    with django_capture_on_commit_callbacks(execute=True):
        complaints.assign(complaint, actor=staff.was.director, assignee=staff.was.officer2)
    assert mail.outbox == []
    assert sms.outbox == []


def test_staff_e_mails_are_in_arabic_with_the_english_beside_it(
    make_complaint, staff, django_capture_on_commit_callbacks
):
    complaint = make_complaint(Status.TRIAGED)
    with django_capture_on_commit_callbacks(execute=True):
        complaints.assign(complaint, actor=staff.was.director, assignee=staff.was.officer)
    [message] = mail.outbox
    arabic, english = message.body.split("\n\n")
    assert ARABIC_LETTER.search(arabic)
    assert not ARABIC_LETTER.search(english)
    assert english == f"Complaint {complaint.tracking_code} has been assigned to you."


def test_reassign_tells_the_new_officer_and_the_one_it_was_taken_from(
    make_complaint, staff, django_capture_on_commit_callbacks
):
    complaint = make_complaint(Status.IN_PROGRESS)
    new_officer = staff.was.officer2
    new_officer.email = "was.officer2@example.org"
    new_officer.save(update_fields=["email"])
    with django_capture_on_commit_callbacks(execute=True):
        complaints.reassign(
            complaint, actor=staff.was.director, assignee=new_officer, reason="Officer is on leave this week."
        )
    by_recipient = {message.to[0]: message.body for message in mail.outbox}
    assert set(by_recipient) == {"was.officer@example.org", "was.officer2@example.org"}
    assert "no longer assigned to you" in by_recipient["was.officer@example.org"]
    assert "has been assigned to you" in by_recipient["was.officer2@example.org"]
    assert sms.outbox == []


def test_a_transfer_tells_the_officer_it_was_taken_from(make_complaint, staff, django_capture_on_commit_callbacks):
    complaint = make_complaint(Status.ASSIGNED)
    with django_capture_on_commit_callbacks(execute=True):
        complaints.transfer(
            complaint,
            actor=staff.was.director,
            department=staff.was.power,
            reason="This is a power cable, not a pipe.",
        )
    [message] = mail.outbox
    assert message.to == ["was.officer@example.org"]
    assert f"Complaint {complaint.tracking_code} is no longer assigned to you." in message.body


def test_the_citizens_answer_tells_the_officer_who_asked(make_complaint, staff, django_capture_on_commit_callbacks):
    complaint = make_complaint(Status.AWAITING_CITIZEN)
    with django_capture_on_commit_callbacks(execute=True):
        complaints.citizen_reply(complaint, actor=Citizen(complaint_id=complaint.pk), answer="House number 14.")
    [message] = mail.outbox
    assert message.to == ["was.officer@example.org"]
    assert "has answered your question" in message.body
    assert "House number 14" not in message.body  # the answer is read on the case page, not in a mailbox


@pytest.mark.parametrize(
    ("state", "action", "words"),
    [(Status.RESOLVED, "dispute", "disputes the resolution"), (Status.IN_PROGRESS, "withdraw", "has withdrawn")],
)
def test_the_citizens_verdict_tells_the_assigned_officer(
    make_complaint, staff, django_capture_on_commit_callbacks, state, action, words
):
    complaint = make_complaint(state)
    owner = Citizen(complaint_id=complaint.pk)
    with django_capture_on_commit_callbacks(execute=True):
        if action == "dispute":
            complaints.dispute(complaint, actor=owner, reason="The pipe is still leaking.")
        else:
            complaints.withdraw(complaint, actor=owner)
    [message] = mail.outbox
    assert message.to == ["was.officer@example.org"]
    assert words in message.body


def test_withdrawing_an_unassigned_complaint_mails_nobody(make_complaint, django_capture_on_commit_callbacks):
    complaint = make_complaint(Status.SUBMITTED)
    with django_capture_on_commit_callbacks(execute=True):
        complaints.withdraw(complaint, actor=Citizen(complaint_id=complaint.pk))
    assert mail.outbox == []


@pytest.mark.parametrize(
    ("state", "step"),
    [
        (Status.SUBMITTED, "triage"),
        # Nobody had it yet, so nobody loses it.
        (Status.TRIAGED, "transfer"),
    ],
)
def test_steps_without_a_message_send_nothing(make_complaint, staff, django_capture_on_commit_callbacks, state, step):
    complaint = make_complaint(state)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        if step == "triage":
            make_complaint.step(complaint, "triage", staff.was)
        else:
            complaints.transfer(
                complaint,
                actor=staff.was.director,
                department=staff.was.power,
                reason="This is a power cable, not a pipe.",
            )
    assert callbacks == []
    assert sms.outbox == []
    assert mail.outbox == []


# --- failures ---------------------------------------------------------------


def test_a_refused_reject_queues_nothing(make_complaint, staff, django_capture_on_commit_callbacks):
    complaint = make_complaint(Status.SUBMITTED)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(InvalidInput):
            complaints.reject(complaint, actor=staff.was.clerk, kind="insufficient", reason="")
    assert callbacks == []
    assert sms.outbox == []
    assert Complaint.objects.get(pk=complaint.pk).status == Status.SUBMITTED


def test_a_refusal_after_the_row_lock_queues_nothing(make_complaint, staff, django_capture_on_commit_callbacks):
    complaint = make_complaint(Status.IN_PROGRESS)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(NotPermitted):
            # Not the assignee.
            complaints.resolve(complaint, actor=staff.was.officer2, note="Pipe replaced today.")
    assert callbacks == []
    assert sms.outbox == []


def test_a_change_rolled_back_by_the_caller_sends_nothing(make_complaint, staff, django_capture_on_commit_callbacks):
    complaint = make_complaint(Status.IN_PROGRESS)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError):
            with transaction.atomic():
                complaints.resolve(complaint, actor=staff.was.officer, note="Pipe replaced today.")
                raise RuntimeError("the caller's transaction fails afterwards")
    assert callbacks == []
    assert sms.outbox == []
    assert Complaint.objects.get(pk=complaint.pk).status == Status.IN_PROGRESS


# --- muted ------------------------------------------------------------------


def test_muted_records_history_without_telling_anyone(submit, staff, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with notifications.muted():
            complaint, _pin = submit(contact_email="zainab@example.org")
            complaints.triage(
                complaint,
                actor=staff.was.clerk,
                category=complaint.category,
                department=staff.was.water,
                priority="high",
            )
            complaints.assign(complaint, actor=staff.was.director, assignee=staff.was.officer)
    assert callbacks == []
    assert sms.outbox == []
    assert mail.outbox == []
    assert Complaint.objects.get(pk=complaint.pk).status == Status.ASSIGNED
    assert Event.objects.filter(subject_kind="complaint", subject_id=str(complaint.pk)).count() == 3


def test_messages_resume_after_muted_even_when_nested(submit, django_capture_on_commit_callbacks):
    with notifications.muted():
        with notifications.muted():
            submit()
        submit()
    with django_capture_on_commit_callbacks(execute=True):
        submit()
    assert len(sms.outbox) == 1


def test_muted_is_undone_when_its_block_raises(submit, django_capture_on_commit_callbacks):
    with pytest.raises(ValueError):
        with notifications.muted():
            raise ValueError
    with django_capture_on_commit_callbacks(execute=True):
        submit()
    assert len(sms.outbox) == 1


# --- the queue itself fails -------------------------------------------------


def test_a_broker_outage_loses_the_message_but_not_the_change(
    make_complaint, staff, monkeypatch, caplog, django_capture_on_commit_callbacks
):
    import django_q.tasks

    def broken(*args, **kwargs):
        raise ConnectionError("broker is down")

    monkeypatch.setattr(django_q.tasks, "async_task", broken)
    complaint = make_complaint(Status.IN_PROGRESS)
    events_before = Event.objects.count()

    with caplog.at_level(logging.ERROR, logger="workflows.notifications"):
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            complaints.resolve(complaint, actor=staff.was.officer, note="Pipe replaced today.")

    assert len(callbacks) == 1
    assert Complaint.objects.get(pk=complaint.pk).status == Status.RESOLVED
    assert Event.objects.count() == events_before + 1
    assert sms.outbox == []
    [record] = [r for r in caplog.records if r.name == "workflows.notifications"]
    assert record.levelno == logging.ERROR
    assert "resolve" in record.getMessage()
    assert str(complaint.pk) in record.getMessage()
    assert record.exc_info and isinstance(record.exc_info[1], ConnectionError)
