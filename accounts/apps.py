from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from .consent import remember_consent_at_login
        from .ratelimit import install_fail_open
        from .retention import cancel_inactivity_deletion

        install_fail_open()

        user_logged_in.connect(cancel_inactivity_deletion, dispatch_uid="accounts_retention_login")
        user_logged_in.connect(remember_consent_at_login, dispatch_uid="accounts_consent_login")
