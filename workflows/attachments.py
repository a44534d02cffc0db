"""Checking and storing uploaded files. The type is read from the file's
first bytes, never from the name or the browser's claim."""

import hashlib
import secrets

from django.conf import settings
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from cases.models import Attachment
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


def store_attachment(complaint, upload, *, actor, now) -> Attachment:
    """Validate and store one upload for ``complaint`` (inside the caller's
    transaction; the caller records the ledger event)."""
    if upload.size > settings.ATTACHMENT_MAX_BYTES:
        raise InvalidInput(
            _("%(name)s is too large: at most %(limit)s.")
            % {"name": upload.name, "limit": filesizeformat(settings.ATTACHMENT_MAX_BYTES)},
            field="attachments",
        )
    content = b"".join(upload.chunks())
    content_type = sniff_content_type(content[:16])
    if content_type not in settings.ATTACHMENT_CONTENT_TYPES:
        raise InvalidInput(
            _("%(name)s is not a photo (JPEG, PNG, WebP) or a PDF.") % {"name": upload.name},
            field="attachments",
        )
    attachment = Attachment(
        complaint=complaint,
        token=secrets.token_hex(16),
        original_name=upload.name[-255:],
        content_type=content_type,
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        uploaded_by=actor if profile_of(actor) else None,
        by_citizen=isinstance(actor, Citizen),
        created_at=now,
    )
    attachment.file.save(attachment.token, ContentFile(content), save=False)
    attachment.save()
    return attachment
