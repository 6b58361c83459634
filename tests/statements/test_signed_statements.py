"""A signed statement: the people who signed it, for which state, where and when; the
signatories block on the page; and its PDF in either language, made once per version."""

import io
from datetime import date

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse
from pypdf import PdfReader

from dialogue.records.models import PublicationStatus
from statements.models import Signatory
from statements.pdf import PDF_FOLDER
from tests.factories import EventFactory, JointStatementFactory, MemberStateFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def statement():
    kazakhstan = MemberStateFactory(
        name="Kazakhstan",
        name_ru="Казахстан",
        official_name="Republic of Kazakhstan",
        official_name_ru="Республика Казахстан",
        iso_code="KZ",
    )
    uzbekistan = MemberStateFactory(
        name="Uzbekistan", official_name="Republic of Uzbekistan", iso_code="UZ"
    )
    event = EventFactory(
        title="Combating Gender-Based Violence in the Region",
        starts_on=date(2023, 12, 12),
        ends_on=date(2023, 12, 12),
        city="Astana",
        host_state=kazakhstan,
    )
    statement = JointStatementFactory(
        title="Joint statement on the protection of women",
        title_ru="Совместное заявление о защите женщин",
        slug="protection-of-women",
        event=event,
        text="The participants support legislative mechanisms.",
        text_ru="Участники поддерживают законодательные механизмы защиты женщин.",
        signed_at="Astana",
        signed_on=date(2023, 12, 12),
        source_title="Kazakhstan concludes chairmanship",
        source_url="https://example.org/news/dialogue-2023",
    )
    statement.signatories.set([kazakhstan, uzbekistan])
    Signatory.objects.create(
        statement=statement,
        order=1,
        name="Zhuldyz Suleimenova",
        position="Member of the Mazhilis",
        state=kazakhstan,
    )
    Signatory.objects.create(
        statement=statement,
        order=2,
        name="Tanzila Narbaeva",
        position="Chairperson of the Senate",
        state=uzbekistan,
    )
    return statement


def pdf_text(content):
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def kept_pdfs():
    if not default_storage.exists(PDF_FOLDER):
        return []
    return default_storage.listdir(PDF_FOLDER)[1]


def test_the_page_shows_who_signed_for_which_state_where_and_when(client, statement):
    html = client.get(statement.get_absolute_url()).content.decode()
    block = html[html.index('id="signatures"') :]
    assert "Signed at Astana on Dec. 12, 2023" in block
    assert block.index("Zhuldyz Suleimenova") < block.index("Tanzila Narbaeva")
    assert "For Republic of Kazakhstan" in block
    assert "Chairperson of the Senate" in block
    assert f'href="/en/statements/{statement.slug}/statement.pdf"' in html


def test_the_russian_page_names_the_state_in_russian(client, statement):
    html = client.get(f"/ru/statements/{statement.slug}/").content.decode()
    assert "От имени государства Республика Казахстан" in html
    assert "Подписано: Astana, 12 декабря 2023" in html


def test_the_pdf_carries_the_text_signatories_source_and_address(client, statement):
    response = client.get(reverse("statements:statement_pdf", kwargs={"slug": statement.slug}))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "Joint statement on the protection of women" in text
    assert "Zhuldyz Suleimenova" in text and "Tanzila Narbaeva" in text
    assert "Kazakhstan concludes chairmanship" in text
    assert f"http://testserver/en/statements/{statement.slug}/" in text


def test_the_russian_pdf_is_in_cyrillic(client, statement):
    response = client.get(f"/ru/statements/{statement.slug}/statement.pdf")
    assert response.status_code == 200
    text = pdf_text(response.content)
    assert "Совместное заявление о защите женщин" in text
    assert "Участники поддерживают законодательные механизмы" in text
    assert "Республика Казахстан" in text
    assert f"http://testserver/ru/statements/{statement.slug}/" in text


def test_a_pdf_is_made_once_per_version_and_language_and_kept(client, statement):
    url = f"/en/statements/{statement.slug}/statement.pdf"
    first = client.get(url).content
    assert len(kept_pdfs()) == 1
    assert client.get(url).content == first  # read back, not made again
    assert len(kept_pdfs()) == 1
    client.get(f"/ru/statements/{statement.slug}/statement.pdf")
    assert len(kept_pdfs()) == 2
    statement.title_en = "Joint statement on the legal protection of women"
    statement.save()
    changed = client.get(url).content
    assert "legal protection" in pdf_text(changed)
    assert len(kept_pdfs()) == 3


def test_a_draft_statement_has_no_pdf(client, statement):
    statement.publication_status = PublicationStatus.DRAFT
    statement.save()
    response = client.get(f"/en/statements/{statement.slug}/statement.pdf")
    assert response.status_code == 404
