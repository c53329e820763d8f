"""The group "Entscheidungsteam": records decisions in the Wagtail admin (transparenz.rules).

It may open the admin and the idea listing; the decision views check the group itself.
"""

from django.db import migrations

GROUP = "Entscheidungsteam"
PERMISSIONS = [("wagtailadmin", "access_admin"), ("ideen", "view_idea")]


def create_group(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _created = Group.objects.get_or_create(name=GROUP)
    for app_label, codename in PERMISSIONS:
        permission = Permission.objects.filter(
            content_type__app_label=app_label, codename=codename
        ).first()
        if permission is not None:
            group.permissions.add(permission)


def remove_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("transparenz", "0002_append_only_triggers"),
        ("ideen", "0002_groups_permissions_and_categories"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
    ]

    operations = [migrations.RunPython(create_group, remove_group)]
