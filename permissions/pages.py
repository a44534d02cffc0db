"""Which roles open which staff page (DESIGN §2). What each page then shows
is limited further by permissions.scope."""

from .actors import profile_of
from .models import Role

READERS = frozenset({Role.CLERK, Role.OFFICER, Role.DIRECTOR, Role.ASSISTANT, Role.COMMITTEE})

PAGE_ROLES = {
    "intake": frozenset({Role.CLERK, Role.ASSISTANT, Role.COMMITTEE}),
    "department": frozenset({Role.OFFICER, Role.DIRECTOR, Role.ASSISTANT, Role.COMMITTEE}),
    "mine": frozenset({Role.OFFICER}),
    "search": READERS,
    "case": READERS,
    "record": frozenset({Role.CLERK, Role.ASSISTANT}),
}

HOME_PAGE = {
    Role.CLERK: "intake",
    Role.OFFICER: "mine",
    Role.DIRECTOR: "department",
    Role.ASSISTANT: "department",
    Role.COMMITTEE: "search",
}


def may_open(user, page: str) -> bool:
    profile = profile_of(user)
    return profile is not None and profile.role in PAGE_ROLES[page]
