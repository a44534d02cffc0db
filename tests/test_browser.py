"""The staff desk in a real browser: Debian's chromium driven by playwright
against a live server. A complaint is worked from intake to resolution by
three people through the forms, in Arabic right to left, and the browser
fetches nothing from anywhere but the server itself.

Playwright's sync API runs an event loop in this thread, and Django refuses
database access while one runs, so every test prepares the database before
the browser starts and checks it after the browser has closed.
"""

import os
import shutil
from contextlib import contextmanager

import pytest
from django.utils import translation

from audit.models import Event
from cases.models import Complaint, Status
from staff.actions import ACTIONS

from .conftest import PASSWORD

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
# REFERENCE.md: the flags Debian's chromium needs in a container.
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def _playwright():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        sync_playwright = None
    if sync_playwright is not None and shutil.which(CHROMIUM):
        return sync_playwright
    if os.environ.get("SHAFAF_REQUIRE_BROWSER"):
        pytest.fail(f"browser tests need the playwright package and {CHROMIUM} (apt-get install chromium)")
    pytest.skip(f"browser tests need the playwright package and {CHROMIUM}")


class Desk:
    """One browser; ``as_user`` opens a fresh session logged in as someone."""

    def __init__(self, browser, base_url):
        self.browser = browser
        self.base_url = base_url
        self.requested = []
        self.failed = []
        self.errors = []

    def new_page(self):
        context = self.browser.new_context(base_url=self.base_url)
        page = context.new_page()
        page.on("request", lambda request: self.requested.append(request.url))
        page.on("response", lambda response: response.status >= 400 and self.failed.append(response.url))
        page.on("pageerror", lambda error: self.errors.append(str(error)))
        return page

    def as_user(self, username):
        page = self.new_page()
        page.goto("/accounts/login/")
        page.fill("#id_username", username)
        page.fill("#id_password", PASSWORD)
        page.locator("main form button[type=submit]").click()
        page.wait_for_load_state()
        assert "/accounts/login/" not in page.url, f"{username} could not log in"
        return page

    def act(self, page, code, action, *, fill=None, select=None):
        """Fill and send one action form of the case page; returns the alert shown."""
        page.goto(f"/staff/complaints/{code}/")
        form = page.locator(f'form[action="/staff/complaints/{code}/{action}/"]')
        for name, value in (select or {}).items():
            form.locator(f'select[name="{action}-{name}"]').select_option(value=str(value))
        for name, value in (fill or {}).items():
            form.locator(f'[name="{action}-{name}"]').fill(value)
        form.locator("button[type=submit]").click()
        page.wait_for_load_state()
        return page.locator(".alert").first.inner_text()


def arabic(text):
    with translation.override("ar"):
        return str(text)


@contextmanager
def desk(live_server):
    sync_playwright = _playwright()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        try:
            yield Desk(browser, live_server.url)
        finally:
            browser.close()


def test_a_complaint_is_worked_from_intake_to_resolution_in_arabic(live_server, staff, make_complaint):
    complaint = make_complaint(Status.SUBMITTED)
    code = complaint.tracking_code
    water, officer = staff.was.water.pk, staff.was.officer

    with desk(live_server) as browser:
        clerk = browser.as_user("was.clerk")
        assert clerk.locator("html").get_attribute("dir") == "rtl"
        assert clerk.evaluate("getComputedStyle(document.body).direction") == "rtl"
        # Right to left for real: the brand sits at the right end of the bar.
        brand = clerk.locator(".navbar-brand").bounding_box()
        assert brand["x"] > clerk.viewport_size["width"] / 2
        clerk.locator(f'a.tracking-code:text-is("{code}")').click()
        triaged = browser.act(clerk, code, "triage", select={"department": water, "priority": "high"})

        director = browser.as_user("was.director")
        assigned = browser.act(director, code, "assign", select={"assignee": officer.pk})

        worker = browser.as_user("was.officer")
        worker.goto("/staff/mine/")
        assert worker.locator(f'a.tracking-code:text-is("{code}")').count() == 1
        started = browser.act(worker, code, "start")
        resolved = browser.act(worker, code, "resolve", fill={"note": "استُبدل الأنبوب المكسور."})
        timeline = worker.locator("ol.timeline").inner_text()
        offered_after = worker.locator("form[action*='/staff/complaints/'] button[type=submit]").all_inner_texts()

    assert [triaged, assigned, started, resolved] == [
        arabic(ACTIONS[name].done) for name in ("triage", "assign", "start", "resolve")
    ]
    assert "استُبدل الأنبوب المكسور." in timeline
    # A resolved complaint waits for the citizen: the officer may only write on it.
    assert arabic(ACTIONS["resolve"].label) not in offered_after
    assert arabic(ACTIONS["note"].label) in offered_after

    complaint = Complaint.objects.get(pk=complaint.pk)
    assert complaint.status == Status.RESOLVED
    assert complaint.assignee == officer
    actions = list(Event.objects.filter(subject_kind="complaint", subject_id=str(complaint.pk)).values_list("action", "actor_name"))
    assert actions == [
        ("submit", "citizen"),
        ("triage", "was.clerk"),
        ("assign", "was.director"),
        ("start", "was.officer"),
        ("resolve", "was.officer"),
    ]
    assert browser.errors == []
    assert browser.failed == []
    # No CDN, no font service, no analytics: the intranet promise.
    assert browser.requested and all(url.startswith(live_server.url) for url in browser.requested)


def test_a_refused_form_keeps_what_was_typed_and_says_why(live_server, staff, make_complaint):
    complaint = make_complaint(Status.IN_PROGRESS)
    code = complaint.tracking_code

    with desk(live_server) as browser:
        worker = browser.as_user("was.officer")
        worker.goto(f"/staff/complaints/{code}/")
        form = worker.locator(f'form[action="/staff/complaints/{code}/request_info/"]')
        form.locator('[name="request_info-question"]').fill("؟")
        form.locator("button[type=submit]").click()
        worker.wait_for_load_state()
        alert = worker.locator(".alert-danger").first.inner_text()
        kept = worker.locator('[name="request_info-question"]').input_value()
        field_error = worker.locator(".invalid-feedback").first.inner_text()

    assert alert == arabic(translation.gettext_lazy("%(action)s was not done: see the form below.")) % {
        "action": arabic(ACTIONS["request_info"].label)
    }
    assert kept == "؟"
    assert field_error
    assert Complaint.objects.get(pk=complaint.pk).status == Status.IN_PROGRESS
    assert not Event.objects.filter(subject_id=str(complaint.pk), action="request_info").exists()


def test_english_turns_the_desk_left_to_right(live_server, staff):
    with desk(live_server) as browser:
        page = browser.new_page()
        page.goto("/accounts/login/")
        page.locator("form[action='/i18n/setlang/'] button").click()
        page.wait_for_load_state()
        direction = page.evaluate("getComputedStyle(document.body).direction")
        heading = page.locator("h1").inner_text()
        stylesheets = page.evaluate("[...document.styleSheets].map(s => s.href)")

    assert direction == "ltr"
    assert heading == "Staff log in"
    assert any(href.endswith("/static/bootstrap/css/bootstrap.min.css") for href in stylesheets)
