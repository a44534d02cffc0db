"""The ledger: one append-only, hash-chained sequence of events per chain.

A chain is keyed by a short string (a province code such as ``WAS``, or
``SYS`` for system-wide configuration), never by a foreign key: the ledger
must outlive and never cascade from the rows it describes, and this app
imports nothing of ours.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

GENESIS_HASH = "0" * 64


class Chain(models.Model):
    """The head of one chain; its row lock serialises appends to that chain."""

    key = models.CharField(_("chain"), max_length=16, primary_key=True)
    last_seq = models.PositiveBigIntegerField(_("last sequence number"), default=0)
    last_hash = models.CharField(_("last hash"), max_length=64, default=GENESIS_HASH)

    class Meta:
        verbose_name = _("ledger chain")
        verbose_name_plural = _("ledger chains")

    def __str__(self):
        return f"{self.key} #{self.last_seq}"


class ActorKind(models.TextChoices):
    USER = "user", _("Staff member")
    CITIZEN = "citizen", _("Citizen")
    SYSTEM = "system", _("System")


class Event(models.Model):
    chain = models.CharField(_("chain"), max_length=16)
    seq = models.PositiveBigIntegerField(_("sequence number"))
    at = models.DateTimeField(_("time"))
    actor_kind = models.CharField(_("actor kind"), max_length=8, choices=ActorKind.choices)
    # A plain integer, not a foreign key: deleting or renaming a user must not
    # touch history. actor_name and actor_role are the values at that moment.
    actor_id = models.BigIntegerField(_("actor id"), null=True, blank=True)
    actor_name = models.CharField(_("actor"), max_length=150, blank=True)
    actor_role = models.CharField(_("role"), max_length=32, blank=True)
    action = models.CharField(_("action"), max_length=48)
    subject_kind = models.CharField(_("subject kind"), max_length=32)
    subject_id = models.CharField(_("subject id"), max_length=64)
    subject_ref = models.CharField(_("subject reference"), max_length=64, blank=True)
    from_state = models.CharField(_("from state"), max_length=32, blank=True)
    to_state = models.CharField(_("to state"), max_length=32, blank=True)
    data = models.JSONField(_("data"), default=dict, blank=True)
    prev_hash = models.CharField(_("previous hash"), max_length=64)
    hash = models.CharField(_("hash"), max_length=64, unique=True)

    class Meta:
        verbose_name = _("ledger event")
        verbose_name_plural = _("ledger events")
        ordering = ["chain", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["chain", "seq"], name="audit_event_chain_seq_unique"),
        ]
        indexes = [
            models.Index(fields=["subject_kind", "subject_id", "seq"], name="audit_event_subject"),
            models.Index(fields=["actor_id", "at"], name="audit_event_actor"),
        ]

    def __str__(self):
        return f"{self.chain}#{self.seq} {self.action} {self.subject_ref or self.subject_id}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValueError("ledger events are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("ledger events are append-only")
