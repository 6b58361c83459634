"""Notice records becoming public, whatever saved them (the admin, a service, a script).

On every save of an event or a statement, once the transaction commits, a sweep is queued
(services.announce_public_records finds what is public and not yet announced); a record
published under an embargo also gets a sweep at the moment its embargo ends.
"""

from django.db import transaction
from django.db.models.signals import post_save

from events.models import Event
from statements.models import JointStatement


def record_saved(sender, instance, using=None, raw=False, **kwargs):
    if raw:  # loaddata: a backup being restored announces nothing
        return
    if instance.publication_status != "published":
        return  # a draft: nothing to say, ever
    from . import tasks

    publish_at = instance.publish_at
    transaction.on_commit(lambda: tasks.schedule_sweep(at=publish_at), using=using)


def connect():
    for model in (Event, JointStatement):
        post_save.connect(record_saved, sender=model, dispatch_uid=f"alerts.saved.{model.__name__}")
