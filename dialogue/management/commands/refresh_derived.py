"""Recompute every derived column from the records themselves (after an import or raw SQL)."""

from django.core.management.base import BaseCommand

from statements.visibility import refresh_speaker_visibility


class Command(BaseCommand):
    help = (
        "Recompute the columns derived from other records (which speakers the public sees) "
        "for every record. Safe to run at any time; the saves keep them up to date anyway."
    )

    def add_arguments(self, parser):
        parser.add_argument("--database", default="default", help="Database alias.")

    def handle(self, *args, **options):
        changed = refresh_speaker_visibility(using=options["database"])
        self.stdout.write(f"Speakers whose visibility changed: {len(changed)}.")
