"""Object permissions on complaints (django-guardian): granted to the
assignee when a complaint is assigned, withdrawn when it leaves them."""

from guardian.shortcuts import assign_perm, remove_perm

from .rules import WORK_PERMISSION


def grant_work(user, complaint):
    assign_perm(WORK_PERMISSION, user, complaint)


def withdraw_work(user, complaint):
    remove_perm(WORK_PERMISSION, user, complaint)
