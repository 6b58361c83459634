from django.core.management.base import BaseCommand

from dialogue.search.index import rebuild
from dialogue.search.models import SearchEntry


class Command(BaseCommand):
    help = (
        "Rewrite the search index from the records: after writes that send no signals "
        "(bulk_create, QuerySet.update(), raw SQL), or to check that it is whole."
    )

    def handle(self, *args, **options):
        rebuild()
        self.stdout.write(
            self.style.SUCCESS(f"Search index rebuilt: {SearchEntry.objects.count()} records.")
        )
