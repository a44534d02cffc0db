"""The staff desk's pages run a fixed number of SQL queries, however many
rows, events, notes or files they show: each page is measured at a small
and a larger size, and the counts must be equal and stay under a bound.

The bounds are the counts measured when this was written (SQLite test
settings); raise one only with a reason, never to hide a query per row."""

from itertools import cycle

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cases.models import District, Status
from workflows import complaints

from .test_views import PNG

SMALL, LARGE = 3, 20

# A queue page: session, user, staff profile, the count of rows, the filter
# form's categories and departments, the page of rows.
QUEUE_PAGES = {
    # (page, reader): rows at SMALL, rows at LARGE, most queries allowed
    ("/staff/intake/", "clerk"): (SMALL, LARGE, 7),
    ("/staff/department/", "director"): (SMALL, LARGE, 7),
    # + the ids of the province's departments
    ("/staff/department/", "assistant"): (SMALL, LARGE, 8),
    ("/staff/mine/", "officer"): (SMALL, LARGE, 7),
    ("/staff/complaints/", "clerk"): (2 * SMALL, 25, 7),  # one page of 2 * LARGE
}
FILTERED_QUEUE_BOUND = 8  # + the department choice is checked against the database
# The officer's page checks his guardian permission on the complaint once
# (user and group tables): 2 of his 12 queries.
CASE_BOUNDS = {"clerk": 10, "officer": 12, "director": 11}


def count_queries(client, url):
    """Queries of one GET, after a first GET has warmed the process caches
    (content types, permissions) so both sizes are measured alike."""
    assert client.get(url).status_code == 200, url
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries), response


def rows_shown(response):
    return response.content.decode().count('<a class="tracking-code" href="/staff/complaints/')


class Desk:
    """The Wasit staff, each with a logged-in client of their own."""

    def __init__(self, staff, client_class):
        self.staff = staff
        self.clients = {}
        for name in ("clerk", "officer", "director", "assistant"):
            client = client_class()
            client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
            client.force_login(getattr(staff.was, name))
            self.clients[name] = client

    def __getitem__(self, name):
        return self.clients[name]


@pytest.fixture
def desk(staff, client):
    return Desk(staff, type(client))


def add_complaints(make_complaint, count):
    """``count`` new complaints waiting in intake and ``count`` assigned to
    the Wasit water officer, with districts so every row join is used."""
    districts = cycle(District.objects.filter(province__code="WAS"))
    for _ in range(count):
        make_complaint(Status.SUBMITTED, district=next(districts), address="Kut, street 20")
        make_complaint(Status.ASSIGNED, district=next(districts))


def queue_counts(desk):
    counts, rows = {}, {}
    for url, name in QUEUE_PAGES:
        counts[url, name], response = count_queries(desk[name], url)
        rows[url, name] = rows_shown(response)
    return counts, rows


def test_queue_pages_run_the_same_queries_for_few_and_many_rows(desk, make_complaint):
    add_complaints(make_complaint, SMALL)
    small, small_rows = queue_counts(desk)
    add_complaints(make_complaint, LARGE - SMALL)
    large, large_rows = queue_counts(desk)

    # The measurement means something only if the pages really grew.
    assert small_rows == {page: sizes[0] for page, sizes in QUEUE_PAGES.items()}
    assert large_rows == {page: sizes[1] for page, sizes in QUEUE_PAGES.items()}
    assert small == large
    for page, (_small_rows, _large_rows, bound) in QUEUE_PAGES.items():
        assert large[page] <= bound, (page, large[page])


def test_a_filtered_queue_runs_the_same_queries(desk, make_complaint, staff):
    url = f"/staff/complaints/?status=assigned&department={staff.was.water.pk}&q=pipe&priority=high"
    add_complaints(make_complaint, SMALL)
    small, response = count_queries(desk["clerk"], url)
    assert rows_shown(response) == SMALL
    add_complaints(make_complaint, LARGE - SMALL)
    large, response = count_queries(desk["clerk"], url)
    assert rows_shown(response) == LARGE

    assert small == large
    assert large <= FILTERED_QUEUE_BOUND


def worked_complaint(make_complaint, staff, size):
    """An in-progress complaint with ``size`` internal notes, public updates
    and files, written by several people: about 3 * size + 4 ledger events."""
    was = staff.was
    complaint = make_complaint(Status.IN_PROGRESS)
    writers = cycle([was.clerk, was.officer, was.director, was.officer2])
    for number in range(size):
        complaints.add_note(complaint, actor=next(writers), body=f"Internal note number {number}")
        complaints.post_update(complaint, actor=was.director, body=f"Public update number {number}")
        complaints.attach(
            complaint, actor=next(writers), upload=SimpleUploadedFile(f"photo-{number}.png", PNG, "image/png")
        )
    return complaint


def case_counts(desk, complaint):
    url = f"/staff/complaints/{complaint.tracking_code}/"
    counts = {}
    for name in ("clerk", "officer", "director"):
        counts[name], response = count_queries(desk[name], url)
        text = response.content.decode()
        counts[name, "entries"] = text.count("<li>\n          <div><strong>")
        counts[name, "files"] = text.count(f"/staff/complaints/{complaint.tracking_code}/files/")
    return counts


def test_the_case_page_runs_the_same_queries_for_a_short_and_a_long_history(desk, make_complaint, staff):
    short = case_counts(desk, worked_complaint(make_complaint, staff, SMALL))
    long = case_counts(desk, worked_complaint(make_complaint, staff, LARGE))

    for name in ("clerk", "officer", "director"):
        assert short[name, "entries"] == 4 + 3 * SMALL
        assert long[name, "entries"] == 4 + 3 * LARGE
        assert short[name, "files"] == SMALL
        assert long[name, "files"] == LARGE
        assert short[name] == long[name], name
        assert long[name] <= CASE_BOUNDS[name], (name, long[name])
