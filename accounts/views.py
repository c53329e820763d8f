from allauth.account.decorators import reauthentication_required
from allauth.account.forms import LoginForm
from allauth.account.views import LoginView as AllauthLoginView
from allauth.account.views import LogoutView as AllauthLogoutView
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from .adapter import THROTTLE_CODES
from .consent import has_current_consent, record_consent, remember_consent
from .deletion import DeletionRefused, delete_account, deletion_refusal
from .exports import (
    ExportLinkExpired,
    ExportLinkInvalid,
    current_export,
    export_for_token,
    export_storage,
    needs_background,
    request_export,
)
from .forms import ConsentForm, DeleteAccountForm, ProfileForm
from .participation import participation_links, participation_of
from .personal_data import export_personal_data, personal_data_of
from .ratelimit import Refusal, allauth_retry_at


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
        **participation_links(request),
    }
    return render(request, "accounts/my_participation.html", context)


class LogoutView(AllauthLogoutView):
    """allauth's logout, also at the admin's logout address (Wagtail's menu posts there)."""


def _refusal_of(request) -> Refusal | None:
    """Why and until when this client's login attempts are refused, as far as we know."""
    refusal = getattr(request, "login_refusal", None)
    if refusal is None:
        retry_at = allauth_retry_at(request, "login_failed") or allauth_retry_at(request, "login")
        refusal = Refusal(reason="address", retry_at=retry_at) if retry_at else None
    return refusal


class LoginView(AllauthLoginView):
    """allauth's login; a refused attempt is answered with 429, the e-mail address kept."""

    def form_invalid(self, form):
        response = super().form_invalid(form)
        if any(form.has_error("__all__", code) for code in THROTTLE_CODES):
            response.status_code = 429
            refusal = _refusal_of(self.request)
            if refusal:
                response["Retry-After"] = str(refusal.seconds)
        return response


def too_many_requests(request, exception=None) -> HttpResponse:
    """The 429 page of allauth's limits: when to try again; a login keeps its e-mail address."""
    context = {"refusal": _refusal_of(request) if request.method == "POST" else None}
    if request.method == "POST" and request.path == reverse("account_login"):
        email = request.POST.get("login", "")[:254]
        context["login_form"] = LoginForm(initial={"login": email}, request=request)
        context["redirect_field_value"] = request.POST.get("next", "")
    response = render(request, "429.html", context, status=429)
    if context["refusal"]:
        response["Retry-After"] = str(context["refusal"].seconds)
    return response


@login_required
@reauthentication_required
def my_data(request):
    """ "Meine Daten": everything the platform holds about the user, readable on one page."""
    sections = personal_data_of(request.user)
    context = {
        "sections": sections,
        "background": needs_background(request.user),
        "export": current_export(request.user),
    }
    return render(request, "accounts/my_data.html", context)


@login_required
@reauthentication_required
def my_data_download(request):
    """The same as "Meine Daten" as a JSON file (Art. 20 GDPR).

    For a person with much data the file is built in the background (accounts.exports) and
    the link comes by e-mail; the response then holds no data, only a redirect to the page.
    """
    if needs_background(request.user):
        if request.method != "POST":
            return redirect("accounts:my_data")
        request_export(request.user)
        messages.success(
            request,
            _(
                "Your data is being prepared. We will send you an e-mail with a link to the "
                "file when it is ready."
            ),
        )
        return redirect("accounts:my_data")
    data = export_personal_data(request.user)
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False, "indent": 2})
    day = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="meine-daten-{day}.json"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
@reauthentication_required
def my_data_export(request, token):
    """The file of a background export, through the signed link of the e-mail, for its owner."""
    try:
        export = export_for_token(token, request.user)
    except ExportLinkExpired:
        return render(request, "accounts/my_data_export_gone.html", {"expired": True}, status=410)
    except ExportLinkInvalid:
        return render(request, "accounts/my_data_export_gone.html", {"expired": False}, status=404)
    day = timezone.localdate(export.ready_at).isoformat()
    response = FileResponse(
        export_storage().open(export.file_name, "rb"),
        as_attachment=True,
        filename=f"meine-daten-{day}.json",
        content_type="application/json",
    )
    response["Cache-Control"] = "no-store"
    return response


@login_required
@reauthentication_required
def delete_account_view(request):
    """ "Konto löschen": what goes and what stays, a confirmation, then the deletion."""
    form = DeleteAccountForm(request.POST if request.method == "POST" else None)
    refusal = deletion_refusal(request.user)
    if request.method == "POST" and form.is_valid() and not refusal:
        try:
            delete_account(request.user)
        except DeletionRefused as error:
            refusal = error.message
        else:
            logout(request)
            return redirect("accounts:deleted")
    context = {"form": form, "refusal": refusal}
    status = 409 if refusal and request.method == "POST" else 200
    return render(request, "accounts/delete_account.html", context, status=status)


def account_deleted(request):
    """Shown once the account is gone."""
    return render(request, "accounts/account_deleted.html")


@login_required
def consent(request):
    """Agree to the current privacy notice and netiquette (after they changed)."""
    next_url = request.POST.get("next") or request.GET.get("next") or "/"
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = "/"
    if has_current_consent(request.user) and request.method == "GET":
        remember_consent(request)
        return redirect(next_url)
    form = ConsentForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        record_consent(request.user)
        remember_consent(request)
        return redirect(next_url)
    context = {"form": form, "next": next_url}
    return render(request, "accounts/consent.html", context)
