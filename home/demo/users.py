"""Demo accounts with known passwords: an administrator, an editor, staff and citizens."""

from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group, Permission
from django.db.models import Q
from wagtail.models import GroupCollectionPermission, GroupPagePermission, Page

from accounts.second_factor import ensure_demo_totp

from .base import ADMIN_USERNAME, DemoRun, root_collection

EDITORS_GROUP = "Editors"


@dataclass(frozen=True)
class DemoAccount:
    role: str
    username: str
    email: str
    display_name: str
    password: str
    first_name: str = ""
    last_name: str = ""
    superuser: bool = False
    editor: bool = False


# Known passwords, for a local demo only: `load_demo` refuses to run without DEBUG unless forced.
DEMO_ACCOUNTS = [
    DemoAccount(
        role="administrator",
        username=ADMIN_USERNAME,
        email="admin@kleve.de",
        display_name="Administration Stadt Kleve",
        password="Kleve-Admin-2026!",
        superuser=True,
    ),
    DemoAccount(
        role="editor (Wagtail group Editors)",
        username="redaktion",
        email="redaktion@kleve.de",
        display_name="Redaktion Stadt Kleve",
        password="Kleve-Redaktion-2026!",
        editor=True,
    ),
    DemoAccount(
        role="staff member",
        username="anna.schmitz",
        email="anna.schmitz@kleve.de",
        display_name="Anna Schmitz",
        password="Kleve-Demo-2026!",
        first_name="Anna",
        last_name="Schmitz",
    ),
    DemoAccount(
        role="staff member",
        username="jonas.peters",
        email="jonas.peters@kleve.de",
        display_name="Jonas Peters",
        password="Kleve-Demo-2026!",
        first_name="Jonas",
        last_name="Peters",
    ),
    DemoAccount(
        role="citizen",
        username="maria.beispiel",
        email="maria.beispiel@example.org",
        display_name="Maria B.",
        password="Kleve-Demo-2026!",
        first_name="Maria",
        last_name="Beispiel",
    ),
    DemoAccount(
        role="citizen",
        username="tom.muster",
        email="tom.muster@example.org",
        display_name="Tom aus Kellen",
        password="Kleve-Demo-2026!",
        first_name="Tom",
        last_name="Muster",
    ),
]


def load(run: DemoRun) -> None:
    """Create the demo accounts that are missing; existing accounts keep their passwords."""
    User = get_user_model()
    editors = ensure_editors_group(run)
    hashes: dict[str, str] = {}  # hashing is slow on purpose; accounts share demo passwords
    for account in DEMO_ACCOUNTS:
        user = User.objects.filter(
            Q(username=account.username) | Q(email__iexact=account.email)
        ).first()
        if user is None:
            user = User(
                username=account.username,
                email=account.email,
                display_name=account.display_name,
                first_name=account.first_name,
                last_name=account.last_name,
                is_staff=account.superuser,
                is_superuser=account.superuser,
            )
            if account.password not in hashes:
                hashes[account.password] = make_password(account.password)
            user.password = hashes[account.password]
            user.save()
            run.note("account", f"{account.username} ({account.role})")
        if account.editor:
            user.groups.add(editors)
        ensure_demo_totp(user)  # the admin requires a second factor; known demo secrets
        if not EmailAddress.objects.filter(user=user, email__iexact=user.email).exists():
            has_primary = EmailAddress.objects.filter(user=user, primary=True).exists()
            EmailAddress.objects.create(
                user=user, email=user.email, verified=True, primary=not has_primary
            )


def ensure_editors_group(run: DemoRun) -> Group:
    """Wagtail's "Editors" group; rebuilt with Wagtail's default rights when a flush removed it."""
    group = Group.objects.filter(name=EDITORS_GROUP).first()
    if group is not None:
        return group
    group = Group.objects.create(name=EDITORS_GROUP)
    group.permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    root = Page.get_first_root_node()
    for permission_type in ("add", "change"):
        GroupPagePermission.objects.create(group=group, page=root, permission_type=permission_type)
    collection = root_collection()
    for permission in Permission.objects.filter(
        content_type__app_label__in=["wagtailimages", "wagtaildocs"],
        codename__in=[
            f"{action}_{model}"
            for action in ("add", "change", "choose")
            for model in ("image", "document")
        ],
    ):
        GroupCollectionPermission.objects.create(
            group=group, collection=collection, permission=permission
        )
    run.note("group", EDITORS_GROUP)
    return group
