"""Checking and storing uploaded files. The type is read from the file's
first bytes, never from the name or the browser's claim.

Every upload of a request is checked before any is stored, so a refused
batch leaves no file behind. A file is written inside the transaction that
records it, because a file written after the commit could be lost while its
row survives; the price is that a transaction rolled back after the write
leaves a file no row lists, which ``prune_orphans`` removes."""

import datetime
import hashlib
import secrets
from collections.abc import Iterator
from dataclasses import dataclass

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.models import ATTACHMENT_TOP, Attachment
from permissions.actors import Citizen, profile_of

from .errors import InvalidInput

_SIGNATURES = (
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"%PDF-", "application/pdf"),
)


def sniff_content_type(head: bytes) -> str | None:
    for signature, content_type in _SIGNATURES:
        if head.startswith(signature):
            return content_type
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    return None


@dataclass(frozen=True)
class CheckedUpload:
    name: str
    content: bytes
    content_type: str
    sha256: str


def check_upload(upload, *, field="attachments") -> CheckedUpload:
    if upload.size > settings.ATTACHMENT_MAX_BYTES:
        raise InvalidInput(
            _("%(name)s is too large: at most %(limit)s.")
            % {"name": upload.name, "limit": filesizeformat(settings.ATTACHMENT_MAX_BYTES)},
            field=field,
        )
    content = b"".join(upload.chunks())
    content_type = sniff_content_type(content[:16])
    if content_type not in settings.ATTACHMENT_CONTENT_TYPES:
        raise InvalidInput(
            _("%(name)s is not a photo (JPEG, PNG, WebP) or a PDF.") % {"name": upload.name},
            field=field,
        )
    return CheckedUpload(
        name=upload.name[-255:],
        content=content,
        content_type=content_type,
        sha256=hashlib.sha256(content).hexdigest(),
    )


def store(complaint, checked: CheckedUpload, *, actor, now) -> Attachment:
    """Store one checked upload for ``complaint`` inside the caller's
    transaction; the caller records the ledger event."""
    attachment = Attachment(
        complaint=complaint,
        token=secrets.token_hex(16),
        original_name=checked.name,
        content_type=checked.content_type,
        size=len(checked.content),
        sha256=checked.sha256,
        uploaded_by=actor if profile_of(actor) else None,
        by_citizen=isinstance(actor, Citizen),
        created_at=now,
    )
    attachment.file.save(attachment.token, ContentFile(checked.content), save=False)
    attachment.save()
    return attachment


def copy_to(attachment, complaint) -> Attachment:
    """The same stored file, listed on another complaint (a refiled one)."""
    return Attachment.objects.create(
        complaint=complaint,
        token=secrets.token_hex(16),
        file=attachment.file.name,
        original_name=attachment.original_name,
        content_type=attachment.content_type,
        size=attachment.size,
        sha256=attachment.sha256,
        uploaded_by=attachment.uploaded_by,
        by_citizen=attachment.by_citizen,
        created_at=attachment.created_at,
    )


def stored_files(top=ATTACHMENT_TOP) -> Iterator[list[str]]:
    """The storage paths of the attachment files, one list per directory
    under ``top`` (one complaint's files), so callers can query per batch."""
    if not default_storage.exists(top):
        return
    directories, files = default_storage.listdir(top)
    if files:
        yield [f"{top}/{name}" for name in files]
    for directory in directories:
        yield from stored_files(f"{top}/{directory}")


def orphans(*, older_than: datetime.timedelta) -> Iterator[str]:
    """Stored files that no attachment lists and that are older than
    ``older_than``; younger ones may belong to a transaction still open."""
    cutoff = timezone.now() - older_than
    for names in stored_files():
        listed = set(Attachment.objects.filter(file__in=names).values_list("file", flat=True))
        for name in names:
            if name not in listed and default_storage.get_modified_time(name) < cutoff:
                yield name


def prune_orphans(*, older_than: datetime.timedelta, dry_run=False) -> list[str]:
    """Delete the orphaned files; returns their names."""
    found = list(orphans(older_than=older_than))
    if not dry_run:
        for name in found:
            default_storage.delete(name)
    return found
