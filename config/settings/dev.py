"""Local development: SQLite, console e-mail, debug pages."""

from .base import *  # noqa: F403

DEBUG = True
SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production"
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
# Passkeys on http://127.0.0.1:8000 (WebAuthn otherwise insists on https).
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = True

# "Beteiligung anregen": low enough for the demo's few people to reach it (production: 25).
VORHABEN_PARTICIPATION_THRESHOLD = 5
