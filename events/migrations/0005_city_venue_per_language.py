"""City and venue per language; the existing text becomes the English."""

from django.db import migrations, models

from dialogue.records.migration_ops import copy_into_language


class Migration(migrations.Migration):

    dependencies = [
        ('events', '0004_merge_languages_versions'),
    ]

    operations = [
        migrations.AddField(
            model_name='event',
            name='city_en',
            field=models.CharField(blank=True, max_length=100, null=True, verbose_name='city'),
        ),
        migrations.AddField(
            model_name='event',
            name='city_ru',
            field=models.CharField(blank=True, max_length=100, null=True, verbose_name='city'),
        ),
        migrations.AddField(
            model_name='event',
            name='venue_en',
            field=models.CharField(blank=True, max_length=200, null=True, verbose_name='venue'),
        ),
        migrations.AddField(
            model_name='event',
            name='venue_ru',
            field=models.CharField(blank=True, max_length=200, null=True, verbose_name='venue'),
        ),
        migrations.AddField(
            model_name='historicalevent',
            name='city_en',
            field=models.CharField(blank=True, max_length=100, null=True, verbose_name='city'),
        ),
        migrations.AddField(
            model_name='historicalevent',
            name='city_ru',
            field=models.CharField(blank=True, max_length=100, null=True, verbose_name='city'),
        ),
        migrations.AddField(
            model_name='historicalevent',
            name='venue_en',
            field=models.CharField(blank=True, max_length=200, null=True, verbose_name='venue'),
        ),
        migrations.AddField(
            model_name='historicalevent',
            name='venue_ru',
            field=models.CharField(blank=True, max_length=200, null=True, verbose_name='venue'),
        ),
        copy_into_language("en", {"events.Event": ["city", "venue"]}),
    ]
