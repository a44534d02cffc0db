"""Admin changes to configuration are ledger events too.

The Django admin writes reference data (provinces, departments, categories)
and users through ModelAdmin.save_model; this mixin wraps that write and its
event in one transaction, so configuration cannot change without a trace.
"""

from django.contrib import admin
from django.db import models, transaction

from . import ledger
from .models import ActorKind

SECRET_FIELDS = frozenset({"password", "password1", "password2", "pin_hash"})


def reference_of(obj) -> str:
    """A stable public name for a row: its code when it has one."""
    for attribute in ("code", "tracking_code", "username", "name_en"):
        value = getattr(obj, attribute, "")
        if value:
            return str(value)[:64]
    return str(obj.pk)


def _value(obj, field):
    if field.is_relation:
        related = getattr(obj, field.name)
        return reference_of(related) if related is not None else None
    value = field.value_from_object(obj)
    if isinstance(value, models.fields.files.FieldFile):
        return value.name
    return value


def recorded_fields(obj, names=None):
    """``{name: value}`` of the concrete fields, with secrets left out.

    Many-to-many fields are not recorded: the admin saves them after
    save_model, and none of the configuration the admin edits has one
    (user groups follow staff positions, which have their own events)."""
    values = {}
    for field in obj._meta.get_fields():
        if not getattr(field, "concrete", False) or field.auto_created or field.many_to_many:
            continue
        if field.name in SECRET_FIELDS:
            continue
        if names is not None and field.name not in names:
            continue
        values[field.name] = _value(obj, field)
    return values


class LedgeredAdmin(admin.ModelAdmin):
    def ledger_chain(self, obj) -> str:
        """The chain that records changes of ``obj``; system-wide by default."""
        return "SYS"

    def ledger_actor(self, request) -> ledger.ActorRef:
        return ledger.ActorRef(
            kind=ActorKind.USER,
            id=request.user.pk,
            name=request.user.get_username(),
            # Only administrators and superusers reach the admin site.
            role="superuser" if request.user.is_superuser else "admin",
        )

    def record(self, request, obj, action, data):
        ledger.append(
            chain=self.ledger_chain(obj),
            actor=self.ledger_actor(request),
            action=action,
            subject=ledger.SubjectRef(kind=obj._meta.label_lower, id=str(obj.pk), ref=reference_of(obj)),
            data=data,
        )

    def save_model(self, request, obj, form, change):
        with transaction.atomic():
            if change:
                stored = type(obj)._default_manager.get(pk=obj.pk)
                before = recorded_fields(stored, form.changed_data)
            super().save_model(request, obj, form, change)
            if not change:
                fields = recorded_fields(obj)
                self.record(request, obj, "config.add", {"changes": {name: [None, v] for name, v in fields.items()}})
                return
            after = recorded_fields(obj, form.changed_data)
            changes = {name: [before[name], after[name]] for name in after if before[name] != after[name]}
            if changes:
                self.record(request, obj, "config.change", {"changes": changes})
