from django import forms
from django.utils.translation import gettext_lazy as _
from django_comments_xtd.forms import XtdCommentForm

from .text import MAX_LENGTH, sanitize


def comment_text_field() -> forms.CharField:
    """The one field a participant fills in: plain text, at most MAX_LENGTH characters."""
    return forms.CharField(
        label=_("Your comment"),
        max_length=MAX_LENGTH,
        help_text=_("At most 3,000 characters. Web addresses become links; HTML is removed."),
        widget=forms.Textarea(attrs={"rows": 5, "class": "comment-form__text"}),
        error_messages={
            "required": _("Please write your comment."),
            "max_length": _(
                "Your comment is too long: at most %(limit_value)d characters, "
                "yours has %(show_value)d."
            ),
        },
    )


def clean_comment_text(text: str) -> str:
    text = sanitize(text)
    if not text:
        raise forms.ValidationError(_("Please write your comment."), code="required")
    return text


class CommentForm(XtdCommentForm):
    """comments-xtd's form for logged-in participants: only the text (and the honeypot).

    Name, e-mail and link come from the account on the server; follow-up e-mails are off.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["followup"]
        for name in ("name", "email", "url"):
            self.fields[name] = forms.CharField(required=False, widget=forms.HiddenInput)
        self.fields["comment"] = comment_text_field()

    def clean_name(self):
        return (self.cleaned_data.get("name") or "")[:50]

    def clean_email(self):
        return (self.cleaned_data.get("email") or "")[:254]

    def clean_url(self):
        return ""

    def clean_comment(self):
        return clean_comment_text(self.cleaned_data["comment"])

    def clean(self):
        cleaned_data = super().clean()
        cleaned_data["followup"] = False
        return cleaned_data


class CommentEditForm(forms.Form):
    """The author changes the text of their comment."""

    comment = comment_text_field()

    def clean_comment(self):
        return clean_comment_text(self.cleaned_data["comment"])
