"""What ties django-allauth to this site: how users are named, which of its texts we translate."""

from django.utils.translation import gettext_noop


def user_display(user) -> str:
    """The name allauth uses in messages and e-mails: the public name, never the e-mail address."""
    return user.public_name


# allauth's German catalogue says "du"; our pages say "Sie". Listing these msgids (texts from
# allauth's Python code that reach our users) puts them into our catalogue, which Django
# consults first. The texts from allauth's templates come in through our template overrides.
ALLAUTH_MESSAGES = (
    gettext_noop("You cannot remove your primary email address."),
    gettext_noop("Please type your current password."),
    gettext_noop("You cannot add more than %d email addresses."),
    gettext_noop("Too many failed login attempts. Try again later."),
    gettext_noop("Your primary email address must be verified."),
    gettext_noop("Be patient, you are sending too many requests."),
    gettext_noop("You must type the same password each time."),
    gettext_noop("The email address and/or password you specified are not correct."),
    gettext_noop("This email address is already associated with this account."),
    gettext_noop("The new value must be different from the current one."),
    gettext_noop("Incorrect password."),
    gettext_noop("This account is currently inactive."),
)
