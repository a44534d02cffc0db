"""Tracking codes and PINs: how a citizen without an account finds and
proves ownership of a complaint.

A PIN is 8 random digits. It is stored as a salted PBKDF2 hash, apart from
staff passwords so that its cost can be tuned on its own (a province files
thousands of complaints a day, each hashing once), and checked in constant
time. Unknown tracking codes cost the same as known ones.
"""

import secrets

from django.conf import settings
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import transaction

from .models import TrackingCounter

PIN_DIGITS = 8
_hasher = PBKDF2PasswordHasher()
_DUMMY_HASH = None


def new_pin() -> str:
    return "".join(secrets.choice("0123456789") for _ in range(PIN_DIGITS))


def hash_pin(pin: str) -> str:
    return _hasher.encode(pin, _hasher.salt(), iterations=settings.PIN_HASH_ITERATIONS)


def check_pin(pin: str, pin_hash: str | None) -> bool:
    """Constant-time check; pass ``pin_hash=None`` for an unknown code so the
    caller spends the same time either way."""
    global _DUMMY_HASH
    if not pin_hash:
        if _DUMMY_HASH is None:
            _DUMMY_HASH = hash_pin(new_pin())
        _hasher.verify(pin, _DUMMY_HASH)
        return False
    return _hasher.verify(str(pin), pin_hash)


def next_tracking_code(province, year: int) -> str:
    """``<PROVINCE>-<YEAR>-<6 digits>``, numbered per province and year."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("tracking codes are handed out inside the submission's transaction")
    TrackingCounter.objects.bulk_create(
        [TrackingCounter(province=province, year=year)], ignore_conflicts=True
    )
    counter = TrackingCounter.objects.select_for_update().get(province=province, year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return f"{province.code}-{year}-{counter.last:06d}"
