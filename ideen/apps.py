from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IdeenConfig(AppConfig):
    name = "ideen"
    verbose_name = _("Idea platform")

    def ready(self):
        from allauth.account import signals as allauth_signals
        from allauth.account.models import EmailAddress
        from django.contrib.auth import get_user_model
        from django.contrib.auth.signals import user_logged_in
        from django.db.models.signals import m2m_changed, post_delete, post_save
        from wagtail.models import PageViewRestriction

        from home import citizen_pages, pagecache

        from . import listing, services, staff
        from .models import restore_view_restriction
        from .templatetags import ideen_tags

        # An idea page shared by citizens is not for its author, supporters and followers.
        citizen_pages.register("ideen.idea", services.idea_marks)
        # After a support, kept pages get the new number instead of being rendered again.
        pagecache.register_support_numbers(services.support_numbers, ideen_tags.support_count_label)
        pagecache.read_query_params(*listing.QUERY_PARAMS)

        # Staff membership follows verified addresses at the staff domains (see ideen.staff).
        allauth_signals.email_confirmed.connect(staff.on_email_confirmed, dispatch_uid="ideen_ec")
        allauth_signals.email_changed.connect(staff.on_email_changed, dispatch_uid="ideen_ech")
        allauth_signals.email_removed.connect(staff.on_email_removed, dispatch_uid="ideen_er")
        # Django's signal: allauth logins and Wagtail admin logins both send it.
        user_logged_in.connect(staff.on_user_logged_in, dispatch_uid="ideen_login")
        post_save.connect(
            staff.on_email_address_saved, sender=EmailAddress, dispatch_uid="ideen_es"
        )
        post_delete.connect(
            staff.on_email_address_deleted, sender=EmailAddress, dispatch_uid="ideen_ed"
        )
        m2m_changed.connect(
            staff.on_groups_changed,
            sender=get_user_model().groups.through,
            dispatch_uid="ideen_groups",
        )
        # The internal platform never loses its group view restriction.
        post_delete.connect(
            restore_view_restriction,
            sender=PageViewRestriction,
            dispatch_uid="ideen_restore_view_restriction",
        )
