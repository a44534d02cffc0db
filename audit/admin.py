"""Admin changes to configuration are ledger events too.

The Django admin writes reference data (provinces, departments, categories)
through ModelAdmin.save_model; this mixin wraps that write and its event in
one transaction, so configuration cannot change without leaving a trace.
"""

from django.contrib import admin
from django.db import models, transaction

from . import ledger
from .models import ActorKind

SECRET_FIELDS = frozenset({"password", "password1", "password2", "pin_hash"})


def _plain(value):
    if isinstance(value, models.Model):
        return str(value.pk)
    if isinstance(value, (models.QuerySet, list, tuple, set)):
        return sorted(_plain(item) for item in value)
    if hasattr(value, "name") and hasattr(value, "size"):  # uploaded file
        return value.name
    return value


class LedgeredAdmin(admin.ModelAdmin):
    def ledger_chain(self, obj) -> str:
        """The chain that records changes of ``obj``; system-wide by default."""
        return "SYS"

    def save_model(self, request, obj, form, change):
        fields = [name for name in form.changed_data if name not in SECRET_FIELDS]
        changes = {
            name: [_plain(form.initial.get(name)) if change else None, _plain(form.cleaned_data.get(name))]
            for name in fields
        }
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            if change and not changes:
                return
            ledger.append(
                chain=self.ledger_chain(obj),
                actor=ledger.ActorRef(
                    kind=ActorKind.USER,
                    id=request.user.pk,
                    name=request.user.get_username(),
                    # Only administrators (and superusers) reach the admin site.
                    role="admin",
                ),
                action="config.change" if change else "config.add",
                subject=ledger.SubjectRef(kind=obj._meta.label_lower, id=str(obj.pk), ref=str(obj)[:64]),
                data={"changes": changes},
            )
