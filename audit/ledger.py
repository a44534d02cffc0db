"""Appending to the ledger, and the event format an outside auditor re-hashes.

Format (also in docs/ledger.md)::

    hash = sha256_hex(prev_hash + canonical_json(body))

where ``prev_hash`` is the 64-character hex hash of the previous event of the
same chain (64 zeros for the first) and ``body`` is::

    {"chain", "seq", "at", "actor": {"kind", "id", "name", "role"},
     "action", "subject": {"kind", "id", "ref"}, "from", "to", "data"}

``at`` is UTC, ISO 8601 with microseconds; canonical JSON has sorted keys,
UTF-8 and no insignificant white space.
"""

import datetime
import hashlib
import json
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from .models import GENESIS_HASH, ActorKind, Chain, Event


@dataclass(frozen=True)
class ActorRef:
    """Who did it, frozen at the moment it was done."""

    kind: str
    id: int | None = None
    name: str = ""
    role: str = ""


SYSTEM = ActorRef(kind=ActorKind.SYSTEM, name="system", role="system")


@dataclass(frozen=True)
class SubjectRef:
    kind: str
    id: str
    ref: str = ""


def _plain(value):
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime.datetime):
        return value.astimezone(datetime.UTC).isoformat(timespec="microseconds")
    if isinstance(value, (datetime.date, datetime.time)):
        return value.isoformat()
    if isinstance(value, (set, frozenset)):
        return sorted(value)
    raise TypeError(f"{type(value).__name__} cannot go into the ledger")


def canonical_json(value) -> str:
    return json.dumps(
        value, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=_plain
    )


def _timestamp(at: datetime.datetime) -> str:
    return at.astimezone(datetime.UTC).isoformat(timespec="microseconds")


def event_body(event: Event) -> dict:
    return {
        "chain": event.chain,
        "seq": event.seq,
        "at": _timestamp(event.at),
        "actor": {
            "kind": event.actor_kind,
            "id": event.actor_id,
            "name": event.actor_name,
            "role": event.actor_role,
        },
        "action": event.action,
        "subject": {"kind": event.subject_kind, "id": event.subject_id, "ref": event.subject_ref},
        "from": event.from_state,
        "to": event.to_state,
        "data": event.data,
    }


def compute_hash(prev_hash: str, body: dict) -> str:
    return hashlib.sha256((prev_hash + canonical_json(body)).encode("utf-8")).hexdigest()


def append(
    *,
    chain: str,
    actor: ActorRef,
    action: str,
    subject: SubjectRef,
    from_state: str = "",
    to_state: str = "",
    data: dict | None = None,
) -> Event:
    """Append one event to ``chain`` inside the caller's transaction.

    Must run inside the transaction that makes the change it records, so
    that the change and its event commit or roll back together.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("ledger.append must run inside the transaction of the change it records")
    head = Chain.objects.select_for_update().filter(key=chain).first()
    if head is None:
        # First event of a new chain: two writers may race to create the head.
        Chain.objects.bulk_create([Chain(key=chain)], ignore_conflicts=True)
        head = Chain.objects.select_for_update().get(key=chain)
    event = Event(
        chain=chain,
        seq=head.last_seq + 1,
        # Stored values keep microseconds on every backend, so the hash can be
        # recomputed from the row exactly.
        at=timezone.now(),
        actor_kind=actor.kind,
        actor_id=actor.id,
        actor_name=actor.name,
        actor_role=actor.role,
        action=action,
        subject_kind=subject.kind,
        subject_id=str(subject.id),
        subject_ref=subject.ref,
        from_state=from_state or "",
        to_state=to_state or "",
        # Round-trip through canonical JSON now so what is hashed is exactly
        # what the JSON column gives back (decimals and dates become strings).
        data=json.loads(canonical_json(data or {})),
        prev_hash=head.last_hash or GENESIS_HASH,
    )
    event.hash = compute_hash(event.prev_hash, event_body(event))
    event.save(force_insert=True)
    head.last_seq = event.seq
    head.last_hash = event.hash
    head.save(update_fields=["last_seq", "last_hash"])
    return event
