"""The case page's actions: for each, the form that collects its input and
the service that performs it. Order is the order shown on the page."""

from dataclasses import dataclass
from typing import Callable

from django.utils.translation import gettext_lazy as _

from workflows import complaints

from . import forms


@dataclass(frozen=True)
class Action:
    name: str
    label: str
    form: type
    run: Callable
    done: str
    style: str = "primary"


def _run(service):
    def run(complaint, user, data):
        return service(complaint, actor=user, **data)

    return run


ACTIONS = {
    action.name: action
    for action in (
        Action("triage", _("Triage"), forms.TriageForm, _run(complaints.triage), _("Complaint triaged.")),
        Action("assign", _("Assign"), forms.AssignForm, _run(complaints.assign), _("Complaint assigned.")),
        Action("claim", _("Take this complaint"), forms.EmptyForm, _run(complaints.claim), _("The complaint is yours.")),
        Action("start", _("Start work"), forms.EmptyForm, _run(complaints.start), _("Work started.")),
        Action(
            "request_info",
            _("Ask the citizen"),
            forms.QuestionForm,
            _run(complaints.request_info),
            _("Question sent; the clock is paused until the citizen answers."),
            "secondary",
        ),
        Action(
            "citizen_reply",
            _("Record the citizen's answer"),
            forms.ReplyForm,
            _run(complaints.citizen_reply),
            _("Answer recorded; work resumes."),
        ),
        Action("resolve", _("Resolve"), forms.ResolveForm, _run(complaints.resolve), _("Complaint resolved."), "success"),
        Action(
            "reassign",
            _("Reassign"),
            forms.ReassignForm,
            _run(complaints.reassign),
            _("Complaint reassigned."),
            "secondary",
        ),
        Action(
            "transfer",
            _("Transfer to another department"),
            forms.TransferForm,
            _run(complaints.transfer),
            _("Complaint transferred."),
            "secondary",
        ),
        Action("reject", _("Reject"), forms.RejectForm, _run(complaints.reject), _("Complaint rejected."), "danger"),
        Action(
            "update",
            _("Public update"),
            forms.NoteForm,
            _run(complaints.post_update),
            _("Update published to the citizen."),
            "secondary",
        ),
        Action("note", _("Internal note"), forms.NoteForm, _run(complaints.add_note), _("Note added."), "secondary"),
        Action(
            "attach", _("Attach a file"), forms.AttachForm, _run(complaints.attach), _("File attached."), "secondary"
        ),
    )
}
