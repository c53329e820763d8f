"""Test runs: fast hashing, in-memory e-mail, SQLite unless DATABASE_URL says otherwise."""

import tempfile

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-insecure-key"
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WAGTAILADMIN_BASE_URL = "http://testserver"
# Background "Meine Daten" files of tests go to a temporary directory, never into the checkout.
PERSONAL_DATA_EXPORT_ROOT = Path(tempfile.gettempdir()) / "beteiligung-test-personal-data"  # noqa: F405

# "Beteiligung anregen": as in development, so that the demo reaches it (production: 25).
VORHABEN_PARTICIPATION_THRESHOLD = 5
