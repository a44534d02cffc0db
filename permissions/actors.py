"""Who acts: a staff user, a citizen holding a tracking code and PIN, or the
system (the SLA sweep, scheduled closings)."""

from dataclasses import dataclass

from audit.ledger import SYSTEM as SYSTEM_REF
from audit.ledger import ActorRef
from audit.models import ActorKind

from .models import StaffProfile


@dataclass(frozen=True)
class Citizen:
    """A citizen proven to own ``complaint_id`` (None before submission).

    Built only by ``workflows.citizens.identify`` (code and PIN checked) or
    by the submission service itself.
    """

    complaint_id: int | None = None


class System:
    def __repr__(self):
        return "SYSTEM"


SYSTEM = System()


_UNKNOWN = object()


def profile_of(actor):
    """The active staff profile of ``actor``, or None for anyone else.

    Loaded once per user object with its province and department, since
    every permission check of a request asks for it.
    """
    if not getattr(actor, "is_authenticated", False) or not actor.is_active:
        return None
    profile = getattr(actor, "_staff_profile_cache", _UNKNOWN)
    if profile is _UNKNOWN:
        profile = (
            StaffProfile.objects.select_related("province", "department")
            .filter(user_id=actor.pk)
            .first()
        )
        actor._staff_profile_cache = profile
    return profile


def forget_profile(actor):
    actor.__dict__.pop("_staff_profile_cache", None)


def ledger_actor(actor) -> ActorRef:
    if isinstance(actor, Citizen):
        return ActorRef(kind=ActorKind.CITIZEN, name="citizen", role="citizen")
    if isinstance(actor, System):
        return SYSTEM_REF
    profile = profile_of(actor)
    return ActorRef(
        kind=ActorKind.USER,
        id=actor.pk,
        name=actor.get_username(),
        role=profile.role if profile else "",
    )
