from allauth.account.views import LogoutView as AllauthLogoutView
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from .forms import ProfileForm
from .participation import participation_of, project_list_url


@login_required
def profile(request):
    """Let a user change their display name."""
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your profile has been saved."))
        return redirect("accounts:profile")
    return render(request, "accounts/profile.html", {"form": form})


@login_required
def my_participation(request):
    """The user's own proposals, comments and follows on one page."""
    context = {
        "participation": participation_of(request.user, request),
        "projects_url": project_list_url(request),
    }
    return render(request, "accounts/my_participation.html", context)


class LogoutView(AllauthLogoutView):
    """allauth's logout, also at the admin's logout address (Wagtail's menu posts there)."""
