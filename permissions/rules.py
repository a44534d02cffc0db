"""Who may do what to which complaint (DESIGN §2 and §3).

Each predicate answers for one actor and one complaint, ignoring the
complaint's state: the state machine in workflows/flows.py decides whether
the transition exists from the current state, these decide who may take it.
"""

from .actors import Citizen, System, profile_of
from .models import Role

WORK_PERMISSION = "cases.work_complaint"


def _in_province(profile, complaint):
    return profile.province_id is not None and profile.province_id == complaint.province_id


def _in_department(profile, complaint):
    return (
        profile.department_id is not None
        and profile.department_id == complaint.department_id
        and _in_province(profile, complaint)
    )


def _role(actor, *roles):
    profile = profile_of(actor)
    return profile if profile is not None and profile.role in roles else None


def is_assignee(actor, complaint) -> bool:
    """The assignee, as granted by guardian when the complaint was assigned."""
    profile = _role(actor, Role.OFFICER)
    return (
        profile is not None
        and complaint.assignee_id == actor.pk
        and _in_province(profile, complaint)
        and _may_work(actor, complaint)
    )


WORK_CACHE = "_work_permission_cache"


def _may_work(user, complaint) -> bool:
    # A case page asks this once per transition it might offer; each guardian
    # lookup costs two queries. The answer is kept on this complaint instance
    # (one row loaded for one request or one service call), and
    # permissions.objects drops it whenever it grants or withdraws.
    cache = complaint.__dict__.setdefault(WORK_CACHE, {})
    if user.pk not in cache:
        cache[user.pk] = user.has_perm(WORK_PERMISSION, complaint)
    return cache[user.pk]


def is_owner(actor, complaint) -> bool:
    return isinstance(actor, Citizen) and actor.complaint_id == complaint.pk


def can_view(actor, complaint) -> bool:
    profile = profile_of(actor)
    if profile is None:
        return False
    if profile.role in (Role.CLERK, Role.ASSISTANT):
        return _in_province(profile, complaint)
    if profile.role == Role.DIRECTOR:
        return _in_department(profile, complaint)
    if profile.role == Role.OFFICER:
        return _in_department(profile, complaint) or is_assignee(actor, complaint)
    if profile.role == Role.COMMITTEE:
        return profile.province_id is None or _in_province(profile, complaint)
    return False


def can_record_complaint(actor, province) -> bool:
    """Walk-in and phone complaints are typed in by the province's front desk."""
    profile = _role(actor, Role.CLERK, Role.ASSISTANT)
    return profile is not None and profile.province_id == province.pk


def can_triage(actor, complaint) -> bool:
    profile = _role(actor, Role.CLERK, Role.ASSISTANT)
    return profile is not None and _in_province(profile, complaint)


def can_reject(actor, complaint) -> bool:
    if can_triage(actor, complaint):
        return True
    profile = _role(actor, Role.DIRECTOR)
    return profile is not None and _in_department(profile, complaint)


def can_manage(actor, complaint) -> bool:
    """Assign, reassign and transfer: the department's director or the
    province's Governor's Assistant."""
    profile = _role(actor, Role.DIRECTOR, Role.ASSISTANT)
    if profile is None:
        return False
    if profile.role == Role.ASSISTANT:
        return _in_province(profile, complaint)
    return _in_department(profile, complaint)


def can_claim(actor, complaint) -> bool:
    profile = _role(actor, Role.OFFICER)
    return profile is not None and _in_department(profile, complaint)


def can_record_reply(actor, complaint) -> bool:
    """The citizen answers online, or by phone or in person to a clerk."""
    if is_owner(actor, complaint):
        return True
    return can_triage(actor, complaint)


def can_confirm(actor, complaint) -> bool:
    # The system closes a resolution the citizen left unanswered for 7 days.
    return is_owner(actor, complaint) or isinstance(actor, System)


def can_write_note(actor, complaint) -> bool:
    """Internal notes and attachments: any staff member who may see the
    complaint and is not read-only."""
    profile = profile_of(actor)
    return profile is not None and profile.role != Role.COMMITTEE and can_view(actor, complaint)


def can_post_update(actor, complaint) -> bool:
    """A public update speaks for the department to the citizen."""
    return is_assignee(actor, complaint) or can_manage(actor, complaint)


def can_see_contact(actor, complaint) -> bool:
    # Reading contact details is allowed wherever the complaint is, but it is
    # always recorded in the ledger (workflows.complaints.reveal_contact).
    return can_view(actor, complaint)
