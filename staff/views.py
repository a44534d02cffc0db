"""The staff desk: queues, search, the case page and its actions.

Views read through selectors and scope, and write only by calling the
services in workflows/ (through staff.actions)."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cases import selectors
from permissions import scope
from permissions.actors import profile_of
from permissions.models import Role
from permissions.pages import HOME_PAGE, may_open
from workflows import complaints
from workflows.errors import InvalidInput, WorkflowError

from . import timeline
from .actions import ACTIONS
from .filters import ComplaintFilter
from .forms import RecordComplaintForm

PAGE_SIZE = 25
RECEIPT_KEY = "staff_receipt"


def staff_page(page):
    def decorator(view):
        @login_required
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not may_open(request.user, page):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


@login_required
def home(request):
    profile = profile_of(request.user)
    if profile is None or profile.role == Role.ADMIN:
        if request.user.is_staff:
            return redirect("admin:index")
        raise PermissionDenied
    return redirect(f"staff:{HOME_PAGE[profile.role]}")


def _queue(request, complaints_qs, *, title, page, intro=""):
    filterset = ComplaintFilter(request.GET or None, queryset=complaints_qs, user=request.user)
    paginator = Paginator(filterset.qs, PAGE_SIZE)
    page_obj = paginator.get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "staff/queue.html",
        {
            "title": title,
            "intro": intro,
            "page": page,
            "filter": filterset,
            "page_obj": page_obj,
            "querystring": query.urlencode(),
        },
    )


@staff_page("intake")
def intake(request):
    return _queue(
        request,
        selectors.intake_queue(scope.visible_complaints(request.user)),
        title=_("Intake queue"),
        intro=_("New complaints of the province, oldest first, waiting to be triaged."),
        page="intake",
    )


@staff_page("department")
def department(request):
    profile = profile_of(request.user)
    if profile.department_id:
        department_ids = [profile.department_id]
    else:
        department_ids = list(scope.visible_departments(request.user).values_list("pk", flat=True))
    return _queue(
        request,
        selectors.department_queue(scope.visible_complaints(request.user), department_ids),
        title=_("Department queue"),
        intro=_("Open complaints routed to the department, most escalated first."),
        page="department",
    )


@staff_page("mine")
def mine(request):
    return _queue(
        request,
        selectors.assigned_to(scope.visible_complaints(request.user), request.user),
        title=_("My cases"),
        intro=_("Complaints assigned to you that are open or waiting for the citizen's confirmation."),
        page="mine",
    )


@staff_page("search")
def search(request):
    return _queue(
        request,
        selectors.with_row_relations(scope.visible_complaints(request.user)),
        title=_("All complaints"),
        page="search",
    )


def _complaint_or_404(user, code):
    complaint = selectors.complaint_page(scope.visible_complaints(user), code.upper())
    if complaint is None:
        raise Http404(_("No complaint with this tracking code is within your reach."))
    return complaint


def _render_case(request, complaint, *, bound=None, contact=None, status=200):
    available = complaints.available_actions(complaint, request.user)
    action_forms = []
    for name, action in ACTIONS.items():
        if name not in available:
            continue
        if bound is not None and bound.prefix == name:
            form = bound
        else:
            form = action.form(complaint=complaint, user=request.user, prefix=name)
        action_forms.append((action, form))
    return render(
        request,
        "staff/case_detail.html",
        {
            "complaint": complaint,
            "timeline": timeline.build(complaint),
            "action_forms": action_forms,
            "can_reveal_contact": "contact" in available,
            "contact": contact,
            "transferred_from": selectors.transferred_from(complaint),
        },
        status=status,
    )


@staff_page("case")
def case_detail(request, code):
    return _render_case(request, _complaint_or_404(request.user, code))


@staff_page("case")
@require_POST
def case_action(request, code, action):
    complaint = _complaint_or_404(request.user, code)
    if action not in ACTIONS:
        raise Http404
    spec = ACTIONS[action]
    refused = complaints.refusal(complaint, request.user, action)
    if refused is not None:
        # A stale page or a hand-made request: give the service's reason
        # rather than a form the page no longer offers.
        messages.error(request, str(refused))
        return redirect("staff:case", code=complaint.tracking_code)
    form = spec.form(request.POST, request.FILES, complaint=complaint, user=request.user, prefix=action)
    if form.is_valid():
        try:
            spec.run(complaint, request.user, form.cleaned_data)
        except InvalidInput as error:
            form.add_error(error.field if error.field in form.fields else None, str(error))
        except WorkflowError as error:
            messages.error(request, str(error))
            return redirect("staff:case", code=complaint.tracking_code)
        else:
            messages.success(request, spec.done)
            return redirect("staff:case", code=complaint.tracking_code)
    messages.error(request, _("%(action)s was not done: see the form below.") % {"action": spec.label})
    return _render_case(request, complaint, bound=form, status=400)


@staff_page("case")
@require_POST
def reveal_contact(request, code):
    complaint = _complaint_or_404(request.user, code)
    try:
        contact = complaints.reveal_contact(complaint, actor=request.user)
    except WorkflowError as error:
        messages.error(request, str(error))
        return redirect("staff:case", code=complaint.tracking_code)
    return _render_case(request, complaint, contact=contact)


@staff_page("case")
def attachment(request, code, token):
    complaint = _complaint_or_404(request.user, code)
    found = next((a for a in complaint.attachments.all() if a.token == token), None)
    if found is None:
        raise Http404
    response = FileResponse(found.file.open("rb"), content_type=found.content_type, as_attachment=True,
                            filename=found.original_name)
    response["X-Content-Type-Options"] = "nosniff"
    return response


@staff_page("record")
def record(request):
    profile = profile_of(request.user)
    province = profile.province
    form = RecordComplaintForm(request.POST or None, request.FILES or None, province=province)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            complaint, pin = complaints.submit(actor=request.user, province=province, **data)
        except InvalidInput as error:
            form.add_error(error.field if error.field in form.fields else None, str(error))
        except WorkflowError as error:
            messages.error(request, str(error))
        else:
            # The PIN is stored only hashed. It waits in the session for the
            # one receipt page that shows it, so a refresh of that page files
            # nothing twice and the PIN never appears in a URL.
            request.session[RECEIPT_KEY] = {"code": complaint.tracking_code, "pin": pin}
            return redirect("staff:receipt")
    return render(
        request, "staff/record.html", {"form": form, "province": province},
        status=400 if request.method == "POST" else 200,
    )


@staff_page("record")
def receipt(request):
    shown = request.session.pop(RECEIPT_KEY, None)
    if shown is None:
        messages.info(request, _("A PIN is shown only once, on the receipt right after filing."))
        return redirect("staff:record")
    complaint = selectors.complaint_page(scope.visible_complaints(request.user), shown["code"])
    if complaint is None:
        raise Http404
    return render(request, "staff/receipt.html", {"complaint": complaint, "pin": shown["pin"]})
