"""Helpers around allauth.mfa's authenticator app (TOTP): give a user one, compute a code.

Used by the demo (known secrets for the demo's admin accounts, local use only) and the tests.
"""

from __future__ import annotations

import time

from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value

#: Base32 secrets of the demo's admin accounts. Publicly known: for a local demo only, like
#: the demo passwords (load_demo refuses to run without DEBUG unless forced).
DEMO_TOTP_SECRETS = {
    "admin@kleve.de": "KLEVEDEMOADMINXXKLEVEDEMOADMIN23",
    "redaktion@kleve.de": "KLEVEDEMOREDAKTIONKLEVEDEMOREDAK",
}


def ensure_totp(user, secret: str) -> bool:
    """Give the user an authenticator app with this secret and recovery codes, unless they
    already have one. Returns whether one was created."""
    if Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        return False
    TOTP.activate(user, secret)
    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.RECOVERY_CODES).exists():
        RecoveryCodes.activate(user)
    return True


def totp_code(secret: str, at: float | None = None) -> str:
    """The code an authenticator app shows for this secret now (or at the given time)."""
    counter = int(time.time() if at is None else at) // mfa_settings.TOTP_PERIOD
    return format_hotp_value(hotp_value(secret, counter))


def seconds_left(at: float | None = None) -> int:
    """How long the current code stays valid."""
    now = int(time.time() if at is None else at)
    return mfa_settings.TOTP_PERIOD - now % mfa_settings.TOTP_PERIOD


def ensure_demo_totp(user) -> bool:
    """The demo's known authenticator secret for the demo admin accounts (no-op for others)."""
    secret = DEMO_TOTP_SECRETS.get(user.email.lower())
    return bool(secret) and ensure_totp(user, secret)
