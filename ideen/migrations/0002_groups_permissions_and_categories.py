"""Create the groups "Mitarbeitende" and "Moderation", their admin permissions, and seed the
categories from the strategy's catalogue (6 Aktionsfelder with their 42 projects)."""

from django.db import migrations

GROUP_PERMISSIONS = {
    "Mitarbeitende": [],
    "Moderation": [("wagtailadmin", "access_admin"), ("ideen", "view_idea")],
    "Moderators": [("ideen", "view_idea")],
    "Editors": [
        ("ideen", "view_idea"),
        ("ideen", "manage_staff"),
        *[
            ("ideen", f"{action}_{model}")
            for model in ("category", "department")
            for action in ("add", "change", "delete", "view")
        ],
    ],
}


def create_groups(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    # Permissions of new models are normally created after all migrations ran.
    app_config = apps.get_app_config("ideen")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in GROUP_PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=name)
        for app_label, codename in codenames:
            permission = Permission.objects.filter(
                content_type__app_label=app_label, codename=codename
            ).first()
            if permission is not None:
                group.permissions.add(permission)


def seed_categories(apps, schema_editor):
    from ideen.categories import seed_categories as seed

    seed(apps.get_model("ideen", "Category"))


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=["Mitarbeitende", "Moderation"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("ideen", "0001_ideas_categories_and_platform"),
        ("wagtailcore", "0002_initial_data"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [
        migrations.RunPython(create_groups, remove_groups),
        migrations.RunPython(seed_categories, migrations.RunPython.noop),
    ]
