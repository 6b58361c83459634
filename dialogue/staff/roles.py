"""The staff roles, as Django groups with exact permissions.

- **Editor** adds and changes records (and sees them all, drafts included), but can
  neither publish nor delete.
- **Publisher** has the editor's rights, and publishes and unpublishes events,
  statements and quotes.
- **Administrator** may do everything, including managing users and groups.

Staff members also need "staff status" to sign in to the admin. `sync_roles` creates
or corrects the groups and may run any number of times; the data migration
statements/0003_roles calls it, and a later migration can call it again when a new
kind of record is added.
"""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions

EDITOR, PUBLISHER, ADMINISTRATOR = "Editor", "Publisher", "Administrator"

# Every kind of record staff enter, by app.
CONTENT_MODELS = {
    "chairmanships": [
        "memberstate",
        "topic",
        "chairmanship",
        "priority",
        "initiative",
        "handover",
    ],
    "events": ["organisation", "event", "eventdocument"],
    "statements": ["jointstatement", "speaker", "quote", "participation"],
}

PUBLISH_PERMISSIONS = [
    ("events", "publish_event"),
    ("statements", "publish_jointstatement"),
    ("statements", "publish_quote"),
]


def editor_permissions():
    return [
        (app_label, f"{action}_{model}")
        for app_label, models in CONTENT_MODELS.items()
        for model in models
        for action in ("view", "add", "change")
    ]


def role_permissions():
    """Each role's permissions as (app label, codename); None means every permission."""
    return {
        EDITOR: editor_permissions(),
        PUBLISHER: editor_permissions() + PUBLISH_PERMISSIONS,
        ADMINISTRATOR: None,
    }


def sync_roles(apps=global_apps, verbosity=0):
    """Create the three groups, or set their permissions back to exactly these."""
    # Permissions are created after migrations run; make sure they exist already.
    for app_config in apps.get_app_configs():
        models_module = getattr(app_config, "models_module", None)
        app_config.models_module = models_module or True  # a migration's stub has none
        try:
            create_permissions(app_config, verbosity=verbosity, apps=apps)
        finally:
            app_config.models_module = models_module

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, wanted in role_permissions().items():
        group, _ = Group.objects.get_or_create(name=name)
        if wanted is None:
            permissions = list(Permission.objects.all())
        else:
            permissions = []
            for app_label, codename in wanted:
                model = codename.split("_", 1)[1]
                if codename.split("_", 1)[0] in ("view", "add", "change") and not (
                    _has_model(apps, app_label, model)
                ):
                    continue  # an older migration's state: a later one syncs again
                permissions.append(
                    Permission.objects.get(content_type__app_label=app_label, codename=codename)
                )
        group.permissions.set(permissions)


def _has_model(apps, app_label, model_name):
    try:
        apps.get_model(app_label, model_name)
    except LookupError:
        return False
    return True
