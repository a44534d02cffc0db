"""Object permissions on complaints (django-guardian): granted to the
assignee when a complaint is assigned, withdrawn when it leaves them."""

from guardian.shortcuts import assign_perm, remove_perm

from .rules import WORK_CACHE, WORK_PERMISSION


def grant_work(user, complaint):
    assign_perm(WORK_PERMISSION, user, complaint)
    complaint.__dict__.pop(WORK_CACHE, None)


def withdraw_work(user, complaint):
    remove_perm(WORK_PERMISSION, user, complaint)
    complaint.__dict__.pop(WORK_CACHE, None)
