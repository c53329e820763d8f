"""Wagtail admin: editors add or remove staff ("Mitarbeitende") by hand.

A narrow view instead of Wagtail's user editor: that one would also let editors change
passwords, e-mail addresses and the administrator flag of any account.
"""

from __future__ import annotations

from allauth.account.models import EmailAddress
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.base import ViewSet

from . import staff
from .models import StaffAccessOverride

PERMISSION = "ideen.manage_staff"


def _label(user) -> str:
    return f"{user.display_name} <{user.email}>" if user.display_name else user.email


class AddStaffForm(forms.Form):
    email = forms.EmailField(
        label=gettext_lazy("E-mail address of the account"),
        help_text=gettext_lazy("The person must already have an account on the platform."),
    )

    def clean_email(self):
        email = self.cleaned_data["email"]
        address = EmailAddress.objects.filter(email__iexact=email).select_related("user").first()
        user = address.user if address else None
        if user is None:
            user = get_user_model().objects.filter(email__iexact=email).first()
        if user is None:
            raise forms.ValidationError(_("There is no account with this e-mail address."))
        self.user = user
        return email


class StaffMembersView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "ideen/admin/staff_members.html"
    page_title = gettext_lazy("Staff of the idea platform")
    header_icon = "group"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(PERMISSION):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get_context_data(self, form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.get("q", "").strip()[:100]
        members = (
            get_user_model()
            .objects.filter(groups__name=staff.STAFF_GROUP)
            .select_related("staff_access_override")
            .order_by("display_name", "email")
        )
        if query:
            members = members.filter(Q(email__icontains=query) | Q(display_name__icontains=query))
        context.update(
            {
                "form": form or AddStaffForm(),
                "query": query,
                "members": Paginator(members, 50).get_page(self.request.GET.get("p")),
                "revoked": StaffAccessOverride.objects.filter(
                    decision=StaffAccessOverride.Decision.REVOKED
                ).select_related("user", "decided_by"),
                "domains": ", ".join(settings.STAFF_EMAIL_DOMAINS),
            }
        )
        return context

    def post(self, request, *args, **kwargs):
        action = request.POST.get("action")
        if action == "add":
            form = AddStaffForm(request.POST)
            if not form.is_valid():
                return self.render_to_response(self.get_context_data(form=form))
            staff.decide_by_hand(form.user, member=True, decided_by=request.user)
            messages.success(request, _("%(name)s is now staff.") % {"name": _label(form.user)})
        elif action in ("remove", "reset"):
            user = get_object_or_404(get_user_model(), pk=request.POST.get("user"))
            label = _label(user)
            if action == "remove":
                staff.decide_by_hand(user, member=False, decided_by=request.user)
                messages.success(request, _("%(name)s is no longer staff.") % {"name": label})
            else:
                member = staff.reset_to_automatic(user)
                messages.success(
                    request,
                    (
                        _("%(name)s is staff again because of their e-mail address.")
                        if member
                        else _("%(name)s follows the e-mail rule again and is not staff.")
                    )
                    % {"name": label},
                )
        return redirect(reverse("ideen_staff:index"))


class StaffMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(PERMISSION)


class StaffMembersViewSet(ViewSet):
    name = "ideen_staff"
    url_prefix = "ideen/mitarbeitende"
    icon = "group"
    menu_label = gettext_lazy("Staff")
    menu_item_class = StaffMenuItem

    def get_urlpatterns(self):
        return [path("", StaffMembersView.as_view(), name="index")]
