"""Password guessing on the staff login (django-axes): after five wrong
passwords one user name is locked on one computer for fifteen minutes, with a
page that says so; other people and other computers are not affected."""

import datetime

import pytest
import time_machine
from django.conf import settings
from django.utils import timezone

from .conftest import PASSWORD

LOGIN = "/accounts/login/"


def attempt(client, username, password, address="10.0.0.7", **headers):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address, **headers)


def fail(client, username, times, **kwargs):
    for number in range(1, times + 1):
        response = attempt(client, username, "wrong password", **kwargs)
        # The login form again with its error, until the failure that locks.
        assert response.status_code == (429 if number == settings.AXES_FAILURE_LIMIT else 200)


@pytest.fixture
def clerk(staff):
    return staff.was.clerk.username


def test_four_wrong_passwords_still_let_the_right_one_in(client, clerk):
    fail(client, clerk, settings.AXES_FAILURE_LIMIT - 1)
    assert attempt(client, clerk, PASSWORD).status_code == 302


def test_the_fifth_wrong_password_locks_even_the_right_one_out(client, clerk):
    fail(client, clerk, settings.AXES_FAILURE_LIMIT - 1)
    locked = attempt(client, clerk, "wrong password")
    assert locked.status_code == 429
    assert attempt(client, clerk, PASSWORD).status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_lockout_page_is_arabic_and_says_how_long(client, clerk):
    client.cookies.pop(settings.LANGUAGE_COOKIE_NAME, None)
    fail(client, clerk, settings.AXES_FAILURE_LIMIT - 1)
    page = attempt(client, clerk, "wrong password").content.decode()
    assert '<html lang="ar" dir="rtl">' in page
    assert "15" in page
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = attempt(client, clerk, PASSWORD).content.decode()
    assert "locked on this computer for 15 minutes" in page


def test_the_lock_holds_one_name_on_one_computer(client, staff, clerk):
    fail(client, clerk, settings.AXES_FAILURE_LIMIT)
    # The same clerk at her own desk, and a colleague at the guessed one.
    assert attempt(client, clerk, PASSWORD, address="10.0.0.8").status_code == 302
    client.logout()
    assert attempt(client, staff.was.director.username, PASSWORD).status_code == 302


def test_the_lock_lifts_after_the_cool_off(client, clerk):
    fail(client, clerk, settings.AXES_FAILURE_LIMIT)
    with time_machine.travel(timezone.now() + settings.AXES_COOLOFF_TIME + datetime.timedelta(seconds=1)):
        assert attempt(client, clerk, PASSWORD).status_code == 302


def test_a_success_forgets_earlier_failures(client, clerk):
    fail(client, clerk, settings.AXES_FAILURE_LIMIT - 1)
    assert attempt(client, clerk, PASSWORD).status_code == 302
    client.logout()
    fail(client, clerk, settings.AXES_FAILURE_LIMIT - 1)
    assert attempt(client, clerk, PASSWORD).status_code == 302


def test_a_forged_forwarded_address_does_not_escape_the_lock(client, clerk):
    """Not behind our proxy, X-Forwarded-For is whatever the client says."""
    fail(client, clerk, settings.AXES_FAILURE_LIMIT)
    response = attempt(client, clerk, PASSWORD, HTTP_X_FORWARDED_FOR="192.0.2.99")
    assert response.status_code == 429


def test_the_admin_login_is_guarded_the_same_way(client, staff):
    admin = staff.admin.username
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/admin/login/", {"username": admin, "password": "nope"}, REMOTE_ADDR="10.0.0.7")
    response = client.post("/admin/login/", {"username": admin, "password": PASSWORD}, REMOTE_ADDR="10.0.0.7")
    assert response.status_code == 429
