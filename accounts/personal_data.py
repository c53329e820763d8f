""" "Meine Daten" (Art. 15 and 20 GDPR): everything the platform holds about one person.

``personal_data_of(user)`` returns the sections; ``export_personal_data(user)`` the same as one
JSON-ready dict (the download). accounts fills the account's own sections; the apps above it add
theirs through ``PERSONAL_DATA_HOOK`` (ideen: ideas, supports, follows, reports, blocks;
transparenz: the status trail of the user's ideas, notification settings; diskussion: comments;
barrierefreiheit: barrier reports sent from the user's verified addresses). Every section is one
or two queries, whatever the user wrote: the number of queries does not grow with the data.

Each section documents its keys (``fields``): the page shows them next to the values and the
JSON file carries them under ``"documentation"``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from .models import ConsentRecord

#: Wagtail hook: functions ``(user) -> list[DataSection]`` with the sections an app holds.
PERSONAL_DATA_HOOK = "personal_data_sections"

#: Wagtail hook: functions ``(user) -> int`` that count (with COUNT queries, loading nothing)
#: the rows an app's sections would hold; ``accounts.exports`` decides by the sum whether the
#: file is built in the background. Apps whose sections stay small (a few rows) need none.
PERSONAL_DATA_SIZE_HOOK = "personal_data_size"

#: Version of the export's layout; raised when keys change meaning.
EXPORT_FORMAT_VERSION = 1


@dataclass
class DataSection:
    """One kind of data: a key (in the JSON), a title, what the keys mean, and the rows."""

    key: str
    title: str
    description: str
    fields: dict[str, str]
    rows: list[dict] = field(default_factory=list)


def _account_sections(user) -> list[DataSection]:
    account = DataSection(
        key="account",
        title=str(_("Account")),
        description=str(_("Your account. The password is stored only as a check value.")),
        fields={
            "id": str(_("Number of the account")),
            "username": str(_("Internal user name (not shown publicly)")),
            "display_name": str(_("Display name, shown publicly next to your contributions")),
            "first_name": str(_("First name (only if the administration entered one)")),
            "last_name": str(_("Last name (only if the administration entered one)")),
            "email": str(_("Main e-mail address")),
            "date_joined": str(_("Registered at")),
            "last_login": str(_("Last sign-in")),
            "is_active": str(_("Account can be used")),
            "is_staff_member": str(_("Member of the administration's staff")),
        },
        rows=[
            {
                "id": user.pk,
                "username": user.username,
                "display_name": user.display_name,
                "first_name": user.first_name,
                "last_name": user.last_name,
                "email": user.email,
                "date_joined": user.date_joined,
                "last_login": user.last_login,
                "is_active": user.is_active,
                "is_staff_member": user.groups.filter(name="Mitarbeitende").exists(),
            }
        ],
    )
    emails = DataSection(
        key="email_addresses",
        title=str(_("E-mail addresses")),
        description=str(_("The addresses of your account and whether you confirmed them.")),
        fields={
            "email": str(_("E-mail address")),
            "verified": str(_("Confirmed")),
            "primary": str(_("Main address")),
        },
        rows=[
            {"email": a.email, "verified": a.verified, "primary": a.primary}
            for a in EmailAddress.objects.filter(user=user).order_by("-primary", "email")
        ],
    )
    factors = DataSection(
        key="second_factors",
        title=str(_("Second factors")),
        description=str(
            _("Authenticator apps, recovery codes and security keys; never their secrets.")
        ),
        fields={
            "type": str(_("Kind (totp, recovery_codes, webauthn)")),
            "created_at": str(_("Set up at")),
            "last_used_at": str(_("Last used at")),
        },
        rows=[
            {"type": a.type, "created_at": a.created_at, "last_used_at": a.last_used_at}
            for a in Authenticator.objects.filter(user=user).order_by("created_at", "pk")
        ],
    )
    consents = DataSection(
        key="consents",
        title=str(_("Consents")),
        description=str(
            _("When you agreed to which version of the privacy notice and netiquette.")
        ),
        fields={
            "document": str(_("Text (privacy, netiquette)")),
            "version": str(_("Version of the text")),
            "given_at": str(_("Agreed at")),
        },
        rows=[
            {"document": c.document, "version": c.version, "given_at": c.given_at}
            for c in ConsentRecord.objects.filter(user=user).order_by("given_at", "pk")
        ],
    )
    return [account, emails, factors, consents]


def personal_data_of(user) -> list[DataSection]:
    """All sections of data about the user, the account's first."""
    sections = _account_sections(user)
    for collect in hooks.get_hooks(PERSONAL_DATA_HOOK):
        sections.extend(collect(user))
    return sections


def personal_data_size(user) -> int:
    """How many rows "Meine Daten" would hold, counted without loading them."""
    size = (
        1  # the account
        + EmailAddress.objects.filter(user=user).count()
        + Authenticator.objects.filter(user=user).count()
        + ConsentRecord.objects.filter(user=user).count()
    )
    for count in hooks.get_hooks(PERSONAL_DATA_SIZE_HOOK):
        size += count(user)
    return size


def _plain(value):
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return value


def export_personal_data(user) -> dict:
    """The download: every section's rows under its key, plus what each key means."""
    sections = personal_data_of(user)
    data = {
        "format": "beteiligung-kleve-personal-data",
        "format_version": EXPORT_FORMAT_VERSION,
        "generated_at": timezone.now().isoformat(),
    }
    for section in sections:
        data[section.key] = [{k: _plain(v) for k, v in row.items()} for row in section.rows]
    data["documentation"] = {
        section.key: {
            "title": section.title,
            "description": section.description,
            "keys": section.fields,
        }
        for section in sections
    }
    return data
