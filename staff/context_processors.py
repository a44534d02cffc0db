from django.utils.translation import gettext_lazy as _

from permissions.actors import profile_of
from permissions.pages import may_open

NAVIGATION = (
    ("intake", "staff:intake", _("Intake")),
    ("department", "staff:department", _("Department")),
    ("mine", "staff:mine", _("My cases")),
    ("search", "staff:search", _("All complaints")),
    ("record", "staff:record", _("Record a complaint")),
)


def staff_navigation(request):
    user = getattr(request, "user", None)
    profile = profile_of(user) if user is not None else None
    if profile is None:
        return {"staff_profile": None, "staff_nav": ()}
    return {
        "staff_profile": profile,
        "staff_nav": [(page, url, label) for page, url, label in NAVIGATION if may_open(user, page)],
    }
