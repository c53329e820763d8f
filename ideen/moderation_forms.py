"""Forms of the moderation: reporting an idea (public site) and the moderators' decisions."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import IdeaReport, UserBlock
from .moderation import REMOVAL_REASON_MAX_LENGTH
from .text import sanitize_plain_text, sanitize_single_line

BLOCK_REASON_MAX_LENGTH = UserBlock._meta.get_field("reason").max_length


class IdeaReportForm(forms.Form):
    """The optional reason of a report; limits are explained, not enforced by the browser."""

    reason = forms.CharField(
        label=_("Why are you reporting it?"),
        required=False,
        max_length=IdeaReport.REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        # The label already says "(optional)" (components/form_field.html).
        help_text=_("Only the moderation team reads it. At most %(limit)d characters.")
        % {"limit": IdeaReport.REASON_MAX_LENGTH},
        error_messages={
            "max_length": _(
                "Please shorten the reason to %(limit_value)d characters (it has %(show_value)d)."
            )
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Browsers would cut pasted text silently at maxlength; we explain the limit instead.
        self.fields["reason"].widget.attrs.pop("maxlength", None)

    def clean_reason(self):
        return sanitize_plain_text(self.cleaned_data["reason"])


class RemovalForm(forms.Form):
    """A moderator hides an idea with a reason that is shown in its place."""

    removal_reason = forms.CharField(
        label=_("Public reason for the removal"),
        max_length=REMOVAL_REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Shown on the page in place of the contribution, e.g. “Beleidigung” or “Werbung”."
        ),
        error_messages={"required": _("Please give the public reason for the removal.")},
    )

    def clean_removal_reason(self):
        reason = sanitize_single_line(self.cleaned_data["removal_reason"])
        if not reason:
            raise forms.ValidationError(_("Please give the public reason for the removal."))
        return reason


class BlockForm(forms.Form):
    """A moderator blocks an account and says why; the person is told the reason by e-mail."""

    reason = forms.CharField(
        label=_("Reason for the block"),
        max_length=BLOCK_REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Sent to the person by e-mail, together with how to object. "
            "Name the contributions and the rule of the netiquette they broke."
        ),
        error_messages={"required": _("Please give the reason for the block.")},
    )

    def clean_reason(self):
        reason = sanitize_plain_text(self.cleaned_data["reason"])
        if not reason:
            raise forms.ValidationError(_("Please give the reason for the block."))
        return reason
