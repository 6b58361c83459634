"""Control characters: refused in every text field of every record, and never a server
error (nor served raw) when some reached the database past the forms."""

import io
import json
import re
import zipfile
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, models
from django.urls import reverse

from chairmanships.models import Chairmanship, Handover, Initiative, MemberState, Priority, Topic
from chairmanships.services import HandoverRefused, hand_over
from events.models import Event, EventDocument, Organisation
from statements.models import JointStatement, Quote, Speaker
from tests.factories import EventDocumentFactory
from tests.factories_opendata import build_record

RECORD_MODELS = [
    MemberState,
    Topic,
    Chairmanship,
    Priority,
    Initiative,
    Handover,
    Organisation,
    Event,
    EventDocument,
    JointStatement,
    Speaker,
    Quote,
]
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def free_text_fields(model):
    """The text columns staff type into freely (slugs and fixed choices have their own rules)."""
    return [
        field
        for field in model._meta.concrete_fields
        if isinstance(field, (models.CharField, models.TextField))
        and not isinstance(field, models.SlugField)
        and not field.choices
        and field.name not in {"iso_code"}
        and not isinstance(field, models.FileField)
    ]


@pytest.fixture
def record(db):
    record = build_record()
    EventDocumentFactory(event=record.conference, title="Programme")
    return record


def test_every_record_model_has_text_fields_checked(record):
    """The control: the list below covers translated columns too (title_ru...)."""
    names = {field.name for field in free_text_fields(Event)}
    assert {"title_en", "title_ru", "summary_en", "summary_ru", "city"} <= names


@pytest.mark.parametrize("model", RECORD_MODELS, ids=lambda model: model.__name__)
@pytest.mark.parametrize("character", ["\x0b", "\x00", "\x1b", "\x7f"], ids=repr)
def test_a_control_character_is_refused_in_every_text_field(record, model, character):
    instance = model.objects.first()
    fields = free_text_fields(model)
    assert fields
    instance.clean_fields()  # clean as stored
    for field in fields:
        original = getattr(instance, field.attname)
        setattr(instance, field.attname, f"Clean{character}text")
        with pytest.raises(ValidationError) as refused:
            instance.clean_fields()
        assert field.name in refused.value.error_dict, field.name
        message = " ".join(refused.value.message_dict[field.name])
        if not isinstance(field, models.URLField):  # an address is refused as invalid
            assert "control character" in message, (field.name, message)
        setattr(instance, field.attname, original)


def test_tab_and_line_breaks_are_text_not_control_characters(record):
    event = record.conference
    event.summary = "First line\r\nSecond\tline\n"
    event.full_clean()


def test_the_handover_service_refuses_notes_with_a_control_character(record):
    with pytest.raises(HandoverRefused) as refused:
        hand_over(to_state=record.kazakhstan, on=date(2024, 6, 1), notes="Signed\x0b in Bishkek")
    assert "control character" in str(refused.value)
    assert Handover.objects.count() == 1


def test_the_admin_refuses_a_control_character_beside_the_field(admin_client, record):
    url = reverse("admin:chairmanships_chairmanship_add")
    data = {
        "state": record.kazakhstan.pk,
        "slug": "",
        "starts_on": "2010-01-01",
        "ends_on": "2010-12-31",
        "date_precision": "day",
        "outcomes_en": "Agreed\x0b on the programme",
        "outcomes_ru": "Согласована\x0c программа",
    }
    for prefix in ("priorities", "initiatives"):
        data |= {
            f"{prefix}-TOTAL_FORMS": "0",
            f"{prefix}-INITIAL_FORMS": "0",
            f"{prefix}-MIN_NUM_FORMS": "0",
            f"{prefix}-MAX_NUM_FORMS": "1000",
        }
    response = admin_client.post(url, data)
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert "control character" in " ".join(form.errors["outcomes_en"])
    assert "control character" in " ".join(form.errors["outcomes_ru"])
    assert Chairmanship.objects.count() == 2


def store_everywhere(character):
    """Every free-text column of every record gets `character`, past every form."""
    for model in RECORD_MODELS:
        fields = [field for field in free_text_fields(model) if (field.max_length or 99) >= 6]
        for pk in model.objects.values_list("pk", flat=True):
            values = {field.attname: f"R{pk}{character}T"[: field.max_length] for field in fields}
            model.objects.filter(pk=pk).update(**values)


def characters():
    """NUL where the database can hold it (PostgreSQL refuses it in text), always a vertical tab."""
    yield "\x0b"
    yield "\x1b"
    if connection.vendor != "postgresql":
        yield "\x00"


def outputs(record):
    quote = Quote.objects.filter(event__isnull=False).first()
    document = EventDocument.objects.first()
    return [
        "/en/",
        "/ru/",
        "/en/events/",
        f"/en/events/{record.conference.slug}/",
        f"/ru/events/{record.conference.slug}/",
        "/en/statements/",
        f"/en/statements/{record.statement.slug}/",
        "/en/speakers/",
        f"/en/speakers/{record.speaker.slug}/",
        f"/en/quotes/{quote.pk}/",
        "/en/chairmanships/",
        f"/en/chairmanships/{record.kazakh_chair.slug}/",
        "/en/states/",
        "/en/states/kazakhstan/",
        "/en/topics/",
        "/en/topics/gender-based-violence/",
        "/en/search/?q=A",
        "/en/open-data/",
        "/en/feeds/events.rss",
        "/en/feeds/events.atom",
        "/ru/feeds/events.rss",
        "/en/feeds/statements.rss",
        "/en/feeds/statements.atom",
        "/en/feeds/topics/gender-based-violence.rss",
        "/en/feeds/topics/gender-based-violence.atom",
        "/en/feeds/states/kazakhstan.rss",
        "/en/feeds/states/kyrgyzstan.atom",
        "/en/calendar/events.ics",
        "/en/calendar/states/kazakhstan.ics",
        f"/en/calendar/events/{record.conference.slug}.ics",
        "/api/v1/events",
        f"/api/v1/events/{record.conference.slug}",
        "/api/v1/statements",
        "/api/v1/quotes",
        f"/api/v1/speakers/{record.speaker.slug}",
        "/api/v1/popolo",
        "/en/open-data/popolo.json",
        "/en/open-data/events.csv",
        "/en/open-data/statements.csv",
        "/en/open-data/quotes.csv",
        "/sitemap.xml",
        reverse("admin:events_event_change", args=[record.conference.pk]),
        reverse("admin:events_event_changelist"),
        document.url,
    ]


@pytest.mark.parametrize("character", list(characters()), ids=repr)
def test_stored_control_characters_never_give_a_server_error_nor_reach_an_output(
    admin_client, client, record, character
):
    store_everywhere(character)
    for url in outputs(record):
        asker = admin_client if url.startswith("/admin/") else client
        response = asker.get(url)
        assert response.status_code in (200, 302), (url, response.status_code)
        if response.streaming:
            continue
        body = response.content.decode()
        assert not CONTROL.search(body), (url, CONTROL.search(body).group())
        if response["Content-Type"].startswith("application/json"):
            json.loads(body)
    archive = zipfile.ZipFile(io.BytesIO(client.get("/en/open-data/dialogue-records.zip").content))
    for name in archive.namelist():
        text = archive.read(name).decode()
        assert not CONTROL.search(text), name
