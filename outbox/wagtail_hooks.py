"""Wagtail admin "E-Mail-Zustellung": waiting and failed e-mails, and sending them again.

The rows hold personal data (addresses and texts): only administrators see them, or groups
given the permission "Can view outgoing e-mail" (and "Can send an e-mail again").
Nobody writes or edits an e-mail here.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic.base import ContextMixin, TemplateResponseMixin
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.ui.tables import Column, DateColumn, StatusTagColumn
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.models import IndexView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from . import services
from .models import OutgoingMail


class OutgoingMailPermissionPolicy(ModelPermissionPolicy):
    """View, delete and resend by model permission; adding or editing e-mails by nobody."""

    def user_has_permission(self, user, action):
        if action in {"add", "change"}:
            return False
        return super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


register_permission_policy(OutgoingMail, OutgoingMailPermissionPolicy(OutgoingMail))


class OutgoingMailIndexView(IndexView):
    """The listing, filtered by state with plain links (``?state=failed``): works without
    JavaScript and adds no second search landmark to the admin page."""

    template_name = "outbox/admin/index.html"

    def get_page_title(self):
        return _("E-mail delivery")

    @property
    def state(self) -> str:
        state = self.request.GET.get("state", "")
        return state if state in OutgoingMail.State.values else ""

    def get_base_queryset(self):
        queryset = super().get_base_queryset()
        return queryset.filter(state=self.state) if self.state else queryset

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        counts = dict(OutgoingMail.objects.values_list("state").annotate(n=Count("pk")).order_by())
        context["state_links"] = [
            {
                "label": _("all"),
                "url": self.index_url,
                "count": sum(counts.values()),
                "current": not self.state,
            },
            *(
                {
                    "label": label,
                    "url": f"{self.index_url}?{urlencode({'state': value})}",
                    "count": counts.get(value, 0),
                    "current": self.state == value,
                }
                for value, label in OutgoingMail.State.choices
            ),
        ]
        return context

    def get_list_more_buttons(self, instance):
        buttons = list(super().get_list_more_buttons(instance))
        if instance.can_resend and can_resend(self.request.user):
            buttons.insert(
                0,
                MenuItem(
                    _("Send again"),
                    url=resend_url(instance),
                    icon_name="mail",
                    priority=5,
                ),
            )
        return buttons


def can_resend(user) -> bool:
    return user.is_active and user.has_perm("outbox.resend_outgoingmail")


def resend_url(mail: OutgoingMail) -> str:
    return reverse("outgoing_mail:resend", args=[mail.pk])


class ResendColumn(Column):
    """A plain link to "send again" (the row's dropdown needs JavaScript, this does not)."""

    def get_value(self, instance):
        if not instance.can_resend:
            return ""
        return format_html(
            '<a href="{}">{}<span class="w-sr-only">: {}</span></a>',
            resend_url(instance),
            _("Send again"),
            instance.subject,
        )


class ResendView(WagtailAdminTemplateMixin, TemplateResponseMixin, ContextMixin, View):
    """Confirm, then queue a waiting or failed e-mail again with a fresh day of retries."""

    template_name = "outbox/admin/resend.html"
    header_icon = "mail"

    def dispatch(self, request, *args, **kwargs):
        if not can_resend(request.user):
            raise PermissionDenied
        self.mail = get_object_or_404(OutgoingMail, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return _("Send e-mail again")

    def get_page_subtitle(self):
        return self.mail.subject

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": outgoing_mail_viewset.menu_url, "label": _("E-mail delivery")},
            {"url": "", "label": self.get_page_title()},
        ]

    def get(self, request, *args, **kwargs):
        return self.render_to_response(
            self.get_context_data(mail=self.mail, index_url=outgoing_mail_viewset.menu_url)
        )

    def post(self, request, *args, **kwargs):
        if services.resend(self.mail):
            messages.success(
                request,
                _("The e-mail to %(to)s is being sent again.") % {"to": self.mail.recipients},
            )
        else:
            messages.warning(request, _("This e-mail has been sent already or is being sent."))
        return redirect(outgoing_mail_viewset.menu_url)


class OutgoingMailViewSet(ModelViewSet):
    model = OutgoingMail
    icon = "mail"
    menu_label = gettext_lazy("E-mail delivery")
    menu_order = 900
    add_to_admin_menu = True
    url_prefix = "e-mail-zustellung"
    name = "outgoing_mail"
    index_view_class = OutgoingMailIndexView
    inspect_view_enabled = True
    copy_view_enabled = False
    list_display = [
        "subject",
        Column("recipients", label=gettext_lazy("Recipients")),
        Column("kind", label=gettext_lazy("Kind"), sort_key="kind"),
        StatusTagColumn(
            "get_state_display",
            label=gettext_lazy("Delivery state"),
            sort_key="state",
            primary=lambda mail: mail.state == OutgoingMail.State.FAILED,
        ),
        Column("attempts", label=gettext_lazy("Attempts"), sort_key="attempts"),
        DateColumn(
            "next_attempt_at", label=gettext_lazy("Next attempt"), sort_key="next_attempt_at"
        ),
        Column("last_error", label=gettext_lazy("Last error")),
        DateColumn("created", label=gettext_lazy("Created"), sort_key="created"),
        ResendColumn("resend", label=gettext_lazy("Action")),
    ]
    inspect_view_fields = [
        "created",
        "kind",
        "state",
        "attempts",
        "queued_at",
        "next_attempt_at",
        "last_attempt_at",
        "last_error",
        "sent_at",
        "from_email",
        "to",
        "cc",
        "bcc",
        "reply_to",
        "subject",
        "body",
    ]
    form_fields = []  # never edited

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("<int:pk>/senden/", ResendView.as_view(), name="resend"),
        ]


outgoing_mail_viewset = OutgoingMailViewSet()


@hooks.register("register_admin_viewset")
def register_outgoing_mail_viewset():
    return outgoing_mail_viewset
