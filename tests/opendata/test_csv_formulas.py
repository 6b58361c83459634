"""No cell of any CSV file the site writes runs as a formula in a spreadsheet."""

import csv
import io
import zipfile

import pytest
from django.db import models

from chairmanships.models import Chairmanship, Handover, Initiative, MemberState, Priority, Topic
from dialogue.opendata.downloads import TABLES
from events.models import Event
from statements.models import JointStatement, Quote, Speaker
from tests.factories_opendata import build_record

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
PAYLOADS = ['=HYPERLINK("https://evil.example")', "+1+2", "-2+3", "@SUM(A1)", "\t=1", "\r=1"]


def store_formulas(model):
    """Every free-text column of every `model` row set to a formula, past the forms."""
    for n, record in enumerate(model.objects.all()):
        values = {}
        for field in model._meta.concrete_fields:
            if not isinstance(field, (models.CharField, models.TextField)):
                continue
            if (
                isinstance(field, models.SlugField)
                or field.choices
                or field.name in {"version", "iso_code"}
            ):
                continue
            payload = PAYLOADS[n % len(PAYLOADS)]
            values[field.attname] = payload[: field.max_length] if field.max_length else payload
        model.objects.filter(pk=record.pk).update(**values)


def cells(text):
    return [
        cell
        for row in csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline=""))
        for cell in row
    ]


@pytest.fixture
def hostile_record(db):
    record = build_record()
    for model in (
        Event, JointStatement, Quote, Speaker, MemberState, Topic,
        Chairmanship, Handover, Priority, Initiative,
    ):  # fmt: skip
        store_formulas(model)
    return record


@pytest.mark.parametrize("name", sorted(TABLES))
def test_no_cell_of_a_downloaded_csv_starts_like_a_formula(client, hostile_record, name):
    response = client.get(f"/en/open-data/{name}.csv")
    assert response.status_code == 200
    values = cells(response.content.decode())
    assert values, "the file is empty"
    assert not [cell for cell in values if cell.startswith(FORMULA_STARTS)]
    assert any(cell.startswith("'") for cell in values), "the stored formulas are missing"


def test_no_cell_of_the_csv_files_in_the_zip_starts_like_a_formula(client, hostile_record):
    response = client.get("/en/open-data/dialogue-records.zip")
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    names = [name for name in archive.namelist() if name.endswith(".csv")]
    assert len(names) == len(TABLES)
    for name in names:
        values = cells(archive.read(name).decode())
        assert not [cell for cell in values if cell.startswith(FORMULA_STARTS)], name


def test_a_formula_keeps_its_text_behind_the_quote(client, hostile_record):
    Event.objects.filter(pk=hostile_record.conference.pk).update(theme="=1+2", venue="-5")
    rows = list(
        csv.DictReader(
            io.StringIO(
                client.get("/en/open-data/events.csv").content.decode().removeprefix("\ufeff"),
                newline="",
            )
        )
    )
    conference = next(row for row in rows if row["slug"] == hostile_record.conference.slug)
    assert conference["theme"] == "'=1+2"
    assert conference["venue"] == "'-5"
    assert conference["starts_on"] == "2023-11-30"  # ordinary cells stay as they were


def test_the_open_data_page_says_formulas_are_neutralised(client, db):
    response = client.get("/en/open-data/")
    assert "no spreadsheet runs it as a formula" in response.content.decode()
