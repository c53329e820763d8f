"""Public views: notification settings (the decisions overview is built in ``listing``).

Every list goes through ``Idea.objects.visible_to``; open data and the feed are always built for
an anonymous reader, whoever asks, so internal ideas never leave the platform that way.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from .forms import NotificationPreferenceForm
from .models import NotificationPreference


@login_required
def notification_settings(request):
    """Turn the e-mails about decisions on or off."""
    preference = NotificationPreference.objects.filter(user=request.user).first()
    if preference is None:
        preference = NotificationPreference(user=request.user)
    # An unticked checkbox sends an empty POST: bind on the method, not on the data.
    data = request.POST if request.method == "POST" else None
    form = NotificationPreferenceForm(data, instance=preference)
    if request.method == "POST" and form.is_valid():
        form.save()
        if form.cleaned_data["status_emails"]:
            messages.success(request, _("We will e-mail you when the state of an idea changes."))
        else:
            messages.success(
                request, _("You will no longer receive e-mails about decisions on ideas.")
            )
        return redirect("transparenz:notifications")
    return render(request, "transparenz/notification_settings.html", {"form": form})
