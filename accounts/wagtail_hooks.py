"""The Wagtail user admin deletes accounts through ``accounts.deletion`` (requests by letter):
personal data goes, contributions stay as "Gelöschtes Konto", the last administrator stays."""

from django.contrib.auth import get_user_model
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from wagtail import hooks
from wagtail.admin import messages
from wagtail.users.views.bulk_actions.delete import DeleteBulkAction

from .deletion import DeletionRefused, delete_account, deletion_refusal


@hooks.register("before_delete_user")
def delete_through_the_service(request, user):
    """Replace the admin's row deletion by the account deletion service."""
    refusal = deletion_refusal(user)
    if refusal:
        messages.error(request, refusal)
        return redirect("wagtailusers_users:edit", user.pk)
    if request.method != "POST":
        return None  # Wagtail's confirmation page
    try:
        delete_account(user)
    except DeletionRefused as error:
        messages.error(request, error.message)
        return redirect("wagtailusers_users:edit", user.pk)
    messages.success(
        request,
        _(
            "The account has been deleted: its personal data is gone, its contributions are "
            "shown as by “Deleted account”."
        ),
    )
    return redirect("wagtailusers_users:index")


class DeleteAccountsBulkAction(DeleteBulkAction):
    """The user listing's bulk delete, through the same service; refused accounts stay."""

    @classmethod
    def execute_action(cls, objects, model=None, **kwargs):
        deleted = 0
        for user in get_user_model().objects.filter(pk__in=[obj.pk for obj in objects]):
            try:
                delete_account(user)
            except DeletionRefused:
                continue
            deleted += 1
        return deleted, 0


# Registered after Wagtail's own bulk delete (higher order), which it replaces.
hooks.register("register_bulk_action", DeleteAccountsBulkAction, order=100)
