"""The people and organisation pages with the demo record: loaded from the article, in
both languages, and valid HTML (Nu HTML Checker)."""

import io
import json
import subprocess

import pytest
from django.core.management import call_command

from statements.models import Participation
from tests.browser_support import vnu_command

pytestmark = pytest.mark.django_db

PAGES = [
    "/{lang}/speakers/",
    "/{lang}/speakers/tanzila-narbaeva/",
    "/{lang}/organisations/",
    "/{lang}/organisations/mazhilis/",
    "/{lang}/quotes/?speaker=zhuldyz-suleimenova",
    "/{lang}/events/combating-gender-based-violence-in-the-region/",
]


@pytest.fixture
def demo():
    call_command("load_demo_data", stdout=io.StringIO())


def test_the_demo_data_records_the_article_speakers_as_participants(demo):
    participations = Participation.objects.select_related("person", "organisation")
    assert sorted((p.person.name, p.organisation.name, p.role) for p in participations) == [
        ("Tanzila Narbaeva", "Senate of the Oliy Majlis", "speaker"),
        ("Zhuldyz Suleimenova", "Mazhilis of the Parliament of Kazakhstan", "speaker"),
    ]
    assert all(p.state is None for p in participations)
    call_command("load_demo_data", stdout=io.StringIO())
    assert Participation.objects.count() == 2


def test_the_event_page_lists_its_participants_in_russian(client, demo):
    html = client.get("/ru/events/combating-gender-based-violence-in-the-region/").content.decode()
    assert "Участники" in html
    assert "Выступающий" in html
    assert "Председатель Сената Олий Мажлиса Республики Узбекистан" in html


def test_the_people_and_organisation_pages_are_valid_html(client, demo, tmp_path):
    files = []
    for number, pattern in enumerate(PAGES):
        for lang in ("en", "ru"):
            response = client.get(pattern.format(lang=lang))
            assert response.status_code == 200, pattern
            path = tmp_path / f"page-{number}-{lang}.html"
            path.write_bytes(response.content)
            files.append(path)
    result = subprocess.run(vnu_command(files), capture_output=True, text=True, timeout=300)
    messages = json.loads(result.stdout)["messages"]
    errors = [
        f"{m.get('url', '?').rsplit('/', 1)[-1]} line {m.get('lastLine', '?')}: {m['message']}"
        for m in messages
        if m["type"] != "info"
    ]
    assert not errors, "\n".join(errors)
