"""Telling people what happened, after the change has committed.

The service calls ``after_commit``; once the transaction commits, a django-q2
task composes and sends the messages, so a slow SMS gateway never holds a
row lock and a rolled-back change never sends anything.
"""

import logging
import threading
from contextlib import contextmanager

from django.core.mail import send_mail
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from .sms import send_sms

logger = logging.getLogger(__name__)

CITIZEN_MESSAGES = {
    "submit": _(
        "Shafaf: your complaint %(code)s has been received. Keep your PIN to follow it."
    ),
    "reject": _("Shafaf: your complaint %(code)s was not accepted. The reason is on its page."),
    "refile": _(
        "Shafaf: your complaint %(code)s concerns %(province)s; it continues there as %(new_code)s, "
        "with the same PIN."
    ),
    "request_info": _("Shafaf: a question about your complaint %(code)s waits for your answer."),
    "resolve": _(
        "Shafaf: your complaint %(code)s has been resolved. Confirm or dispute it within 14 days."
    ),
    "update": _("Shafaf: there is news about your complaint %(code)s."),
}
# To the officer who has the complaint after the change.
ASSIGNEE_MESSAGES = {
    "assign": _("Complaint %(code)s has been assigned to you."),
    "reassign": _("Complaint %(code)s has been assigned to you."),
    "citizen_reply": _("The citizen has answered your question on complaint %(code)s; it is back in progress."),
    "dispute": _("The citizen disputes the resolution of complaint %(code)s; it is back with you."),
    "withdraw": _("The citizen has withdrawn complaint %(code)s; no more work is needed."),
}
# To the officer a reassignment or a transfer took the complaint from, so
# that nobody keeps working a case that is no longer his.
FORMER_ASSIGNEE_MESSAGE = _("Complaint %(code)s is no longer assigned to you.")
STAFF_LANGUAGES = ("ar", "en")


_local = threading.local()


@contextmanager
def muted():
    """Record history without telling anyone: loading demo data or importing
    complaints from the paper archive must not text citizens about the past."""
    _local.muted = getattr(_local, "muted", 0) + 1
    try:
        yield
    finally:
        _local.muted -= 1


def after_commit(complaint, action: str, *, former_assignee_id=None) -> None:
    if action not in CITIZEN_MESSAGES and action not in ASSIGNEE_MESSAGES and former_assignee_id is None:
        return
    if getattr(_local, "muted", 0):
        return
    complaint_id = complaint.pk
    transaction.on_commit(lambda: _enqueue(complaint_id, action, former_assignee_id))


def _enqueue(complaint_id, action, former_assignee_id):
    from django_q.tasks import async_task

    try:
        async_task("workflows.notifications.deliver", complaint_id, action, former_assignee_id)
    except Exception:
        # The change itself is committed; a broker outage only loses the message.
        logger.exception("could not queue the %s notification of complaint %s", action, complaint_id)


def _staff_text(message, context):
    """Staff read Arabic first, with the English beside it."""
    texts = []
    for language in STAFF_LANGUAGES:
        with translation.override(language):
            texts.append(str(message % context))
    return "\n\n".join(texts)


def _mail_staff(user, message, context):
    if user is None or not user.email:
        return 0
    send_mail(context["code"], _staff_text(message, context), None, [user.email])
    return 1


def deliver(complaint_id: int, action: str, former_assignee_id: int | None = None) -> int:
    """Send the messages for one committed change; returns how many went out."""
    from django.contrib.auth import get_user_model

    from cases.models import Complaint

    complaint = Complaint.objects.select_related("assignee", "transferred_to__province").get(pk=complaint_id)
    sent = 0
    context = {"code": complaint.tracking_code}
    if action == "reject" and complaint.transferred_to:
        action = "refile"
    if action in CITIZEN_MESSAGES and not complaint.is_anonymous:
        with translation.override(complaint.contact_language):
            if action == "refile":
                context["new_code"] = complaint.transferred_to.tracking_code
                context["province"] = complaint.transferred_to.province.name
            text = str(CITIZEN_MESSAGES[action] % context)
        if complaint.contact_phone:
            send_sms(complaint.contact_phone, text)
            sent += 1
        if complaint.contact_email:
            send_mail(complaint.tracking_code, text, None, [complaint.contact_email])
            sent += 1
    if action in ASSIGNEE_MESSAGES:
        sent += _mail_staff(complaint.assignee, ASSIGNEE_MESSAGES[action], context)
    if former_assignee_id is not None:
        former = get_user_model().objects.filter(pk=former_assignee_id).first()
        sent += _mail_staff(former, FORMER_ASSIGNEE_MESSAGE, context)
    return sent
