""" "Meine Daten" for people with much data: built in the background, e-mailed as a signed link.

``needs_background(user)`` says whether the person holds more than
``PERSONAL_DATA_EXPORT_THRESHOLD`` rows; then ``request_export(user)`` records a
``PersonalDataExport`` and queues ``build_export`` (a django-tasks task) after the commit. The
task writes the JSON file under a random name into private storage (``PERSONAL_DATA_EXPORT_ROOT``,
outside MEDIA_ROOT, served only by the signed-link view to the same signed-in person) and
e-mails the person through the outbox. The link is signed with a ``TimestampSigner`` and works
for ``PERSONAL_DATA_EXPORT_DAYS`` days; ``delete_expired_exports`` (retention) and
``delete_exports_of`` (account deletion) remove the files.
"""

from __future__ import annotations

import json
import secrets
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, Storage, storages
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from outbox.services import queue_mail

from .models import PersonalDataExport
from .personal_data import export_personal_data, personal_data_size

SIGNING_SALT = "accounts.personal-data-export"


class ExportLinkInvalid(Exception):
    """The link was changed, forged or belongs to no export."""


class ExportLinkExpired(Exception):
    """The link is genuine but older than ``PERSONAL_DATA_EXPORT_DAYS``."""


class PrivateStorage(FileSystemStorage):
    """Files without a public address: only a view that checks the person may read them."""

    def url(self, name):
        raise ValueError("Files in private storage have no public URL.")


def export_storage() -> Storage:
    """Where the files go: ``STORAGES["personal_data"]`` when configured (production with a
    bucket: a prefix of the private bucket, so web and worker share it), otherwise the directory
    ``PERSONAL_DATA_EXPORT_ROOT`` outside MEDIA_ROOT. Either way only ``my_data_export`` reads it.
    """
    if "personal_data" in settings.STORAGES:
        return storages["personal_data"]
    return PrivateStorage(location=settings.PERSONAL_DATA_EXPORT_ROOT)


def needs_background(user, size: int | None = None) -> bool:
    """Whether the user's data is large; ``size`` when the rows are already counted."""
    size = personal_data_size(user) if size is None else size
    return size > settings.PERSONAL_DATA_EXPORT_THRESHOLD


def current_export(user, now=None) -> PersonalDataExport | None:
    """The person's latest export, or None; its state reads "expired" once it is past."""
    export = PersonalDataExport.objects.filter(user=user).first()
    if export is not None and export.state == export.State.READY and export.is_expired(now):
        export.state = export.State.EXPIRED
    # A file still "being prepared" long after it was asked for was lost (a worker that died):
    # it counts as expired, so the person can ask again.
    stuck_after = timedelta(minutes=settings.PERSONAL_DATA_EXPORT_PENDING_MINUTES)
    if (
        export is not None
        and export.state == export.State.PENDING
        and export.created < (now or timezone.now()) - stuck_after
    ):
        export.state = export.State.EXPIRED
    return export


def request_export(user) -> PersonalDataExport:
    """Record an export and build it after the commit; a pending or valid one is reused."""
    existing = current_export(user)
    if existing is not None and existing.state in (existing.State.PENDING, existing.State.READY):
        return existing
    export = PersonalDataExport.objects.create(user=user)
    from .tasks import build_personal_data_export

    transaction.on_commit(lambda: build_personal_data_export.enqueue(export.pk))
    return export


def sign_export(export: PersonalDataExport) -> str:
    return signing.TimestampSigner(salt=SIGNING_SALT).sign(str(export.pk))


def export_url(export: PersonalDataExport) -> str:
    path = reverse("accounts:my_data_export", args=[sign_export(export)])
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def export_for_token(token: str, user) -> PersonalDataExport:
    """The ready export the token names; raises for a forged, expired or foreign link.

    Another person's export is reported as invalid, the same as one that does not exist.
    """
    signer = signing.TimestampSigner(salt=SIGNING_SALT)
    max_age = timedelta(days=settings.PERSONAL_DATA_EXPORT_DAYS)
    try:
        pk = signer.unsign(token, max_age=max_age)
    except signing.SignatureExpired as error:
        raise ExportLinkExpired from error
    except signing.BadSignature as error:
        raise ExportLinkInvalid from error
    export = PersonalDataExport.objects.filter(pk=pk, user=user).first()
    if export is None or export.state == export.State.PENDING or not export.file_name:
        raise ExportLinkInvalid
    if export.is_expired() or not export_storage().exists(export.file_name):
        raise ExportLinkExpired
    return export


def build_export(pk: int) -> str | None:
    """Write the file of one export and e-mail its link (the body of the task)."""
    export = PersonalDataExport.objects.select_related("user").filter(pk=pk).first()
    if export is None or export.state != export.State.PENDING:
        return None
    user = export.user
    content = json.dumps(
        export_personal_data(user), cls=DjangoJSONEncoder, ensure_ascii=False, indent=2
    )
    name = export_storage().save(
        f"meine-daten-{secrets.token_urlsafe(24)}.json", ContentFile(content.encode())
    )
    now = timezone.now()
    export.file_name = name
    export.ready_at = now
    export.expires_at = now + timedelta(days=settings.PERSONAL_DATA_EXPORT_DAYS)
    export.state = export.State.READY
    export.save(update_fields=["file_name", "ready_at", "expires_at", "state"])
    if user.email:
        context = {
            "user": user,
            "url": export_url(export),
            "expires_at": timezone.localtime(export.expires_at),
        }
        with translation.override(settings.LANGUAGE_CODE):
            subject = render_to_string("accounts/email/personal_data_ready_subject.txt", context)
            body = render_to_string("accounts/email/personal_data_ready.txt", context)
        queue_mail(" ".join(subject.split()), body, [user.email], kind="personal_data_export")
    return name


def _delete_file(export: PersonalDataExport) -> None:
    if export.file_name:
        export_storage().delete(export.file_name)


def delete_expired_exports(now=None) -> int:
    """Delete the files of expired exports and mark them expired (a retention rule)."""
    now = now or timezone.now()
    expired = PersonalDataExport.objects.filter(expires_at__lte=now).exclude(
        state=PersonalDataExport.State.EXPIRED
    )
    count = 0
    for export in expired:
        _delete_file(export)
        export.state = export.State.EXPIRED
        export.file_name = ""
        export.save(update_fields=["state", "file_name"])
        count += 1
    return count


def delete_exports_of(user) -> int:
    """Delete every export row of the user, and their files once the deletion is committed."""
    names = [
        name
        for name in PersonalDataExport.objects.filter(user=user).values_list("file_name", flat=True)
        if name
    ]
    count, _ = PersonalDataExport.objects.filter(user=user).delete()

    def delete_files():
        storage = export_storage()
        for name in names:
            storage.delete(name)

    transaction.on_commit(delete_files)
    return count
