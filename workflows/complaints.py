"""The service functions that change complaints: the one write path.

Each public function is one step of DESIGN §3. It runs in its own
transaction, takes the actor as a keyword, locks the complaint row, checks
scope, state and role, applies the transition, writes the ledger event in the
same transaction and leaves notifications to ``transaction.on_commit``.
Refusals raise a ``WorkflowError`` and leave nothing behind.
"""

import datetime
import hashlib

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, pgettext_lazy

from audit import ledger
from cases import tracking
from cases.models import (
    FINAL_STATUSES,
    Category,
    Channel,
    Complaint,
    Department,
    District,
    Note,
    NoteKind,
    Priority,
    Province,
    RejectionKind,
    Status,
)
from permissions import objects, rules, scope
from permissions.actors import Citizen, System, ledger_actor, profile_of

from . import notifications
from . import attachments as files
from .errors import InvalidInput, InvalidTransition, NotPermitted
from .flows import ComplaintFlow, available_transitions
from .fsm import TransitionConditionsUnmet

AUTO_CONFIRM_AFTER = datetime.timedelta(days=7)
SUBJECT_KIND = "complaint"
# Fields whose old and new values every event records; foreign keys are
# written as natural references (codes, user names), never bare ids.
TRACKED_FIELDS = (
    "status",
    "category",
    "department",
    "priority",
    "assignee",
    "escalation_level",
    "rating",
    "rejection_kind",
    "duplicate_of",
    "transferred_to",
    "reopen_count",
)
MIN_REASON_LENGTH = 5
MAX_TEXT_LENGTH = 4000

# Iraq with a margin: a point outside it is a typo or a wrong sign.
LATITUDE_RANGE = (28.5, 38.0)
LONGITUDE_RANGE = (38.0, 49.5)


# --- helpers ----------------------------------------------------------------


def _natural(complaint, field):
    if field == "category":
        return complaint.category.code
    if field == "department":
        d = complaint.department
        return f"{d.province.code}/{d.kind}" if d else None
    if field == "assignee":
        return complaint.assignee.get_username() if complaint.assignee else None
    if field in ("duplicate_of", "transferred_to"):
        other = getattr(complaint, field)
        return other.tracking_code if other else None
    return getattr(complaint, field)


def _snapshot(complaint):
    return {field: _natural(complaint, field) for field in TRACKED_FIELDS}


def _changes(before, after):
    return {field: [before[field], after[field]] for field in before if before[field] != after[field]}


def _text(value, *, field, required=True, label=None):
    text = (value or "").strip()
    if required and len(text) < MIN_REASON_LENGTH:
        raise InvalidInput(
            ngettext(
                "%(label)s is required (at least %(count)d character).",
                "%(label)s is required (at least %(count)d characters).",
                MIN_REASON_LENGTH,
            )
            % {"label": label or _("A reason"), "count": MIN_REASON_LENGTH},
            field=field,
        )
    if len(text) > MAX_TEXT_LENGTH:
        raise InvalidInput(
            _("The text is too long (at most %(count)d characters).") % {"count": MAX_TEXT_LENGTH}, field=field
        )
    return text


def _digest(text):
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _note_record(note):
    """How a note enters the ledger: staff text in full, so that it cannot be
    rewritten silently; citizens' words only as a digest, to keep personal
    data out of a record that outside auditors may be given."""
    record = {"id": note.pk, "kind": note.kind}
    if note.by_citizen:
        record["sha256"] = _digest(note.body)
    else:
        record["text"] = note.body
    return record


def _lock(complaint) -> Complaint:
    return (
        Complaint.objects.select_for_update(of=("self",))
        .select_related("province")
        .get(pk=complaint.pk)
    )


def _may_touch(actor, complaint):
    """Outsiders learn nothing about a complaint, not even its state."""
    if isinstance(actor, System) or rules.is_owner(actor, complaint) or rules.can_view(actor, complaint):
        return
    raise NotPermitted(_("You may not act on this complaint."))


def _add_note(complaint, actor, kind, body, *, now):
    profile = profile_of(actor)
    return Note.objects.create(
        complaint=complaint,
        kind=kind,
        body=body,
        author=actor if profile else None,
        by_citizen=kind in (NoteKind.REPLY, NoteKind.DISPUTE) or isinstance(actor, Citizen),
        created_at=now,
    )


def _record(complaint, actor, action, *, from_state="", to_state="", data=None):
    return ledger.append(
        chain=complaint.province.code,
        actor=ledger_actor(actor),
        action=action,
        subject=ledger.SubjectRef(kind=SUBJECT_KIND, id=str(complaint.pk), ref=complaint.tracking_code),
        from_state=from_state,
        to_state=to_state,
        data=data or {},
    )


# What a refusal calls each transition: (the act as a noun, the verb).
_WORDING = {
    "triage": (pgettext_lazy("refusal", "Triage"), gettext_lazy("triage")),
    "reject": (pgettext_lazy("refusal", "Rejection"), gettext_lazy("reject")),
    "transfer": (pgettext_lazy("refusal", "Transfer"), gettext_lazy("transfer")),
    "assign": (pgettext_lazy("refusal", "Assignment"), gettext_lazy("assign")),
    "claim": (pgettext_lazy("refusal", "Claiming"), gettext_lazy("claim")),
    "reassign": (pgettext_lazy("refusal", "Reassignment"), gettext_lazy("reassign")),
    "start": (pgettext_lazy("refusal", "Starting work"), gettext_lazy("start work on")),
    "request_info": (pgettext_lazy("refusal", "A question to the citizen"), gettext_lazy("ask the citizen about")),
    "citizen_reply": (pgettext_lazy("refusal", "The citizen's answer"), gettext_lazy("record the citizen's answer to")),
    "resolve": (pgettext_lazy("refusal", "Resolution"), gettext_lazy("resolve")),
    "confirm": (pgettext_lazy("refusal", "Confirmation"), gettext_lazy("confirm")),
    "dispute": (pgettext_lazy("refusal", "A dispute"), gettext_lazy("dispute")),
    "withdraw": (pgettext_lazy("refusal", "Withdrawal"), gettext_lazy("withdraw")),
}


def _transition_refusal(c, actor, name):
    """Why ``actor`` may not take transition ``name`` on ``c`` now (scope,
    then state, then role), or None."""
    try:
        _may_touch(actor, c)
    except NotPermitted as error:
        return error
    method = getattr(ComplaintFlow(c), name)
    if not method.can_proceed(check_conditions=False):
        return InvalidTransition(
            _("%(act)s is not possible now: complaint %(code)s is “%(state)s”.")
            % {"act": _WORDING[name][0], "code": c.tracking_code, "state": c.get_status_display()}
        )
    if not method.has_perm(actor):
        return NotPermitted(_("You may not %(do)s this complaint.") % {"do": _WORDING[name][1]})
    return None


def _transition(complaint, actor, name, *, prepare=None, note=None, data=None, **kwargs):
    """Lock ``complaint``, check scope, state and role, run ``prepare`` (the
    input checks that need the locked row), apply transition ``name``, save
    and record. Returns the locked, updated complaint."""
    c = _lock(complaint)
    refused = _transition_refusal(c, actor, name)
    if refused is not None:
        raise refused
    flow = ComplaintFlow(c)
    method = getattr(flow, name)
    if prepare is not None:
        kwargs.update(prepare(c))
    before = _snapshot(c)
    previous_assignee_id = c.assignee_id
    try:
        method(**kwargs)
    except TransitionConditionsUnmet as error:
        raise InvalidTransition(error.unmet_message or str(error)) from error
    c.updated_at = flow.now
    c.save()
    event_data = {"changes": _changes(before, _snapshot(c))}
    if note is not None:
        kind, body = note
        event_data["note"] = _note_record(_add_note(c, actor, kind, body, now=flow.now))
    event_data.update(data or {})
    _record(c, actor, name, from_state=before["status"], to_state=c.status, data=event_data)
    taken_from = previous_assignee_id if previous_assignee_id not in (None, c.assignee_id) else None
    notifications.after_commit(c, name, former_assignee_id=taken_from)
    return c


# --- intake -----------------------------------------------------------------


def _check_location(province, district, latitude, longitude):
    if district is not None and district.province_id != province.pk:
        raise InvalidInput(_("That district is in another province."), field="district")
    if (latitude is None) != (longitude is None):
        raise InvalidInput(_("Give both latitude and longitude, or neither."), field="latitude")
    if latitude is not None:
        if not LATITUDE_RANGE[0] <= float(latitude) <= LATITUDE_RANGE[1]:
            raise InvalidInput(_("The latitude is outside Iraq."), field="latitude")
        if not LONGITUDE_RANGE[0] <= float(longitude) <= LONGITUDE_RANGE[1]:
            raise InvalidInput(_("The longitude is outside Iraq."), field="longitude")


def _new_complaint(*, province, now, pin_hash, **fields):
    code = tracking.next_tracking_code(province, timezone.localtime(now).year)
    return Complaint.objects.create(
        tracking_code=code,
        pin_hash=pin_hash,
        province=province,
        status=Status.SUBMITTED,
        created_at=now,
        updated_at=now,
        status_changed_at=now,
        **fields,
    )


@transaction.atomic
def submit(
    *,
    actor,
    province: Province,
    category: Category,
    description: str,
    channel: str,
    district: District | None = None,
    address: str = "",
    latitude=None,
    longitude=None,
    is_anonymous: bool = False,
    contact_name: str = "",
    contact_phone: str = "",
    contact_email: str = "",
    contact_language: str = "ar",
    attachments=(),
) -> tuple[Complaint, str]:
    """File a complaint. Returns it with its PIN, which is shown once and
    stored only as a hash."""
    if isinstance(actor, Citizen):
        if channel not in (Channel.WEB, Channel.API):
            raise InvalidInput(_("Citizens file through the portal or the API."), field="channel")
    elif rules.can_record_complaint(actor, province):
        if channel not in (Channel.WALK_IN, Channel.PHONE):
            raise InvalidInput(_("Staff record walk-in and phone complaints."), field="channel")
    else:
        raise NotPermitted(_("You may not record complaints for this province."))
    if not province.is_active:
        raise InvalidInput(_("This province does not take complaints yet."), field="province")
    if not category.is_active:
        raise InvalidInput(_("This category is no longer in use."), field="category")
    description = _text(description, field="description", label=_("A description"))
    _check_location(province, district, latitude, longitude)
    checked = [files.check_upload(upload) for upload in attachments]
    if is_anonymous:
        contact_name = contact_phone = contact_email = ""
    if contact_language not in dict(settings.LANGUAGES):
        raise InvalidInput(_("Unknown language."), field="contact_language")

    now = timezone.now()
    pin = tracking.new_pin()
    complaint = _new_complaint(
        province=province,
        now=now,
        pin_hash=tracking.hash_pin(pin),
        category=category,
        description=description,
        channel=channel,
        district=district,
        address=(address or "").strip(),
        latitude=latitude,
        longitude=longitude,
        is_anonymous=is_anonymous,
        contact_name=contact_name.strip(),
        contact_phone=contact_phone.strip(),
        contact_email=contact_email.strip(),
        contact_language=contact_language,
        recorded_by=None if isinstance(actor, Citizen) else actor,
    )
    stored = [files.store(complaint, upload, actor=actor, now=now) for upload in checked]
    _record(
        complaint,
        actor,
        "submit",
        to_state=Status.SUBMITTED,
        data={
            "channel": channel,
            "category": category.code,
            "district": district.name_en if district else None,
            "anonymous": is_anonymous,
            "has_contact": complaint.has_contact,
            "description_sha256": _digest(description),
            "attachments": [a.sha256 for a in stored],
        },
    )
    notifications.after_commit(complaint, "submit")
    return complaint, pin


# --- triage and routing -----------------------------------------------------


def _check_department(complaint, department):
    if department.province_id != complaint.province_id:
        raise InvalidInput(_("That department belongs to another province."), field="department")
    if not department.is_active:
        raise InvalidInput(_("That department is not active."), field="department")


@transaction.atomic
def triage(complaint, *, actor, category: Category, department: Department, priority: str) -> Complaint:
    """Confirm the category, route to a department, set the priority."""

    def prepare(c):
        if not category.is_active:
            raise InvalidInput(_("This category is no longer in use."), field="category")
        _check_department(c, department)
        if priority not in Priority.values:
            raise InvalidInput(_("Unknown priority."), field="priority")
        return {}

    return _transition(
        complaint,
        actor,
        "triage",
        prepare=prepare,
        category=category,
        department=department,
        priority=priority,
    )


@transaction.atomic
def reject(
    complaint,
    *,
    actor,
    kind: str,
    reason: str,
    duplicate_of_code: str = "",
    target_province: Province | None = None,
) -> Complaint:
    """Refuse a complaint, with a reason the citizen will read. A duplicate
    names the original; a complaint for another province is filed there
    anew and this one points to it."""
    reason = _text(reason, field="reason")
    if kind not in RejectionKind.values:
        raise InvalidInput(_("Choose why the complaint is rejected."), field="kind")

    def prepare(c):
        extra = {"duplicate_of": None, "transferred_to": None}
        if kind == RejectionKind.DUPLICATE:
            code = (duplicate_of_code or "").strip().upper()
            original = Complaint.objects.filter(tracking_code=code, province_id=c.province_id).first()
            if original is None:
                raise InvalidInput(
                    _("Give the tracking code of the original complaint in this province."),
                    field="duplicate_of_code",
                )
            if original.pk == c.pk:
                raise InvalidInput(_("A complaint cannot duplicate itself."), field="duplicate_of_code")
            extra["duplicate_of"] = original
        elif kind == RejectionKind.WRONG_PROVINCE:
            if target_province is None or target_province.pk == c.province_id:
                raise InvalidInput(_("Choose the province the complaint belongs to."), field="target_province")
            if not target_province.is_active:
                raise InvalidInput(_("That province does not take complaints yet."), field="target_province")
            extra["transferred_to"] = _refile(c, target_province, actor)
        elif duplicate_of_code or target_province:
            raise InvalidInput(
                _("Name an original complaint only for a duplicate, and a province only for a wrong province.")
            )
        return extra

    return _transition(
        complaint,
        actor,
        "reject",
        prepare=prepare,
        note=(NoteKind.REASON, reason),
        kind=kind,
    )


def _refile(original, province, actor):
    """File ``original`` again in ``province``: same words, contact and PIN,
    a tracking code of its new province, and its own chain there."""
    now = timezone.now()
    copy = _new_complaint(
        province=province,
        now=now,
        pin_hash=original.pin_hash,
        category=original.category,
        description=original.description,
        channel=original.channel,
        address=original.address,
        latitude=original.latitude,
        longitude=original.longitude,
        is_anonymous=original.is_anonymous,
        contact_name=original.contact_name,
        contact_phone=original.contact_phone,
        contact_email=original.contact_email,
        contact_language=original.contact_language,
        recorded_by=original.recorded_by,
    )
    for attachment in original.attachments.all():
        files.copy_to(attachment, copy)
    _record(
        copy,
        actor,
        "submit",
        to_state=Status.SUBMITTED,
        data={
            "channel": copy.channel,
            "category": copy.category.code,
            "refiled_from": original.tracking_code,
            "has_contact": copy.has_contact,
            "description_sha256": _digest(copy.description),
        },
    )
    return copy


@transaction.atomic
def transfer(complaint, *, actor, department: Department, reason: str) -> Complaint:
    """Send a triaged or assigned complaint to another department of the
    province; it waits there to be assigned again."""
    reason = _text(reason, field="reason")

    def prepare(c):
        _check_department(c, department)
        if department.pk == c.department_id:
            raise InvalidInput(_("The complaint is already with that department."), field="department")
        if c.assignee_id:
            objects.withdraw_work(c.assignee, c)
        return {}

    return _transition(
        complaint,
        actor,
        "transfer",
        prepare=prepare,
        note=(NoteKind.INTERNAL, reason),
        department=department,
    )


# --- assignment -------------------------------------------------------------


def _check_assignee(c, assignee):
    if assignee is None or not scope.officers_of(c.department).filter(pk=assignee.pk).exists():
        raise InvalidInput(
            _("Choose an active officer of the complaint's department."), field="assignee"
        )


def _hand_to(complaint, actor, transition, assignee, *, reason=None):
    """Give the complaint to ``assignee``: the object permission to work it
    moves with it, from the previous assignee if there was one."""

    def prepare(c):
        _check_assignee(c, assignee)
        if assignee.pk == c.assignee_id:
            raise InvalidInput(_("The complaint is already with that officer."), field="assignee")
        if c.assignee_id:
            objects.withdraw_work(c.assignee, c)
        objects.grant_work(assignee, c)
        return {}

    note = (NoteKind.INTERNAL, reason) if reason else None
    return _transition(complaint, actor, transition, prepare=prepare, note=note, assignee=assignee)


@transaction.atomic
def assign(complaint, *, actor, assignee) -> Complaint:
    """The director (or the Governor's Assistant) gives the complaint to one officer."""
    return _hand_to(complaint, actor, "assign", assignee)


@transaction.atomic
def claim(complaint, *, actor) -> Complaint:
    """An officer takes a triaged complaint of his department. Under
    concurrent claims the row lock lets exactly one through; the others find
    it assigned and are refused."""
    return _hand_to(complaint, actor, "claim", actor)


@transaction.atomic
def reassign(complaint, *, actor, assignee, reason: str) -> Complaint:
    return _hand_to(complaint, actor, "reassign", assignee, reason=_text(reason, field="reason"))


# --- the assignee's work ----------------------------------------------------


@transaction.atomic
def start(complaint, *, actor) -> Complaint:
    return _transition(complaint, actor, "start")


@transaction.atomic
def request_info(complaint, *, actor, question: str) -> Complaint:
    """Ask the citizen; the SLA clock pauses until the answer comes."""
    question = _text(question, field="question", label=_("The question"))
    return _transition(complaint, actor, "request_info", note=(NoteKind.QUESTION, question))


@transaction.atomic
def citizen_reply(complaint, *, actor, answer: str) -> Complaint:
    """The citizen's answer, online or taken down by a clerk; the clock resumes."""
    answer = _text(answer, field="answer", label=_("The answer"))
    return _transition(complaint, actor, "citizen_reply", note=(NoteKind.REPLY, answer))


@transaction.atomic
def resolve(complaint, *, actor, note: str) -> Complaint:
    note = _text(note, field="note", label=_("A resolution note"))
    return _transition(complaint, actor, "resolve", note=(NoteKind.RESOLUTION, note))


# --- the citizen's verdict --------------------------------------------------


@transaction.atomic
def confirm(complaint, *, actor, rating: int | None = None) -> Complaint:
    """Close a resolved complaint: the citizen agrees, or stayed silent for
    seven days and the system closes it."""
    if rating is not None and (not isinstance(rating, int) or not 1 <= rating <= 5):
        raise InvalidInput(_("The rating is a whole number from 1 to 5."), field="rating")

    def prepare(c):
        if isinstance(actor, System):
            if rating is not None:
                raise InvalidInput(_("Only the citizen rates."), field="rating")
            if c.resolved_at is None or timezone.now() - c.resolved_at < AUTO_CONFIRM_AFTER:
                raise InvalidTransition(_("The citizen still has time to answer."))
        return {}

    return _transition(
        complaint,
        actor,
        "confirm",
        prepare=prepare,
        data={"automatic": isinstance(actor, System)},
        rating=rating,
    )


@transaction.atomic
def dispute(complaint, *, actor, reason: str) -> Complaint:
    """The citizen says it is not fixed: the complaint goes back to work and
    counts as reopened."""
    reason = _text(reason, field="reason")
    return _transition(complaint, actor, "dispute", note=(NoteKind.DISPUTE, reason))


@transaction.atomic
def withdraw(complaint, *, actor, reason: str = "") -> Complaint:
    reason = _text(reason, field="reason", required=False)
    note = (NoteKind.REASON, reason) if reason else None
    return _transition(complaint, actor, "withdraw", note=note)


# --- without a change of state ----------------------------------------------


def _annotate(complaint, actor, action, allowed, kind, body, *, field):
    body = _text(body, field=field, label=_("The text"))
    c = _lock(complaint)
    _may_touch(actor, c)
    if not allowed(actor, c):
        raise NotPermitted(_("You may not write on this complaint."))
    now = timezone.now()
    note = _add_note(c, actor, kind, body, now=now)
    c.updated_at = now
    c.save(update_fields=["updated_at"])
    _record(c, actor, action, data={"note": _note_record(note)})
    if kind == NoteKind.UPDATE:
        notifications.after_commit(c, action)
    return note


@transaction.atomic
def add_note(complaint, *, actor, body: str) -> Note:
    """An internal note: seen by staff, never by the citizen."""
    return _annotate(complaint, actor, "note", rules.can_write_note, NoteKind.INTERNAL, body, field="body")


@transaction.atomic
def post_update(complaint, *, actor, body: str) -> Note:
    """A public update: the citizen reads it when tracking the complaint."""
    return _annotate(complaint, actor, "update", rules.can_post_update, NoteKind.UPDATE, body, field="body")


@transaction.atomic
def attach(complaint, *, actor, upload):
    checked = files.check_upload(upload, field="upload")
    c = _lock(complaint)
    _may_touch(actor, c)
    if not (rules.is_owner(actor, c) or rules.can_write_note(actor, c)):
        raise NotPermitted(_("You may not add files to this complaint."))
    now = timezone.now()
    attachment = files.store(c, checked, actor=actor, now=now)
    c.updated_at = now
    c.save(update_fields=["updated_at"])
    _record(
        c,
        actor,
        "attach",
        data={"attachment": attachment.pk, "sha256": attachment.sha256, "size": attachment.size},
    )
    return attachment


@transaction.atomic
def reveal_contact(complaint, *, actor) -> dict:
    """Show the complainant's contact details to a staff member, and record
    that they were read (DESIGN §2)."""
    c = _lock(complaint)
    if not rules.can_see_contact(actor, c):
        raise NotPermitted(_("You may not read this complainant's contact details."))
    if not c.has_contact:
        raise InvalidInput(_("The citizen left no contact details."))
    _record(c, actor, "contact.read")
    return {
        "name": c.contact_name,
        "phone": c.contact_phone,
        "email": c.contact_email,
        "anonymous": c.is_anonymous,
    }


def refusal(complaint, actor, action):
    """The error the service of ``action`` would refuse with before looking
    at its input, or None if ``actor`` may take it on ``complaint`` now."""
    if action in _WORDING:
        return _transition_refusal(complaint, actor, action)
    if action not in available_actions(complaint, actor):
        return NotPermitted(_("You may not do this on this complaint."))
    return None


def available_actions(complaint, actor) -> set[str]:
    """Every action ``actor`` may take on ``complaint`` now: transitions
    and the writes that change no state."""
    actions = available_transitions(complaint, actor)
    if rules.can_write_note(actor, complaint):
        actions |= {"note", "attach"}
    if complaint.status not in FINAL_STATUSES and rules.can_post_update(actor, complaint):
        actions.add("update")
    if complaint.has_contact and rules.can_see_contact(actor, complaint):
        actions.add("contact")
    return actions
