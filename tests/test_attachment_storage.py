"""Attachment files that no row lists: a transaction rolled back after its
file was written leaves one behind, and ``prune_attachments`` removes it
without ever touching a file that a complaint lists."""

import datetime
import io

import pytest
import time_machine
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import transaction
from django.utils import timezone

from cases.models import Complaint, Status
from permissions.actors import Citizen
from workflows import complaints
from workflows.attachments import orphans

from .test_views import storage_files

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
DAY = datetime.timedelta(days=1)


def prune(*args):
    out = io.StringIO()
    call_command("prune_attachments", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def listed(make_complaint):
    """A complaint with one stored, listed attachment; returns its file name."""
    complaint = make_complaint(Status.SUBMITTED, attachments=[SimpleUploadedFile("bill.pdf", PDF)])
    return complaint.attachments.get().file.name


@pytest.fixture
def rolled_back(reference):
    """The file of a submission whose transaction was rolled back after the write."""
    before = storage_files()
    with pytest.raises(RuntimeError):
        with transaction.atomic():
            complaints.submit(
                actor=Citizen(),
                province=reference.was,
                category=reference.water_leak,
                description="Water pipe broken in front of the school",
                channel="web",
                attachments=[SimpleUploadedFile("bill.pdf", PDF)],
            )
            raise RuntimeError("the request failed after the file was written")
    [name] = storage_files() - before
    return name


def test_a_rolled_back_submission_leaves_a_file_that_no_row_lists(rolled_back):
    assert not Complaint.objects.exists()
    assert default_storage.exists(rolled_back)


def test_prune_deletes_an_old_orphan_and_keeps_listed_files(listed, rolled_back):
    with time_machine.travel(timezone.now() + 2 * DAY):
        output = prune()
    assert rolled_back in output
    assert "1 orphaned file(s) deleted." in output
    assert not default_storage.exists(rolled_back)
    assert default_storage.exists(listed)


def test_prune_leaves_young_orphans_whose_transaction_may_still_be_open(rolled_back):
    assert "0 orphaned file(s) deleted." in prune()
    assert default_storage.exists(rolled_back)


def test_the_age_limit_can_be_chosen(rolled_back):
    with time_machine.travel(timezone.now() + datetime.timedelta(hours=3)):
        assert "0 orphaned" in prune()
        assert "1 orphaned file(s) deleted." in prune("--older-than-hours", "2")
    assert not default_storage.exists(rolled_back)


def test_a_dry_run_names_the_orphans_and_deletes_nothing(rolled_back):
    with time_machine.travel(timezone.now() + 2 * DAY):
        output = prune("--dry-run")
    assert rolled_back in output
    assert "1 orphaned file(s) would be deleted." in output
    assert default_storage.exists(rolled_back)


def test_a_file_shared_by_a_refiled_complaint_is_kept(make_complaint, staff, reference):
    original = make_complaint(Status.SUBMITTED, attachments=[SimpleUploadedFile("bill.pdf", PDF)])
    complaints.reject(
        original,
        actor=staff.was.clerk,
        kind="wrong_province",
        reason="The street is in Baghdad.",
        target_province=reference.bgd,
    )
    original.refresh_from_db()
    assert original.transferred_to.attachments.get().file.name == original.attachments.get().file.name
    with time_machine.travel(timezone.now() + 2 * DAY):
        assert list(orphans(older_than=DAY)) == []


def test_a_file_put_in_the_attachment_directory_by_hand_is_an_orphan(listed):
    stray = default_storage.save("complaints/WAS/stray/notes.pdf", ContentFile(PDF))
    with time_machine.travel(timezone.now() + 2 * DAY):
        assert list(orphans(older_than=DAY)) == [stray]


def test_an_age_limit_below_an_hour_is_refused(rolled_back):
    with pytest.raises(CommandError, match="at least 1"):
        prune("--older-than-hours", "0")
    assert default_storage.exists(rolled_back)
