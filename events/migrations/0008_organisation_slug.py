# Organisations get a web address name (their public page): filled from the acronym, or
# the name, for the organisations already recorded, numbered where two would clash.

from django.db import migrations, models
from django.utils.text import slugify

HELP = "Used in the page address; do not change it once the page is public."


def fill_slugs(apps, schema_editor):
    Organisation = apps.get_model("events", "Organisation")
    taken = set()
    for organisation in Organisation.objects.order_by("pk"):
        base = slugify(organisation.acronym or organisation.name)[:190] or "organisation"
        slug, number = base, 1
        while slug in taken:
            number += 1
            slug = f"{base}-{number}"
        taken.add(slug)
        Organisation.objects.filter(pk=organisation.pk).update(slug=slug)


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0007_merge_places_sources_publication_dates"),
    ]

    operations = [
        migrations.AddField(
            model_name="historicalorganisation",
            name="slug",
            field=models.SlugField(
                help_text=HELP,
                max_length=200,
                null=True,
                db_index=False,  # indexed once filled, below
                verbose_name="web address name",
            ),
        ),
        migrations.AddField(
            model_name="organisation",
            name="slug",
            field=models.SlugField(
                help_text=HELP,
                max_length=200,
                null=True,
                db_index=False,  # indexed once filled, below
                verbose_name="web address name",
            ),
        ),
        migrations.RunPython(fill_slugs, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="historicalorganisation",
            name="slug",
            field=models.SlugField(
                help_text=HELP, max_length=200, db_index=True, verbose_name="web address name"
            ),
        ),
        migrations.AlterField(
            model_name="organisation",
            name="slug",
            field=models.SlugField(
                help_text=HELP, max_length=200, unique=True, verbose_name="web address name"
            ),
        ),
    ]
