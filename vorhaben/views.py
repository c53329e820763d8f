"""Citizens' views of the Vorhabenliste: ask for participation ("Beteiligung anregen") and take
the request back. The Vorhaben page carries the form; this view answers its posts and shows the
form again with an error summary (input kept) when something is wrong."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from accounts.ratelimit import posting_refusal, posting_refusal_message

from . import services
from .forms import ParticipationRequestForm
from .models import ParticipationRequest, VorhabenPage

ANCHOR = "#beteiligung-anregen"


def request_count_label(count: int) -> str:
    return ngettext(
        "%(count)d request for participation so far.",
        "%(count)d requests for participation so far.",
        count,
    ) % {"count": count}


def _public_vorhaben(pk: int) -> VorhabenPage:
    """A live, public Vorhaben or 404 (drafts and private pages are not there for citizens)."""
    return get_object_or_404(VorhabenPage.objects.live().public(), pk=pk)


def participation_request(request, pk: int):
    """The request form (GET) and its post; closed Vorhaben say why with 403."""
    vorhaben = _public_vorhaben(pk)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    own = ParticipationRequest.objects.of(vorhaben, request.user).first()
    refusal = services.request_refusal(request.user, vorhaben)
    form = ParticipationRequestForm(request.POST if request.method == "POST" else None)
    status = 200
    if refusal:
        status = 403
    elif request.method == "POST" and own is None and form.is_valid():
        limit = posting_refusal(request, "participation_request")
        if limit is not None:
            form.add_error(None, posting_refusal_message(limit))
            status = 429
        else:
            try:
                state = services.request_participation(
                    vorhaben, user=request.user, reason=form.cleaned_data["reason"]
                )
            except services.RequestNotAllowed as closed:
                refusal, status = closed.message, 403
            except ValidationError as invalid:
                for name, errors in invalid.message_dict.items():
                    form.add_error(name if name in form.fields else None, errors)
            else:
                messages.success(
                    request,
                    _("Thank you: you asked for participation on “%(title)s”.")
                    % {"title": vorhaben.title}
                    + " "
                    + request_count_label(state.count),
                )
                return redirect(vorhaben.url + ANCHOR)
    elif request.method == "POST" and own is not None:
        return redirect(vorhaben.url + ANCHOR)
    response = render(
        request,
        "vorhaben/participation_request.html",
        {"vorhaben": vorhaben, "form": form, "refusal": refusal, "own_request": own},
        status=status,
    )
    if status == 429:
        response["Retry-After"] = str(limit.seconds)
    return response


@require_POST
def participation_withdraw(request, pk: int):
    """Take one's request back (POST only)."""
    vorhaben = _public_vorhaben(pk)
    if not request.user.is_authenticated:
        return redirect_to_login(vorhaben.url)
    try:
        state = services.withdraw_participation_request(vorhaben, user=request.user)
    except services.RequestNotAllowed as closed:
        messages.error(request, closed.message)
    else:
        if state.changed:
            messages.success(
                request,
                _("You withdrew your request for participation.")
                + " "
                + request_count_label(state.count),
            )
    return redirect(vorhaben.url + ANCHOR)
