"""DESIGN §2 as a table: each role, in its own province and in another,
against each staff page and each action of the case page, through HTTP."""

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from audit.models import Event

from .conftest import snapshot
from .test_refusals import ALLOWED
from .test_views import PNG

pytestmark = pytest.mark.django_db

STAFF_ROLES = [
    "clerk", "officer", "officer2", "power_officer", "director", "power_director",
    "assistant", "committee", "committee_all", "admin",
]

# Pages each role may open at all (DESIGN §2); others get 403.
PAGES = {
    "clerk": {"intake", "search", "record"},
    "officer": {"department", "mine", "search"},
    "officer2": {"department", "mine", "search"},
    "power_officer": {"department", "mine", "search"},
    "director": {"department", "search"},
    "power_director": {"department", "search"},
    "assistant": {"intake", "department", "search", "record"},
    "committee": {"intake", "department", "search"},
    "committee_all": {"intake", "department", "search"},
    "admin": set(),
}
PAGE_URLS = {
    "intake": "staff:intake",
    "department": "staff:department",
    "mine": "staff:mine",
    "search": "staff:search",
    "record": "staff:record",
}

# Who sees a Wasit complaint routed to Wasit's water department.
SEES_WASIT_WATER_CASE = {"clerk", "officer", "officer2", "director", "assistant", "committee", "committee_all"}


def person(staff, who, province="was"):
    if who in ("committee_all", "admin"):
        return getattr(staff, who)
    return getattr(getattr(staff, province), who)


@pytest.mark.parametrize("who", STAFF_ROLES)
@pytest.mark.parametrize("page", sorted(PAGE_URLS))
def test_page_access_by_role(client, staff, who, page):
    client.force_login(person(staff, who))
    response = client.get(reverse(PAGE_URLS[page]))
    assert response.status_code == (200 if page in PAGES[who] else 403)


@pytest.mark.parametrize("page", sorted(PAGE_URLS))
def test_pages_need_a_login(client, page):
    response = client.get(reverse(PAGE_URLS[page]))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("who", STAFF_ROLES)
@pytest.mark.parametrize("province", ["was", "bgd"])
def test_case_page_by_role_and_province(client, staff, make_complaint, who, province):
    c = make_complaint("triaged")  # in Wasit, water department
    client.force_login(person(staff, who, province))
    response = client.get(reverse("staff:case", args=[c.tracking_code]))
    if who == "admin":
        expected = 403
    elif who == "committee_all" or (province == "was" and who in SEES_WASIT_WATER_CASE):
        expected = 200
    else:
        expected = 404
    assert response.status_code == expected


@pytest.mark.parametrize("who", ["clerk", "assistant", "committee", "director", "officer"])
def test_lists_never_show_another_provinces_complaints(client, staff, make_complaint, who):
    ours = make_complaint("triaged")
    theirs = make_complaint("triaged", province="bgd")
    client.force_login(person(staff, who))
    page = client.get(reverse("staff:search")).content.decode()
    assert ours.tracking_code in page
    assert theirs.tracking_code not in page


def test_committee_for_all_provinces_lists_every_province(client, staff, make_complaint):
    ours, theirs = make_complaint(), make_complaint(province="bgd")
    client.force_login(staff.committee_all)
    page = client.get(reverse("staff:search")).content.decode()
    assert ours.tracking_code in page and theirs.tracking_code in page


def form_data(action, c, people):
    return {
        "triage": {"category": c.category_id, "department": people.water.pk, "priority": "high"},
        "reject": {"kind": "other", "reason": "Not a matter for us."},
        "transfer": {"department": people.power.pk, "reason": "It is the cable."},
        "assign": {"assignee": people.officer2.pk},
        "claim": {},
        "reassign": {"assignee": people.officer2.pk, "reason": "Officer on leave."},
        "start": {},
        "request_info": {"question": "Which house number?"},
        "citizen_reply": {"answer": "House 14, by the mosque."},
        "resolve": {"note": "The pipe is replaced."},
        "note": {"body": "Called the contractor."},
        "update": {"body": "The team comes on Sunday."},
        "attach": {"upload": SimpleUploadedFile("site.png", PNG, "image/png")},
    }[action]


# (action, state the complaint is in): roles of Wasit who may do it there.
# The transitions come from the service-level table; the citizen's own
# (confirm, dispute, withdraw) have no staff form and drop out.
CITIZENS = {"owner", "stranger", "system"}
ACTIONS = {
    **{key: allowed - CITIZENS for key, allowed in ALLOWED.items() if allowed - CITIZENS},
    ("note", "triaged"): {"clerk", "officer", "officer2", "director", "assistant"},
    ("update", "assigned"): {"officer", "director", "assistant"},
    ("attach", "in_progress"): {"clerk", "officer", "officer2", "director", "assistant"},
}


def post_action(client, c, action, people):
    data = {f"{action}-{key}": value for key, value in form_data(action, c, people).items()}
    return client.post(reverse("staff:action", args=[c.tracking_code, action]), data)


def acted(c, action, user):
    return Event.objects.filter(
        subject_kind="complaint", subject_id=str(c.pk), action=action, actor_id=user.pk
    ).exists()


@pytest.mark.parametrize("who", STAFF_ROLES)
@pytest.mark.parametrize("province", ["was", "bgd"])
@pytest.mark.parametrize("action,state", sorted(ACTIONS))
def test_actions_by_role_and_province(client, staff, make_complaint, who, province, action, state):
    c = make_complaint(state)
    user = person(staff, who, province)
    client.force_login(user)
    before = snapshot(c)
    response = post_action(client, c, action, staff.was)
    allowed = province == "was" and who in ACTIONS[(action, state)]
    if allowed:
        assert response.status_code == 302, response.content.decode()[:2000]
        assert response["Location"] == reverse("staff:case", args=[c.tracking_code])
        assert acted(c, action, user)
    else:
        assert response.status_code in (302, 403, 404)
        if response.status_code == 302:
            # Back to the case page, with the reason.
            assert response["Location"] == reverse("staff:case", args=[c.tracking_code])
            [refusal] = get_messages(response.wsgi_request)
            assert refusal.level_tag == "error" and str(refusal)
        assert not acted(c, action, user)
        assert snapshot(c) == before


@pytest.mark.parametrize("who", STAFF_ROLES)
@pytest.mark.parametrize("province", ["was", "bgd"])
def test_reading_contact_details_by_role_and_province(client, staff, make_complaint, who, province):
    c = make_complaint("triaged")
    user = person(staff, who, province)
    client.force_login(user)
    response = client.post(reverse("staff:contact", args=[c.tracking_code]))
    allowed = who == "committee_all" or (province == "was" and who in SEES_WASIT_WATER_CASE)
    if allowed:
        assert response.status_code == 200
        assert c.contact_phone in response.content.decode()
        assert acted(c, "contact.read", user)
    else:
        assert response.status_code in (403, 404)
        assert not acted(c, "contact.read", user)


def test_forms_refuse_another_provinces_department(client, staff, make_complaint):
    """A hand-made form naming Baghdad's department is refused, not applied."""
    c = make_complaint()
    client.force_login(staff.was.clerk)
    before = snapshot(c)
    response = client.post(
        reverse("staff:action", args=[c.tracking_code, "triage"]),
        {"triage-category": c.category_id, "triage-department": staff.bgd.water.pk, "triage-priority": "high"},
    )
    assert response.status_code == 400
    assert snapshot(c) == before


def test_forms_refuse_another_provinces_officer(client, staff, make_complaint):
    c = make_complaint("triaged")
    client.force_login(staff.was.director)
    before = snapshot(c)
    response = client.post(
        reverse("staff:action", args=[c.tracking_code, "assign"]), {"assign-assignee": staff.bgd.officer.pk}
    )
    assert response.status_code == 400
    assert snapshot(c) == before


def test_the_case_page_offers_only_what_the_user_may_do_now(client, staff, make_complaint):
    c = make_complaint("triaged")
    offered = {}
    for who in ("clerk", "officer", "director", "committee"):
        client.force_login(person(staff, who))
        page = client.get(reverse("staff:case", args=[c.tracking_code])).content.decode()
        offered[who] = {
            action for action in ("triage", "reject", "transfer", "assign", "claim", "note", "start")
            if reverse("staff:action", args=[c.tracking_code, action]) in page
        }
    assert offered == {
        "clerk": {"reject", "note"},
        "officer": {"claim", "note"},
        "director": {"reject", "transfer", "assign", "note"},
        "committee": set(),
    }
