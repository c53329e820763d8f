from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_comments_xtd.models import XtdComment


class CommentState(models.Model):
    """What happened to a comment after it was posted, and its text rendered as HTML.

    Every comment has a state row from the moment it is stored (``diskussion.signals``), so
    the thread shows ``text_html`` instead of linkifying each comment on every page view.
    """

    comment = models.OneToOneField(
        XtdComment,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="state",
        verbose_name=_("comment"),
    )
    edited_at = models.DateTimeField(_("edited at"), null=True, blank=True)
    deleted_at = models.DateTimeField(_("deleted by the author at"), null=True, blank=True)
    removed_at = models.DateTimeField(_("removed by moderation at"), null=True, blank=True)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("removed by"),
    )
    removal_reason = models.CharField(
        _("public reason for the removal"), max_length=300, blank=True
    )
    # The moment moderation last decided on the comment (kept or removed it): reports up to
    # then are handled; a later report puts the comment back into the inbox (diskussion.inbox).
    reports_reviewed_at = models.DateTimeField(
        _("reports reviewed at"), null=True, blank=True, editable=False
    )
    # diskussion.text.render of the comment's text when it was written or edited;
    # `manage.py render_user_text` renders all rows again when the rules change.
    text_html = models.TextField(_("text as HTML"), blank=True, editable=False)

    class Meta:
        verbose_name = _("comment state")
        verbose_name_plural = _("comment states")

    def __str__(self) -> str:
        return f"state of comment {self.comment_id}"


class ModeratedComment(XtdComment):
    """A comment as moderators see it in the Wagtail admin."""

    class Meta:
        proxy = True
        verbose_name = _("comment")
        verbose_name_plural = _("comments")

    def __str__(self) -> str:
        return str(_("Comment #%(id)s") % {"id": self.pk})
