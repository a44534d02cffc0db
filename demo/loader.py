"""Demo data: staff for every role in the eight provinces and a few hundred
complaints spread over every state.

Complaints are made the way real ones are: each step is a call to the
service in workflows/ by the person whose job it is, at a moment of the past
(time-machine moves the clock), so the ledger, timestamps, notes and object
permissions are exactly those the system would have produced.
"""

import datetime
import random
from dataclasses import dataclass, field

import time_machine
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from cases.models import Category, Channel, Complaint, Department, Priority, Province, RejectionKind
from cases.reference import load_reference
from permissions.actors import SYSTEM, Citizen
from permissions.models import Role
from permissions.services import set_position
from workflows import complaints, notifications

from . import texts

DEMO_PASSWORD = "shafaf-demo"
# RFC 2606 reserves .example: demo mail can never reach a real mailbox.
DEMO_MAIL_DOMAIN = "shafaf.example"
SEED = 20261204
COMPLAINTS_PER_PROVINCE = 40
DEMO_DAYS = 60
OFFICERS_PER_DEPARTMENT = 2
BAGHDAD = datetime.timezone(datetime.timedelta(hours=3))

# Where demo complaints end up, and how often.
OUTCOMES = [
    ("submitted", 12),
    ("triaged", 8),
    ("assigned", 8),
    ("in_progress", 14),
    ("awaiting_citizen", 7),
    ("resolved", 9),
    ("closed", 22),
    ("rejected", 10),
    ("withdrawn", 6),
    ("refiled", 2),
    ("disputed_closed", 2),
]


def username(province, *parts):
    return ".".join([province.code.lower(), *parts])


@dataclass
class Staff:
    clerk: object
    assistant: object
    committee: object
    directors: dict = field(default_factory=dict)  # kind -> user
    officers: dict = field(default_factory=dict)  # kind -> [users]


class DemoLoader:
    def __init__(self, *, per_province=COMPLAINTS_PER_PROVINCE, out=None):
        self.per_province = per_province
        self.rng = random.Random(SEED)
        self.out = out or (lambda line: None)
        self.password_hash = None
        self.staff = {}

    # --- people --------------------------------------------------------------

    def user(self, name, first_name, last_name):
        User = get_user_model()
        user = User.objects.filter(username=name).first()
        if user is None:
            if self.password_hash is None:
                # One hash for every demo account: hashing 180 passwords one by
                # one would make the quick start wait a minute and a half.
                self.password_hash = make_password(DEMO_PASSWORD)
            user = User.objects.create(
                username=name,
                first_name=first_name,
                last_name=last_name,
                # The quick start's console mail backend prints what staff
                # are told, so the worker is seen doing its job.
                email=f"{name}@{DEMO_MAIL_DOMAIN}",
                password=self.password_hash,
            )
        return user

    def person(self):
        return self.rng.choice(texts.FIRST_NAMES), self.rng.choice(texts.FAMILY_NAMES)

    def load_staff(self):
        admin = self.user("admin", "مدير", "النظام")
        set_position(admin, actor=SYSTEM, role=Role.ADMIN)
        committee = self.user("committee", "عضو", "اللجنة الإلكترونية")
        set_position(committee, actor=SYSTEM, role=Role.COMMITTEE)
        for province in Province.objects.order_by("code"):
            clerk = self.user(username(province, "clerk"), *self.person())
            set_position(clerk, actor=SYSTEM, role=Role.CLERK, province=province)
            assistant = self.user(username(province, "assistant"), *self.person())
            set_position(assistant, actor=SYSTEM, role=Role.ASSISTANT, province=province)
            member = self.user(username(province, "committee"), *self.person())
            set_position(member, actor=SYSTEM, role=Role.COMMITTEE, province=province)
            staff = Staff(clerk=clerk, assistant=assistant, committee=member)
            for department in Department.objects.filter(province=province):
                director = self.user(username(province, department.kind, "director"), *self.person())
                set_position(director, actor=SYSTEM, role=Role.DIRECTOR, department=department)
                staff.directors[department.kind] = director
                staff.officers[department.kind] = []
                for number in range(1, OFFICERS_PER_DEPARTMENT + 1):
                    officer = self.user(username(province, department.kind, f"officer{number}"), *self.person())
                    set_position(officer, actor=SYSTEM, role=Role.OFFICER, department=department)
                    staff.officers[department.kind].append(officer)
            self.staff[province.code] = staff

    # --- complaints ----------------------------------------------------------

    def working_moment(self, day):
        """A moment of a working day (Sunday to Thursday, 08:00-15:00 Baghdad)."""
        while day.weekday() in (4, 5):  # Friday, Saturday
            day -= datetime.timedelta(days=1)
        minutes = self.rng.randrange(8 * 60, 15 * 60)
        return datetime.datetime.combine(day, datetime.time(minutes // 60, minutes % 60), tzinfo=BAGHDAD)

    def plan(self, province):
        """Steps of one complaint: (moment, callable) pairs in time order."""
        rng = self.rng
        staff = self.staff[province.code]
        category = rng.choice(self.categories)
        kind = category.department_kind
        outcome = rng.choices([o for o, _ in OUTCOMES], weights=[w for _, w in OUTCOMES])[0]
        departments = self.departments[province.code]
        officer = rng.choice(staff.officers[kind])
        director = staff.directors[kind]
        state = {"complaint": None}

        def c():
            return state["complaint"]

        def owner():
            return Citizen(complaint_id=c().pk)

        steps = []

        def then(callable_, hours=(1, 30)):
            steps.append((rng.uniform(*hours), callable_))

        anonymous = rng.random() < 0.2
        first, last = self.person()
        walk_in = rng.random() < 0.3
        place = rng.choice(texts.STREETS)
        district = rng.choice(self.districts[province.code])

        def submit():
            complaint, _pin = complaints.submit(
                actor=staff.clerk if walk_in else Citizen(),
                province=province,
                category=category,
                description=rng.choice(texts.DESCRIPTIONS[category.code]).format(
                    place=place, days=rng.randint(2, 12)
                ),
                channel=rng.choice([Channel.WALK_IN, Channel.PHONE]) if walk_in else Channel.WEB,
                district=district,
                address=place,
                latitude=None,
                longitude=None,
                is_anonymous=anonymous,
                contact_name="" if anonymous else f"{first} {last}",
                contact_phone="" if anonymous else f"07{rng.randint(700000000, 899999999)}",
            )
            state["complaint"] = complaint

        steps.append((0.0, submit))
        if outcome == "submitted":
            return outcome, steps
        if outcome == "refiled":
            other = rng.choice([p for p in self.provinces if p.pk != province.pk])
            then(lambda: complaints.reject(
                c(), actor=staff.clerk, kind=RejectionKind.WRONG_PROVINCE,
                reason="الموقع المذكور يقع ضمن حدود محافظة أخرى.", target_province=other))
            return outcome, steps
        if outcome == "rejected" and rng.random() < 0.5:
            then(lambda: complaints.reject(
                c(), actor=staff.clerk, kind=rng.choice([RejectionKind.INSUFFICIENT, RejectionKind.OUT_OF_SCOPE]),
                reason=rng.choice(texts.REJECTIONS)))
            return outcome, steps
        if outcome == "withdrawn" and rng.random() < 0.5:
            then(lambda: complaints.withdraw(c(), actor=owner(), reason="تم حل المشكلة من قبل الأهالي."))
            return outcome, steps

        priority = rng.choices(Priority.values, weights=[2, 6, 3, 1])[0]
        then(lambda: complaints.triage(
            c(), actor=staff.clerk, category=category, department=departments[kind], priority=priority))
        if outcome == "triaged":
            return outcome, steps
        if outcome == "rejected":
            then(lambda: complaints.reject(
                c(), actor=director, kind=RejectionKind.OUT_OF_SCOPE, reason=rng.choice(texts.REJECTIONS)))
            return outcome, steps
        if outcome == "withdrawn":
            then(lambda: complaints.withdraw(c(), actor=owner()))
            return outcome, steps

        if rng.random() < 0.5:
            then(lambda: complaints.assign(c(), actor=director, assignee=officer))
        else:
            then(lambda: complaints.claim(c(), actor=officer))
        if rng.random() < 0.2:
            then(lambda: complaints.add_note(c(), actor=director, body=rng.choice(texts.NOTES)))
        if outcome == "assigned":
            return outcome, steps

        then(lambda: complaints.start(c(), actor=officer), hours=(0.5, 20))
        if rng.random() < 0.3 and not anonymous:
            then(lambda: complaints.reveal_contact(c(), actor=officer), hours=(0.2, 2))
        if outcome == "awaiting_citizen":
            then(lambda: complaints.request_info(c(), actor=officer, question=rng.choice(texts.QUESTIONS)))
            return outcome, steps
        if rng.random() < 0.3:
            then(lambda: complaints.request_info(c(), actor=officer, question=rng.choice(texts.QUESTIONS)))
            replier = staff.clerk if walk_in else None
            then(lambda: complaints.citizen_reply(
                c(), actor=replier or owner(), answer=rng.choice(texts.ANSWERS)), hours=(2, 48))
        if rng.random() < 0.3:
            then(lambda: complaints.post_update(c(), actor=officer, body=rng.choice(texts.UPDATES)))
        if outcome == "in_progress":
            return outcome, steps

        then(lambda: complaints.resolve(c(), actor=officer, note=rng.choice(texts.RESOLUTIONS)), hours=(4, 72))
        if outcome == "disputed_closed":
            then(lambda: complaints.dispute(c(), actor=owner(), reason=rng.choice(texts.DISPUTES)), hours=(4, 48))
            then(lambda: complaints.resolve(c(), actor=officer, note=rng.choice(texts.RESOLUTIONS)), hours=(4, 72))
        if outcome == "resolved":
            return outcome, steps
        if rng.random() < 0.8:
            rating = rng.choices([1, 2, 3, 4, 5], weights=[1, 1, 2, 4, 4])[0]
            then(lambda: complaints.confirm(c(), actor=owner(), rating=rating), hours=(2, 72))
        else:
            then(lambda: complaints.confirm(c(), actor=SYSTEM), hours=(7 * 24 + 1, 8 * 24))
        return outcome, steps

    def load_complaints(self, now):
        self.provinces = list(Province.objects.order_by("code"))
        self.categories = list(Category.objects.filter(is_active=True).order_by("code"))
        self.departments = {
            p.code: {d.kind: d for d in Department.objects.filter(province=p)} for p in self.provinces
        }
        self.districts = {p.code: list(p.districts.order_by("name_en")) for p in self.provinces}
        timeline = []
        for province in self.provinces:
            for _ in range(self.per_province):
                outcome, steps = self.plan(province)
                total = sum(hours for hours, _step in steps)
                # Start early enough that the last step is in the past; cases
                # waiting on the citizen are recent, as they would be in life.
                latest_start = now - datetime.timedelta(hours=total + 1)
                recent = outcome in ("resolved", "awaiting_citizen")
                days_back = self.rng.uniform(0, 5 if recent else DEMO_DAYS)
                start = self.working_moment((latest_start - datetime.timedelta(days=days_back)).date())
                start = min(start, latest_start)
                moment = start
                for hours, step in steps:
                    moment += datetime.timedelta(hours=hours)
                    timeline.append((moment, len(timeline), step))
        timeline.sort(key=lambda item: (item[0], item[1]))
        with notifications.muted():
            for moment, _order, step in timeline:
                with time_machine.travel(moment, tick=False):
                    step()
        return len(timeline)

    def load(self):
        created = load_reference()
        self.out(f"Reference data: {created} row(s) created.")
        self.load_staff()
        self.out(f"Staff: {get_user_model().objects.count()} accounts.")
        if Complaint.objects.exists():
            self.out("Complaints exist already: no demo complaints added.")
            return
        steps = self.load_complaints(timezone.now())
        self.out(f"Complaints: {Complaint.objects.count()} filed in {steps} steps.")


def load_demo(*, per_province=COMPLAINTS_PER_PROVINCE, out=None):
    with transaction.atomic():
        DemoLoader(per_province=per_province, out=out).load()


DEMO_LOGINS = [
    ("was.clerk", Role.CLERK),
    ("was.water.officer1", Role.OFFICER),
    ("was.water.director", Role.DIRECTOR),
    ("was.assistant", Role.ASSISTANT),
    ("was.committee", Role.COMMITTEE),
    ("committee", Role.COMMITTEE),
    ("admin", Role.ADMIN),
]
