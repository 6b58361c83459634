"""A streamed download names, before its first byte, every model whose rows it shows."""

import pytest
from django.apps import apps
from django.test import RequestFactory

from dialogue.opendata.downloads import TABLES, zip_chunks
from dialogue.opendata.popolo import PopoloExport
from dialogue.pagecache import keys

pytestmark = pytest.mark.django_db

EXPORTS = {
    **{f"{name}.csv": (table.models, table.chunks) for name, table in TABLES.items()},
    "popolo.json": (PopoloExport.MODELS, lambda request: PopoloExport(request).chunks()),
    "zip": (None, zip_chunks),
}


def models_read(chunks):
    """The content models whose rows producing `chunks` read (through tables stand for the
    records they join: changing one purges those records' keys)."""
    with keys.collecting() as collected:
        for _chunk in chunks:
            pass
    by_name = {keys.name(model): model for model in apps.get_models() if keys.is_content(model)}
    return {by_name[key.split("-")[0]] for key in collected if key.split("-")[0] in by_name}


@pytest.mark.parametrize("name", EXPORTS)
def test_each_download_names_ahead_every_model_it_reads(world, name):
    declared, chunks = EXPORTS[name]
    if declared is None:  # the zip: every table and the Popolo document
        declared = {m for table in TABLES.values() for m in table.models}
        declared |= set(PopoloExport.MODELS)
    read = models_read(chunks(RequestFactory().get("/")))
    assert read, name
    assert read <= set(declared), read - set(declared)
