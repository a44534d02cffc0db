"""The quick start's demo data: every province, every role, every state, and
a second run that changes nothing."""

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command

from audit.models import Chain, Event
from cases.models import Complaint, Province, Status
from demo.loader import DEMO_LOGINS, DEMO_PASSWORD
from permissions.models import Role, StaffProfile

pytestmark = pytest.mark.django_db


def table_sizes():
    return {model._meta.label: model.objects.count() for model in apps.get_models()}


def test_demo_covers_every_province_role_and_state(reference):
    call_command("load_demo", verbosity=0, stdout=None)
    assert Province.objects.count() == 8
    assert 250 <= Complaint.objects.count() <= 500
    assert set(Complaint.objects.values_list("status", flat=True)) == set(Status.values)
    for province in Province.objects.all():
        assert Complaint.objects.filter(province=province).count() >= 20
        roles = set(StaffProfile.objects.filter(province=province).values_list("role", flat=True))
        assert roles == {Role.CLERK, Role.OFFICER, Role.DIRECTOR, Role.ASSISTANT, Role.COMMITTEE}
    assert StaffProfile.objects.filter(role=Role.ADMIN).exists()
    assert StaffProfile.objects.filter(role=Role.COMMITTEE, province=None).exists()
    # Every complaint has its history in the ledger, ending in its state.
    for complaint in Complaint.objects.all():
        last = Event.objects.filter(subject_kind="complaint", subject_id=str(complaint.pk)).exclude(to_state="")
        assert last.latest("at", "seq").to_state == complaint.status


def test_running_the_demo_twice_changes_nothing(reference, capsys):
    call_command("load_demo", "--per-province", "3")
    first = table_sizes()
    heads = list(Chain.objects.order_by("key").values_list("key", "last_seq", "last_hash"))
    call_command("load_demo", "--per-province", "3")
    assert table_sizes() == first
    assert list(Chain.objects.order_by("key").values_list("key", "last_seq", "last_hash")) == heads


def test_demo_logins_work_and_are_printed(client, reference, capsys):
    call_command("load_demo", "--per-province", "0")
    printed = capsys.readouterr().out
    assert DEMO_PASSWORD in printed
    for username, role in DEMO_LOGINS:
        assert username in printed
        user = get_user_model().objects.get(username=username)
        assert user.staff_profile.role == role
        assert user.email == f"{username}@shafaf.example"
        response = client.post("/accounts/login/", {"username": username, "password": DEMO_PASSWORD})
        assert response.status_code == 302, username
        client.logout()


def test_a_negative_count_is_an_error():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("load_demo", "--per-province", "-1")
