"""The Django admin (DESIGN §2: the administrator configures provinces,
departments, categories and users). Configuration changes are ledger events
(``audit.admin.LedgeredAdmin``); staff positions go through
``permissions.services.set_position``; nobody else gets in."""

import pytest
from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from audit import ledger
from audit.models import Event
from cases.models import Category, Department, District, Province
from permissions.models import StaffProfile

User = get_user_model()


@pytest.fixture
def admin_client(client, staff):
    """The administrator, reading the admin in English so messages can be quoted."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(staff.admin)
    return client


def last_event(**filters):
    return Event.objects.filter(**filters).order_by("-id").first()


def form_errors(response):
    return response.context["adminform"].form.errors


def role_groups(user):
    return sorted(user.groups.filter(name__startswith="role:").values_list("name", flat=True))


CATEGORY = {
    "code": "bridge-damage",
    "name_ar": "جسر متضرر",
    "name_en": "Damaged bridge",
    "description_ar": "",
    "description_en": "Cracks, broken railings",
    "department_kind": "municipality",
    "is_active": "on",
}


# --- who gets in --------------------------------------------------------------


def test_the_administrator_opens_the_admin(admin_client):
    response = admin_client.get("/admin/")
    assert response.status_code == 200
    for path in (
        "/admin/cases/category/add/",
        "/admin/cases/department/add/",
        "/admin/permissions/staffprofile/add/",
        "/admin/auth/user/add/",
    ):
        assert admin_client.get(path).status_code == 200, path


@pytest.mark.parametrize("who", ["clerk", "director", "committee", "committee_all", "assistant"])
def test_other_staff_are_sent_to_the_admin_login(client, staff, who):
    user = getattr(staff.was, who, None) or getattr(staff, who)
    client.force_login(user)

    for path in ("/admin/", "/admin/cases/category/add/"):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"].startswith("/admin/login/"), path


def test_other_staff_cannot_add_reference_data(client, staff):
    client.force_login(staff.was.director)
    events = Event.objects.count()

    response = client.post("/admin/cases/category/add/", CATEGORY)

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
    assert not Category.objects.filter(code=CATEGORY["code"]).exists()
    assert Event.objects.count() == events


def test_an_administrator_moved_to_another_role_loses_the_admin(admin_client, client, staff, reference):
    former = User.objects.create_user("former.admin", password="pw")
    admin_client.post(
        "/admin/permissions/staffprofile/add/",
        {"user": former.pk, "role": "admin", "province": "", "department": ""},
    )
    former.refresh_from_db()
    assert former.is_staff
    profile = StaffProfile.objects.get(user=former)
    admin_client.post(
        f"/admin/permissions/staffprofile/{profile.pk}/change/",
        {"user": former.pk, "role": "clerk", "province": reference.was.pk, "department": ""},
    )
    former.refresh_from_db()
    assert not former.is_staff

    client.force_login(former)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


# --- reference data -----------------------------------------------------------


def test_adding_a_category_is_a_ledger_event(admin_client, staff):
    response = admin_client.post("/admin/cases/category/add/", CATEGORY)

    assert response.status_code == 302
    category = Category.objects.get(code="bridge-damage")
    assert category.department_kind == "municipality"
    event = last_event(action="config.add")
    assert event.chain == "SYS"
    assert (event.subject_kind, event.subject_id) == ("cases.category", str(category.pk))
    assert (event.actor_kind, event.actor_id, event.actor_name, event.actor_role) == (
        "user",
        staff.admin.pk,
        "admin",
        "admin",
    )
    changes = event.data["changes"]
    assert changes["code"] == [None, "bridge-damage"]
    assert changes["name_en"] == [None, "Damaged bridge"]
    assert changes["name_ar"] == [None, "جسر متضرر"]
    assert changes["department_kind"] == [None, "municipality"]
    assert changes["description_en"] == [None, "Cracks, broken railings"]


def test_changing_a_category_records_old_and_new_of_the_changed_fields_only(admin_client, reference):
    category = reference.water_leak
    old_name = category.name_en
    data = {
        "code": category.code,
        "name_ar": category.name_ar,
        "name_en": "Leaking water pipe",
        "description_ar": category.description_ar,
        "description_en": category.description_en,
        "department_kind": category.department_kind,
        # is_active left out: the box is unticked, the category retired.
    }
    events = Event.objects.count()

    response = admin_client.post(f"/admin/cases/category/{category.pk}/change/", data)

    assert response.status_code == 302
    category.refresh_from_db()
    assert category.name_en == "Leaking water pipe"
    assert category.is_active is False
    assert Event.objects.count() == events + 1
    event = last_event(action="config.change")
    assert event.chain == "SYS"
    assert (event.subject_kind, event.subject_id) == ("cases.category", str(category.pk))
    assert event.data == {"changes": {"name_en": [old_name, "Leaking water pipe"], "is_active": [True, False]}}


def test_saving_a_category_unchanged_writes_no_event(admin_client, reference):
    category = reference.water_leak
    data = {
        "code": category.code,
        "name_ar": category.name_ar,
        "name_en": category.name_en,
        "description_ar": category.description_ar,
        "description_en": category.description_en,
        "department_kind": category.department_kind,
        "is_active": "on",
    }
    events = Event.objects.count()
    response = admin_client.post(f"/admin/cases/category/{category.pk}/change/", data)
    assert response.status_code == 302
    assert Event.objects.count() == events


def test_an_invalid_category_form_changes_nothing(admin_client):
    events = Event.objects.count()
    response = admin_client.post("/admin/cases/category/add/", {**CATEGORY, "code": "not a slug!"})
    assert response.status_code == 200
    assert "code" in form_errors(response)
    assert not Category.objects.filter(name_en="Damaged bridge").exists()
    assert Event.objects.count() == events


def test_adding_a_province_opens_its_own_chain(admin_client):
    response = admin_client.post(
        "/admin/cases/province/add/",
        {"code": "ANB", "name_ar": "الأنبار", "name_en": "Anbar", "is_active": "on"},
    )
    assert response.status_code == 302
    province = Province.objects.get(code="ANB")
    [event] = Event.objects.filter(chain="ANB")
    assert event.seq == 1
    assert event.action == "config.add"
    assert event.subject_id == str(province.pk)
    assert event.data["changes"]["code"] == [None, "ANB"]


def test_adding_a_department_is_a_ledger_event_of_its_province(admin_client, reference):
    # Every loaded province has all its departments; a new one is needed.
    anbar = Province.objects.create(code="ANB", name_ar="الأنبار", name_en="Anbar")
    response = admin_client.post(
        "/admin/cases/department/add/",
        {
            "name_ar": "مديرية ماء الأنبار",
            "name_en": "Anbar Water Directorate",
            "province": anbar.pk,
            "kind": "water",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    department = Department.objects.get(province=anbar, kind="water")
    event = last_event(action="config.add")
    assert event.chain == "ANB"
    assert (event.subject_kind, event.subject_id) == ("cases.department", str(department.pk))
    changes = event.data["changes"]
    assert changes["name_en"] == [None, "Anbar Water Directorate"]
    assert changes["kind"] == [None, "water"]
    assert changes["province"][0] is None
    # Foreign keys are written as the related row's public code.
    assert changes["province"][1] == "ANB"


def test_changing_a_department_is_a_ledger_event_of_its_province(admin_client, staff):
    department = staff.was.water
    old_name = department.name_en
    response = admin_client.post(
        f"/admin/cases/department/{department.pk}/change/",
        {
            "name_ar": department.name_ar,
            "name_en": "Wasit Water and Sanitation Directorate",
            "province": department.province_id,
            "kind": department.kind,
            # is_active unticked: retired
        },
    )
    assert response.status_code == 302
    department.refresh_from_db()
    assert department.name_en == "Wasit Water and Sanitation Directorate"
    assert department.is_active is False
    event = last_event(action="config.change")
    assert event.chain == "WAS"
    assert (event.subject_kind, event.subject_id) == ("cases.department", str(department.pk))
    assert event.data == {
        "changes": {
            "name_en": [old_name, "Wasit Water and Sanitation Directorate"],
            "is_active": [True, False],
        }
    }


def test_a_changed_foreign_key_is_recorded_the_same_way_before_and_after(admin_client, reference):
    anbar = Province.objects.create(code="ANB", name_ar="الأنبار", name_en="Anbar")
    department = Department.objects.get(province=reference.was, kind="health")
    response = admin_client.post(
        f"/admin/cases/department/{department.pk}/change/",
        {
            "name_ar": department.name_ar,
            "name_en": department.name_en,
            "province": anbar.pk,
            "kind": department.kind,
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    old, new = last_event(action="config.change").data["changes"]["province"]
    assert type(old) is type(new)
    assert (old, new) == ("WAS", "ANB")


@pytest.mark.parametrize(
    "model, app",
    [(Province, "cases"), (District, "cases"), (Department, "cases"), (Category, "cases")],
    ids=lambda v: getattr(v, "__name__", v),
)
def test_reference_data_cannot_be_deleted(admin_client, reference, model, app):
    obj = model.objects.first()
    name = model._meta.model_name
    change_page = admin_client.get(f"/admin/{app}/{name}/{obj.pk}/change/")
    assert change_page.status_code == 200
    assert change_page.context["has_delete_permission"] is False
    assert f"/admin/{app}/{name}/{obj.pk}/delete/" not in change_page.content.decode()

    assert admin_client.get(f"/admin/{app}/{name}/{obj.pk}/delete/").status_code == 403
    assert admin_client.post(f"/admin/{app}/{name}/{obj.pk}/delete/", {"post": "yes"}).status_code == 403
    assert model.objects.filter(pk=obj.pk).exists()

    changelist = admin_client.get(f"/admin/{app}/{name}/")
    assert changelist.status_code == 200
    assert "delete_selected" not in changelist.content.decode()


def test_staff_positions_and_users_cannot_be_deleted(admin_client, staff):
    profile = StaffProfile.objects.get(user=staff.was.clerk)
    assert admin_client.get(f"/admin/permissions/staffprofile/{profile.pk}/delete/").status_code == 403
    assert admin_client.get(f"/admin/auth/user/{staff.was.clerk.pk}/delete/").status_code == 403
    assert "delete_selected" not in admin_client.get("/admin/auth/user/").content.decode()


# --- staff positions ----------------------------------------------------------


@pytest.fixture
def newcomer(db):
    return User.objects.create_user("newcomer", password="pw")


def test_giving_a_position_goes_through_the_service(admin_client, staff, newcomer):
    response = admin_client.post(
        "/admin/permissions/staffprofile/add/",
        {"user": newcomer.pk, "role": "officer", "province": staff.was.province.pk, "department": staff.was.water.pk},
    )

    assert response.status_code == 302, form_errors(response)
    profile = StaffProfile.objects.get(user=newcomer)
    assert (profile.role, profile.province, profile.department) == ("officer", staff.was.province, staff.was.water)
    assert role_groups(newcomer) == ["role:officer"]
    event = last_event(action="staff.position")
    assert event.chain == "WAS"
    assert (event.subject_kind, event.subject_id, event.subject_ref) == ("user", str(newcomer.pk), "newcomer")
    assert (event.actor_name, event.actor_role) == ("admin", "admin")
    assert (event.from_state, event.to_state) == ("", "officer")
    assert event.data == {"old": None, "new": {"role": "officer", "province": "WAS", "department": "water"}}


def test_an_officer_position_takes_its_province_from_the_department(admin_client, staff, newcomer):
    response = admin_client.post(
        "/admin/permissions/staffprofile/add/",
        {"user": newcomer.pk, "role": "officer", "province": "", "department": staff.was.water.pk},
    )
    assert response.status_code == 302, form_errors(response)
    profile = StaffProfile.objects.get(user=newcomer)
    assert (profile.province, profile.department) == (staff.was.province, staff.was.water)


def test_changing_a_position_replaces_the_role_group(admin_client, staff):
    clerk = staff.was.clerk
    profile = StaffProfile.objects.get(user=clerk)
    assert role_groups(clerk) == ["role:clerk"]

    response = admin_client.post(
        f"/admin/permissions/staffprofile/{profile.pk}/change/",
        {"user": clerk.pk, "role": "director", "province": staff.was.province.pk, "department": staff.was.power.pk},
    )

    assert response.status_code == 302
    profile.refresh_from_db()
    assert (profile.role, profile.department) == ("director", staff.was.power)
    assert role_groups(clerk) == ["role:director"]
    event = last_event(action="staff.position")
    assert (event.from_state, event.to_state) == ("clerk", "director")
    assert event.data == {
        "old": {"role": "clerk", "province": "WAS", "department": None},
        "new": {"role": "director", "province": "WAS", "department": "electricity"},
    }


def test_making_someone_administrator_lets_them_into_the_admin(admin_client, client, newcomer):
    admin_client.post(
        "/admin/permissions/staffprofile/add/",
        {"user": newcomer.pk, "role": "admin", "province": "", "department": ""},
    )
    newcomer.refresh_from_db()
    assert newcomer.is_staff
    assert role_groups(newcomer) == ["role:admin"]
    assert last_event(action="staff.position").chain == "SYS"
    client.force_login(newcomer)
    assert client.get("/admin/").status_code == 200


def _refused(response):
    assert response.status_code == 200
    return form_errors(response)


def test_an_officer_without_a_department_is_refused(admin_client, staff, newcomer):
    events = Event.objects.count()
    response = admin_client.post(
        "/admin/permissions/staffprofile/add/",
        {"user": newcomer.pk, "role": "officer", "province": staff.was.province.pk, "department": ""},
    )
    errors = _refused(response)
    assert errors == {"department": ["Officers and directors belong to a department."]}
    assert not StaffProfile.objects.filter(user=newcomer).exists()
    assert role_groups(newcomer) == []
    assert Event.objects.count() == events


def test_a_department_of_another_province_is_refused(admin_client, staff):
    officer = staff.was.officer
    profile = StaffProfile.objects.get(user=officer)
    before = StaffProfile.objects.filter(pk=profile.pk).values().get()
    events = Event.objects.count()

    response = admin_client.post(
        f"/admin/permissions/staffprofile/{profile.pk}/change/",
        {"user": officer.pk, "role": "officer", "province": staff.was.province.pk, "department": staff.bgd.water.pk},
    )

    assert _refused(response) == {"department": ["The department belongs to another province."]}
    assert StaffProfile.objects.filter(pk=profile.pk).values().get() == before
    assert role_groups(officer) == ["role:officer"]
    assert Event.objects.count() == events


def test_a_clerk_without_a_province_is_refused(admin_client, newcomer):
    events = Event.objects.count()
    response = admin_client.post(
        "/admin/permissions/staffprofile/add/",
        {"user": newcomer.pk, "role": "clerk", "province": "", "department": ""},
    )
    assert _refused(response) == {"province": ["This role works for one province: choose it."]}
    assert not StaffProfile.objects.filter(user=newcomer).exists()
    assert Event.objects.count() == events


def test_the_admin_history_names_the_position_it_added(admin_client, staff, newcomer):
    admin_client.post(
        "/admin/permissions/staffprofile/add/",
        {"user": newcomer.pk, "role": "clerk", "province": staff.was.province.pk, "department": ""},
    )
    profile = StaffProfile.objects.get(user=newcomer)
    entry = LogEntry.objects.latest("action_time")
    assert entry.object_id == str(profile.pk)


def test_a_position_cannot_be_handed_to_another_user_through_its_change_form(admin_client, staff, newcomer):
    clerk = staff.was.clerk
    profile = StaffProfile.objects.get(user=clerk)
    events = Event.objects.count()

    admin_client.post(
        f"/admin/permissions/staffprofile/{profile.pk}/change/",
        {"user": newcomer.pk, "role": "clerk", "province": staff.was.province.pk, "department": ""},
    )

    assert not StaffProfile.objects.filter(user=newcomer).exists()
    assert role_groups(newcomer) == []
    assert Event.objects.count() == events


# --- users --------------------------------------------------------------------

SECRET = "Unguessable-Pass-7319!"


def test_adding_a_user_keeps_the_password_out_of_the_ledger(admin_client):
    response = admin_client.post(
        "/admin/auth/user/add/",
        {"username": "new.clerk", "usable_password": "true", "password1": SECRET, "password2": SECRET},
    )

    assert response.status_code == 302
    user = User.objects.get(username="new.clerk")
    assert user.check_password(SECRET)
    event = last_event(action="config.add")
    assert (event.chain, event.subject_kind, event.subject_id) == ("SYS", "auth.user", str(user.pk))
    assert event.data["changes"]["username"] == [None, "new.clerk"]
    assert not {"password", "password1", "password2"} & set(event.data["changes"])
    recorded = ledger.canonical_json(ledger.event_body(event))
    assert SECRET not in recorded
    assert user.password not in recorded


def test_changing_a_user_records_the_fields_but_not_the_password(admin_client, staff):
    user = staff.was.clerk
    response = admin_client.post(
        f"/admin/auth/user/{user.pk}/change/",
        {
            "username": user.username,
            "first_name": "Ali",
            "last_name": "Hassan",
            "email": "ali@example.org",
            "is_active": "on",
            "password": "ignored",
        },
    )

    assert response.status_code == 302
    event = last_event(action="config.change", subject_kind="auth.user")
    assert event.subject_id == str(user.pk)
    assert event.data == {
        "changes": {"first_name": ["", "Ali"], "last_name": ["", "Hassan"], "email": ["", "ali@example.org"]}
    }
    user.refresh_from_db()
    assert user.password not in ledger.canonical_json(ledger.event_body(event))


def test_the_admin_cannot_hand_out_groups_or_superuser_status(admin_client, staff):
    user = staff.was.clerk
    admin_group = Group.objects.get(name="role:admin")
    admin_client.post(
        f"/admin/auth/user/{user.pk}/change/",
        {
            "username": user.username,
            "is_active": "on",
            "is_staff": "on",
            "is_superuser": "on",
            "groups": [admin_group.pk],
        },
    )
    user.refresh_from_db()
    assert not user.is_staff
    assert not user.is_superuser
    assert role_groups(user) == ["role:clerk"]


def test_a_password_change_is_recorded_without_the_password(admin_client, staff):
    clerk = staff.was.clerk
    secret = "A-new-long-passphrase-2026"
    response = admin_client.post(
        f"/admin/auth/user/{clerk.pk}/password/",
        {"usable_password": "true", "password1": secret, "password2": secret},
    )
    assert response.status_code == 302
    clerk.refresh_from_db()
    assert clerk.check_password(secret)
    event = last_event(action="user.password")
    assert (event.subject_kind, event.subject_id, event.actor_name) == ("auth.user", str(clerk.pk), "admin")
    # Neither the password nor its hash, in that event or any other.
    for event in Event.objects.all():
        recorded = ledger.canonical_json(ledger.event_body(event))
        assert secret not in recorded and clerk.password not in recorded


def test_a_refused_password_change_records_nothing(admin_client, staff):
    events = Event.objects.count()
    response = admin_client.post(
        f"/admin/auth/user/{staff.was.clerk.pk}/password/",
        {"usable_password": "true", "password1": "One-passphrase-2026", "password2": "Another-2026"},
    )
    assert response.status_code == 200
    assert Event.objects.count() == events
