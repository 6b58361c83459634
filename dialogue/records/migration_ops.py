"""Operations the migrations share (import nothing from the apps' models here)."""

from django.db import migrations
from django.db.models import F


def copy_into_language(language, fields_by_model):
    """A RunPython that copies each field's existing text into its `<field>_<language>`
    column, in the records and in their history, so a database that had text before
    the translation columns existed keeps it (and a revert to an old version too).

    `fields_by_model` maps "app_label.ModelName" to the translated field names.
    """

    def forwards(apps, schema_editor):
        for label, fields in fields_by_model.items():
            app_label, model_name = label.split(".")
            for name in (model_name, f"Historical{model_name}"):
                model = apps.get_model(app_label, name)
                model._base_manager.update(**{f"{field}_{language}": F(field) for field in fields})

    return migrations.RunPython(forwards, migrations.RunPython.noop, elidable=False)
