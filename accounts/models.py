from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

#: The one name shown wherever a deleted person's contributions appear (pages, threads,
#: exports, e-mails, admin); the privacy page promises this wording.
DELETED_ACCOUNT_NAME = _("Deleted account")


class User(AbstractUser):
    """A person with an account; shown in public only by their display name."""

    display_name = models.CharField(
        _("display name"),
        max_length=50,
        blank=True,
        help_text=_("Shown publicly next to your contributions. A pseudonym is fine."),
    )
    # Set by accounts.deletion: the row stays so contributions keep their author ("Gelöschtes
    # Konto") and the status trail keeps its rows untouched; every personal field is emptied.
    deleted_at = models.DateTimeField(_("deleted at"), null=True, blank=True, editable=False)
    # Retention of inactive accounts (accounts.retention): warnings sent and the announced day.
    inactivity_warnings = models.PositiveSmallIntegerField(
        _("inactivity warnings sent"), default=0, editable=False
    )
    deletion_due_at = models.DateTimeField(
        _("deletion for inactivity announced for"), null=True, blank=True, editable=False
    )

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.public_name

    def get_full_name(self) -> str:
        """Wagtail's admin names users by this; a deleted account by the one wording."""
        if self.deleted_at is not None:
            return str(DELETED_ACCOUNT_NAME)
        return super().get_full_name()

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    @property
    def public_name(self) -> str:
        """The name shown in public: the display name, never the e-mail address."""
        if self.deleted_at is not None:
            return str(DELETED_ACCOUNT_NAME)
        return self.display_name or str(_("Participant"))


class ConsentRecord(models.Model):
    """A person agreed to one of the legal texts in one version (sign-up, or asked again)."""

    class Document(models.TextChoices):
        PRIVACY = "privacy", _("Privacy notice")
        NETIQUETTE = "netiquette", _("Netiquette")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="consents",
    )
    document = models.CharField(_("document"), max_length=20, choices=Document.choices)
    version = models.CharField(_("version"), max_length=50)
    given_at = models.DateTimeField(_("given at"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["-given_at", "-pk"]
        indexes = [
            models.Index(fields=["user", "document", "version"], name="accounts_consent_lookup")
        ]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.document} {self.version}"


class PersonalDataExport(models.Model):
    """A "Meine Daten" file built in the background (accounts.exports) for a person with much data.

    The file lies in private storage (``PERSONAL_DATA_EXPORT_ROOT``, never served under
    MEDIA_URL) under a random name; only the signed link of the e-mail reaches it, for the same
    signed-in person, until ``expires_at``. Retention deletes the file after that.
    """

    class State(models.TextChoices):
        PENDING = "pending", _("being prepared")
        READY = "ready", _("ready")
        EXPIRED = "expired", _("expired")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="personal_data_exports",
        verbose_name=_("user"),
    )
    created = models.DateTimeField(_("requested at"), default=timezone.now)
    ready_at = models.DateTimeField(_("ready at"), null=True, blank=True)
    expires_at = models.DateTimeField(_("expires at"), null=True, blank=True)
    file_name = models.CharField(_("file name"), max_length=100, blank=True)
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.PENDING
    )

    class Meta:
        ordering = ["-created", "-pk"]
        verbose_name = _("personal data export")
        verbose_name_plural = _("personal data exports")

    def __str__(self) -> str:
        return f"{self.user_id} {self.created:%Y-%m-%d %H:%M} {self.state}"

    def is_expired(self, now=None) -> bool:
        now = now or timezone.now()
        return self.state == self.State.EXPIRED or (
            self.expires_at is not None and self.expires_at <= now
        )
