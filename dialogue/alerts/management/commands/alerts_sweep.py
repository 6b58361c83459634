from django.core.management.base import BaseCommand

from dialogue.alerts import tasks


class Command(BaseCommand):
    help = (
        "Queue one sweep of the email alerts: announce what became public, hand out what is "
        "due or was abandoned, delete departed addresses. With the database task backend the "
        "sweep then repeats by itself; run this once after deploying, or from cron with the "
        "immediate backend."
    )

    def handle(self, *args, **options):
        tasks.schedule_sweep()
        self.stdout.write("Sweep queued.")
