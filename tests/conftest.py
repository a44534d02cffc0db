"""Shared fixtures: reference data, one staff member per role in two
provinces, and complaints driven to any state through the real services."""

from types import SimpleNamespace

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.utils import translation

from audit.models import Event
from cases.models import Category, Channel, Complaint, Department, Province, Status
from cases.reference import load_reference
from permissions.actors import SYSTEM, Citizen
from permissions.models import Role
from permissions.services import set_position
from workflows import complaints

PASSWORD = "pw"


@pytest.fixture(autouse=True)
def english_messages():
    """Tests quote English messages; a request may leave another language
    active in the thread, so each test starts from English. Tests of the
    Arabic default send requests without a language cookie."""
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def empty_file_storage(settings):
    """A new, empty in-memory file storage for each test: the database rolls
    back after a test, the storage would not, and a test that looks for
    files no row lists would find those of earlier tests."""
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"}}


def pytest_collection_modifyitems(config, items):
    if connection.vendor == "postgresql":
        return
    skip = pytest.mark.skip(reason="needs PostgreSQL: set DATABASE_URL")
    for item in items:
        if "postgres" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    # Reference data once per test database; a transactional test flushes it
    # and the ``reference`` fixture puts it back.
    with django_db_blocker.unblock():
        load_reference()


@pytest.fixture
def reference(db):
    if not Province.objects.exists():
        load_reference()
    return SimpleNamespace(
        was=Province.objects.get(code="WAS"),
        bgd=Province.objects.get(code="BGD"),
        water_leak=Category.objects.get(code="water-leak"),
        power_cut=Category.objects.get(code="power-outage"),
    )


def make_user(username, role, province=None, department=None, **extra):
    user = get_user_model().objects.create_user(username=username, password=PASSWORD, **extra)
    set_position(user, actor=SYSTEM, role=role, province=province, department=department)
    return user


def _province_staff(province):
    code = province.code.lower()
    water = Department.objects.get(province=province, kind="water")
    power = Department.objects.get(province=province, kind="electricity")
    return SimpleNamespace(
        province=province,
        water=water,
        power=power,
        clerk=make_user(f"{code}.clerk", Role.CLERK, province),
        officer=make_user(f"{code}.officer", Role.OFFICER, department=water, email=f"{code}.officer@example.org"),
        officer2=make_user(f"{code}.officer2", Role.OFFICER, department=water),
        power_officer=make_user(f"{code}.power.officer", Role.OFFICER, department=power),
        director=make_user(f"{code}.director", Role.DIRECTOR, department=water),
        power_director=make_user(f"{code}.power.director", Role.DIRECTOR, department=power),
        assistant=make_user(f"{code}.assistant", Role.ASSISTANT, province),
        committee=make_user(f"{code}.committee", Role.COMMITTEE, province),
    )


@pytest.fixture
def staff(reference):
    """Staff of Wasit (``staff.was``) and Baghdad (``staff.bgd``), plus a
    committee member for all provinces and an administrator."""
    return SimpleNamespace(
        was=_province_staff(reference.was),
        bgd=_province_staff(reference.bgd),
        committee_all=make_user("committee", Role.COMMITTEE),
        admin=make_user("admin", Role.ADMIN),
    )


# The shortest path of services to each state, from "submitted".
PATHS = {
    Status.SUBMITTED: [],
    Status.TRIAGED: ["triage"],
    Status.ASSIGNED: ["triage", "assign"],
    Status.IN_PROGRESS: ["triage", "assign", "start"],
    Status.AWAITING_CITIZEN: ["triage", "assign", "start", "request_info"],
    Status.RESOLVED: ["triage", "assign", "start", "resolve"],
    Status.CLOSED: ["triage", "assign", "start", "resolve", "confirm"],
    Status.REJECTED: ["reject"],
    Status.WITHDRAWN: ["withdraw"],
}


class ComplaintMaker:
    def __init__(self, staff, reference):
        self.staff = staff
        self.reference = reference

    def __call__(self, state=Status.SUBMITTED, *, province="was", **submit_kwargs):
        people = getattr(self.staff, province)
        fields = {
            "province": people.province,
            "category": self.reference.water_leak,
            "description": "Water pipe broken in front of the school",
            "channel": Channel.WEB,
            "contact_name": "Zainab",
            "contact_phone": "07701234567",
        }
        fields.update(submit_kwargs)
        complaint, pin = complaints.submit(actor=Citizen(), **fields)
        for step in PATHS[state]:
            self.step(complaint, step, people)
        complaint = Complaint.objects.get(pk=complaint.pk)
        complaint.pin = pin  # shown once at submission, kept here for tests that track it
        return complaint

    def step(self, complaint, step, people):
        owner = Citizen(complaint_id=complaint.pk)
        run = {
            "triage": lambda: complaints.triage(
                complaint, actor=people.clerk, category=complaint.category, department=people.water, priority="high"
            ),
            "assign": lambda: complaints.assign(complaint, actor=people.director, assignee=people.officer),
            "start": lambda: complaints.start(complaint, actor=people.officer),
            "request_info": lambda: complaints.request_info(
                complaint, actor=people.officer, question="Which house number?"
            ),
            "resolve": lambda: complaints.resolve(complaint, actor=people.officer, note="Pipe replaced today."),
            "confirm": lambda: complaints.confirm(complaint, actor=owner, rating=5),
            "reject": lambda: complaints.reject(
                complaint, actor=people.clerk, kind="insufficient", reason="No location was given."
            ),
            "withdraw": lambda: complaints.withdraw(complaint, actor=owner),
        }
        run[step]()


@pytest.fixture
def make_complaint(staff, reference):
    """``make_complaint(state, province="was")``: a complaint taken to
    ``state`` by the people whose job each step is."""
    return ComplaintMaker(staff, reference)


def snapshot(complaint):
    """Everything that a refused action must leave untouched."""
    from guardian.shortcuts import get_users_with_perms

    row = Complaint.objects.filter(pk=complaint.pk).values().get()
    return {
        "row": row,
        "events": Event.objects.count(),
        "notes": complaint.notes.count(),
        "attachments": complaint.attachments.count(),
        "complaints": Complaint.objects.count(),
        "perms": sorted(u.pk for u in get_users_with_perms(complaint, only_with_perms_in=["work_complaint"])),
    }
