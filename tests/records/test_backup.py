"""A backup made as the README says restores every record, link and history entry.

The database is filled with every kind of record (member states to quotes, their
many-to-many links, an event's file, a deleted event whose history stays, staff with
their roles), dumped with `dumpdata --natural-foreign --natural-primary` exactly as
documented, emptied, and loaded back with `loaddata`. Every row of every model of the
three apps, of their history and link tables, and the users and groups, is then compared
field by field with the original. The comparison walks the models' concrete fields, so
fields added later are checked without changing this test.

Content types and permissions get different primary keys in the emptied database (they
are recreated in another order), as in a new installation, and so may users and groups:
the dump names all four by natural key, so they, and rows pointing to them, are compared
by natural key. The records themselves keep their primary keys.
"""

from datetime import date

import pytest
from django.apps import apps
from django.contrib.admin.models import LogEntry
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission, User
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection, models

from chairmanships.changes import note_change
from chairmanships.services import hand_over
from dialogue.records.history import one_entry
from dialogue.staff.roles import EDITOR, sync_roles
from events.models import Event
from statements.models import Participation, Signatory
from tests.factories import (
    ChairmanshipFactory,
    EventDocumentFactory,
    EventFactory,
    InitiativeFactory,
    JointStatementFactory,
    MemberStateFactory,
    OrganisationFactory,
    PriorityFactory,
    QuoteFactory,
    SpeakerFactory,
    TopicFactory,
)
from tests.factories_photos import EventPhotoFactory

pytestmark = pytest.mark.django_db

# What the README's backup command leaves out: sessions and sign-in attempts are transient.
EXCLUDED = ["sessions", "axes", "search"]  # the search index is rebuilt from the records
APPS = ["chairmanships", "events", "statements"]
BY_NATURAL_KEY = (ContentType, Permission, User, Group)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def content_type_cache():
    """The test renumbers content types inside its transaction: forget them afterwards."""
    yield
    ContentType.objects.clear_cache()


def compared_models():
    """Every model of the three apps (history and link tables included), users and groups."""
    found = []
    for label in APPS:
        found += apps.get_app_config(label).get_models(include_auto_created=True)
    through = [User.groups.through, User.user_permissions.through, Group.permissions.through]
    return [*found, User, Group, *through, LogEntry]


def comparable(value):
    return value.natural_key() if isinstance(value, BY_NATURAL_KEY) else value


def row(obj):
    """The value of each concrete field of `obj` (by natural key for content types and
    permissions). A many-to-many link is restored as a new row of its table: compare
    what it links, not its own key."""
    values = {}
    for field in obj._meta.concrete_fields:
        if field.primary_key and (obj._meta.auto_created or isinstance(obj, BY_NATURAL_KEY)):
            continue
        if isinstance(field, models.ForeignKey) and issubclass(field.related_model, BY_NATURAL_KEY):
            values[field.name] = comparable(getattr(obj, field.name))
        else:
            values[field.attname] = field.value_from_object(obj)
    return values


def key(obj):
    return obj.natural_key() if isinstance(obj, BY_NATURAL_KEY) else obj.pk


def snapshot():
    """Every row of every compared model: by primary key, or for links, all of them sorted."""
    rows = {}
    for model in compared_models():
        objects = model._base_manager.order_by("pk")
        if model._meta.auto_created:
            rows[model._meta.label] = sorted(repr(sorted(row(obj).items())) for obj in objects)
        else:
            rows[model._meta.label] = {key(obj): row(obj) for obj in objects}
    return rows


def fill_every_kind_of_record(django_user_model):
    sync_roles()
    django_user_model.objects.create_user("left").delete()  # the restore renumbers the users
    editor = django_user_model.objects.create_user("editor", "e@example.org", "x", is_staff=True)
    editor.groups.add(Group.objects.get(name=EDITOR))
    editor.user_permissions.add(Permission.objects.get(codename="view_logentry"))
    topics = [TopicFactory(name="Climate"), TopicFactory(name="Digital skills")]
    kazakhstan, kyrgyzstan = MemberStateFactory(name="Kazakhstan"), MemberStateFactory()
    current = ChairmanshipFactory(state=kazakhstan, starts_on=date(2023, 1, 1), ends_on=None)
    priority = PriorityFactory(chairmanship=current)
    priority.topics.set(topics)
    InitiativeFactory(chairmanship=current)
    handover = hand_over(to_state=kyrgyzstan, on=date(2023, 12, 1))
    partner = OrganisationFactory(acronym="UN Women")
    event = EventFactory(host_state=kazakhstan, announced_handover=handover, chairmanship=current)
    with one_entry(event, user=editor, reason="Links added"):
        event.topics.set(topics)
        event.participating_states.set([kazakhstan, kyrgyzstan])
        event.partner_organisations.set([partner])
        event.summary = "Changed, with its links, in one entry"
        event.save()
    statement = JointStatementFactory(event=event)
    statement.signatories.set([kazakhstan, kyrgyzstan])
    statement.topics.set(topics[:1])
    Signatory.objects.create(statement=statement, name="Zhuldyz Suleimenova", state=kazakhstan)
    note_change(record=statement, note="Corrected the title.", user=editor)
    QuoteFactory(event=event, speaker=SpeakerFactory(state=kyrgyzstan))
    Participation.objects.create(
        event=event, person=SpeakerFactory(), organisation=partner, position_at_time_ru="Посол"
    )
    EventDocumentFactory(event=event)
    EventPhotoFactory(event=event)
    deleted = EventFactory(title="Cancelled forum")
    for record in (QuoteFactory(event=deleted), deleted):
        record._history_user = editor
        record.delete()  # its history stays, and refers to the event by its key
    LogEntry.objects.log_actions(
        editor.pk, [event], action_flag=2, change_message="Changed summary.", single_object=True
    )


def search_index():
    entries = apps.get_model("search", "SearchEntry").objects.values()
    return sorted(
        sorted((k, str(v)) for k, v in entry.items() if k not in ("id", "updated_at"))
        for entry in entries
    )


def emptied_with_other_keys():
    """Empty the database as `flush` does, then recreate content types and permissions in
    reverse order, so that they get other primary keys than in the backup."""
    if connection.vendor == "postgresql":
        # Inside the test's transaction: run the deferred key checks, so TRUNCATE may run.
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    call_command("flush", interactive=False, inhibit_post_migrate=True, verbosity=0)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
    ContentType.objects.clear_cache()
    for model in reversed(apps.get_models(include_auto_created=True)):
        ContentType.objects.get_for_model(model)
    for app_config in reversed(list(apps.get_app_configs())):
        create_permissions(app_config, verbosity=0)


def test_a_dump_restored_into_an_emptied_database_is_identical(django_user_model, tmp_path, capsys):
    fill_every_kind_of_record(django_user_model)
    before = snapshot()
    index_before = search_index()
    content_type_keys = {(ct.app_label, ct.model): ct.pk for ct in ContentType.objects.all()}
    backup = tmp_path / "backup.xml"
    call_command(
        "dumpdata",
        format="xml",  # JSON would cut the times of history entries to milliseconds
        natural_foreign=True,
        natural_primary=True,
        exclude=EXCLUDED,
        output=str(backup),
        verbosity=0,
    )

    emptied_with_other_keys()
    assert not Event.objects.exists()
    moved = [
        key
        for key, pk in content_type_keys.items()
        if ContentType.objects.get_by_natural_key(*key).pk != pk
    ]
    assert moved, "the emptied database should number content types differently"
    call_command("loaddata", str(backup), verbosity=0)
    call_command("rebuild_search_index", verbosity=0)

    after = snapshot()
    for label, rows in before.items():
        assert rows, f"the test should fill {label}"
        assert after[label] == rows, label
    assert search_index() == index_before, "search finds the same records as before"
    document = apps.get_model("events", "EventDocument").objects.get()
    with document.file.open("rb") as stored:
        assert stored.read().startswith(b"%PDF")
