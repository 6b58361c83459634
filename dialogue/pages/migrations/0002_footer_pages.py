"""The three pages every footer links to exist from the start (their text comes from staff,
or from load_demo_data), so no footer link is ever a 404."""

from django.db import migrations

TITLES = {
    "about": {"en": "About this record", "ru": "Об этом архиве"},
    "accessibility": {"en": "Accessibility statement", "ru": "Заявление о доступности"},
    "privacy": {"en": "Privacy", "ru": "Конфиденциальность"},
}


def create(apps, schema_editor):
    SitePage = apps.get_model("pages", "SitePage")
    names = {field.name for field in SitePage._meta.get_fields()}
    for slug, titles in TITLES.items():
        fields = {f"title_{code}": text for code, text in titles.items() if f"title_{code}" in names}
        SitePage.objects.get_or_create(slug=slug, defaults={"title": titles["en"], **fields})


def remove(apps, schema_editor):
    apps.get_model("pages", "SitePage").objects.filter(slug__in=TITLES).delete()


class Migration(migrations.Migration):
    dependencies = [("pages", "0001_initial")]
    operations = [migrations.RunPython(create, remove)]
