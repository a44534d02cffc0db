"""Test settings: the product's settings with fast hashing and inline tasks."""

import os

os.environ.setdefault("SECRET_KEY", "test-secret-key")
os.environ.setdefault("SECURE_COOKIES", "0")

from config.settings import *  # noqa: E402,F403
from config.settings import BASE_DIR, Q_CLUSTER  # noqa: E402

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
PIN_HASH_ITERATIONS = 1000
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
SMS_BACKEND = "workflows.sms.LocmemBackend"
MEDIA_ROOT = BASE_DIR / "var" / "test-media"
# django-q2 reads "sync" when it is imported: tasks run inline in tests.
Q_CLUSTER = {**Q_CLUSTER, "sync": True}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Static files come from the app directories, as under DEBUG; no collectstatic.
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
