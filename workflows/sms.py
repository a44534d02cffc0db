"""Text messages. Provinces contract different SMS gateways; each is a small
backend class named by the SMS_BACKEND setting."""

import logging
import sys

from django.conf import settings
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)


class ConsoleBackend:
    """Prints messages: the quick start and development."""

    def send(self, to: str, text: str) -> None:
        sys.stdout.write(f"SMS to {to}: {text}\n")
        sys.stdout.flush()


# Messages sent through LocmemBackend, for tests.
outbox: list[tuple[str, str]] = []


class LocmemBackend:
    def send(self, to: str, text: str) -> None:
        outbox.append((to, text))


def send_sms(to: str, text: str) -> None:
    import_string(settings.SMS_BACKEND)().send(to, text)
