"""Citing an event, a statement or a quote: the "Cite" block, the downloads a reference
manager imports (parsed back by real parsers), and the meta tags Zotero reads."""

import json
import re
from datetime import date
from html import unescape
from pathlib import Path

import bibtexparser
import pytest
import rispy
from django.urls import reverse
from django.utils import translation
from jsonschema import Draft7Validator

from dialogue.records.models import DatePrecision, PublicationStatus
from tests.factories import (
    EventFactory,
    JointStatementFactory,
    MemberStateFactory,
    QuoteFactory,
    SpeakerFactory,
)

pytestmark = pytest.mark.django_db

CSL_SCHEMA = json.loads((Path(__file__).parent.parent / "data/csl/csl-data.json").read_text())


@pytest.fixture
def statement():
    kazakhstan = MemberStateFactory(
        name="Kazakhstan", official_name="Republic of Kazakhstan", iso_code="KZ"
    )
    kyrgyzstan = MemberStateFactory(
        name="Kyrgyzstan", official_name="Kyrgyz Republic", iso_code="KG"
    )
    event = EventFactory(
        title="Combating Gender-Based Violence in the Region",
        title_ru="Противодействие гендерному насилию в регионе",
        starts_on=date(2023, 12, 12),
        ends_on=date(2023, 12, 12),
        city="Astana",
        host_state=kazakhstan,
    )
    statement = JointStatementFactory(
        title="Joint statement on the protection of women",
        title_ru="Совместное заявление о защите женщин",
        slug="joint-statement-protection",
        event=event,
        summary="Support for legislative mechanisms protecting women.",
    )
    statement.signatories.set([kazakhstan, kyrgyzstan])
    return statement


def download(client, url_name, kwargs, fmt, language="en"):
    with translation.override(language):
        url = reverse(url_name, kwargs={**kwargs, "format": fmt})
    response = client.get(url)
    assert response.status_code == 200, url
    assert "attachment" in response["Content-Disposition"]
    return response


def page_url(record, language):
    with translation.override(language):
        return record.get_absolute_url()


# The page's "Cite" block ---------------------------------------------------------------------


def test_a_statement_page_shows_its_citation_in_apa_and_chicago_with_downloads(client, statement):
    html = client.get(statement.get_absolute_url()).content.decode()
    assert "Cite this statement" in html
    block = html[html.index('id="cite"') :]
    assert "APA (7th edition)" in block and "Chicago (author-date)" in block
    apa = re.search(r"<dt>APA \(7th edition\)</dt>\s*<dd[^>]*>(.*?)</dd>", block, re.S).group(1)
    assert apa.startswith("Republic of Kazakhstan, &amp; Kyrgyz Republic. (2023, December 12).")
    assert "<i>Joint statement on the protection of women</i>" in apa
    assert "http://testserver/en/statements/joint-statement-protection/" in apa
    chicago = re.search(r"<dt>Chicago \(author-date\)</dt>\s*<dd[^>]*>(.*?)</dd>", block, re.S)
    assert "Republic of Kazakhstan, and Kyrgyz Republic. 2023." in chicago.group(1)
    for fmt in ("ris", "bib", "json"):
        url = f"/en/statements/joint-statement-protection/cite.{fmt}"
        assert f'href="{url}"' in block


def test_the_russian_page_cites_the_russian_title_in_russian(client, statement):
    html = client.get(page_url(statement, "ru")).content.decode()
    block = html[html.index('id="cite"') :]
    assert "Совместное заявление о защите женщин" in block
    assert "декабр" in block  # the date in Russian
    assert "http://testserver/ru/statements/joint-statement-protection/" in block
    assert 'href="/ru/statements/joint-statement-protection/cite.ris"' in block


def test_the_event_and_quote_pages_have_their_own_cite_block(client, statement):
    quote = QuoteFactory(event=statement.event, speaker=SpeakerFactory(name="Zhuldyz Suleimenova"))
    event_html = client.get(statement.event.get_absolute_url()).content.decode()
    assert "Cite this event" in event_html
    assert f'href="/en/events/{statement.event.slug}/cite.bib"' in event_html
    quote_html = client.get(quote.get_absolute_url()).content.decode()
    assert "Cite this quote" in quote_html
    assert f'href="/en/quotes/{quote.pk}/cite.json"' in quote_html
    assert "Zhuldyz Suleimenova. (2020, January" not in quote_html  # the event's date, not 2020
    assert "Zhuldyz Suleimenova. (2023, December 12)" in quote_html


def test_record_text_in_a_citation_is_escaped(client, statement):
    statement.title = "<script>alert(1)</script> & co"
    statement.save()
    html = client.get(statement.get_absolute_url()).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; co" in html


# Meta tags --------------------------------------------------------------------------------------


def meta_tags(html):
    head = html[: html.index("</head>")]
    tags = {}
    for name, content in re.findall(r'<meta name="(citation_[a-z_]+)" content="([^"]*)">', head):
        tags.setdefault(name, []).append(unescape(content))
    return tags


@pytest.mark.parametrize("language", ["en", "ru"])
def test_a_statement_page_carries_highwire_citation_meta_tags(client, statement, language):
    tags = meta_tags(client.get(page_url(statement, language)).content.decode())
    title = {"en": statement.title_en, "ru": statement.title_ru}[language]
    assert tags["citation_title"] == [title]
    assert tags["citation_author"] == ["Republic of Kazakhstan", "Kyrgyz Republic"]
    assert tags["citation_publication_date"] == ["2023/12/12"]
    assert tags["citation_language"] == [language]
    assert tags["citation_publisher"][0]
    assert tags["citation_public_url"] == [
        f"http://testserver/{language}/statements/joint-statement-protection/"
    ]


def test_event_and_quote_pages_carry_meta_tags_too(client, statement):
    quote = QuoteFactory(event=statement.event)
    event_tags = meta_tags(client.get(statement.event.get_absolute_url()).content.decode())
    assert event_tags["citation_title"] == [statement.event.title]
    assert event_tags["citation_date"] == ["2023/12/12"]
    quote_tags = meta_tags(client.get(quote.get_absolute_url()).content.decode())
    assert quote_tags["citation_author"] == [quote.speaker.name]
    assert quote_tags["citation_conference_title"] == [statement.event.title]


def test_pages_that_cite_nothing_carry_no_citation_tags(client, statement):
    assert meta_tags(client.get(reverse("home")).content.decode()) == {}


# Downloads, parsed back ----------------------------------------------------------------------


@pytest.mark.parametrize("language", ["en", "ru"])
def test_the_ris_download_parses_back_with_the_statements_fields(client, statement, language):
    response = download(
        client, "statements:statement_cite", {"slug": statement.slug}, "ris", language
    )
    assert response["Content-Type"].startswith("application/x-research-info-systems")
    (entry,) = rispy.loads(response.content.decode())
    title = {"en": statement.title_en, "ru": statement.title_ru}[language]
    assert entry["type_of_reference"] == "GOVDOC"
    assert entry["title"] == title
    assert entry["authors"] == ["Republic of Kazakhstan", "Kyrgyz Republic"]
    assert entry["year"] == "2023"
    assert entry["date"] == "2023/12/12/"
    assert entry["language"] == language
    assert entry["urls"] == [f"http://testserver/{language}/statements/{statement.slug}/"]
    assert entry["place_published"] == "Astana, Kazakhstan"
    assert entry["abstract"] == statement.summary
    assert re.fullmatch(r"\d{4}/\d{2}/\d{2}", entry["access_date"])


@pytest.mark.parametrize("language", ["en", "ru"])
def test_the_bibtex_download_parses_back_with_the_statements_fields(client, statement, language):
    response = download(
        client, "statements:statement_cite", {"slug": statement.slug}, "bib", language
    )
    library = bibtexparser.parse_string(response.content.decode())
    assert not library.failed_blocks
    (entry,) = library.entries
    fields = {key: field.value for key, field in entry.fields_dict.items()}
    title = {"en": statement.title_en, "ru": statement.title_ru}[language]
    assert entry.entry_type == "misc"
    assert fields["title"] == title
    assert fields["author"] == "{Republic of Kazakhstan} and {Kyrgyz Republic}"
    assert fields["year"] == "2023"
    assert fields["date"] == "2023-12-12"
    assert fields["language"] == language
    assert fields["url"] == f"http://testserver/{language}/statements/{statement.slug}/"
    assert (
        fields["eventtitle"]
        == {"en": statement.event.title_en, "ru": statement.event.title_ru}[language]
    )


def test_bibtex_escapes_what_latex_would_read_as_commands(client, statement):
    statement.title = "50% of {women} & girls_in #STEM"
    statement.save()
    response = download(client, "statements:statement_cite", {"slug": statement.slug}, "bib")
    library = bibtexparser.parse_string(response.content.decode())
    assert not library.failed_blocks
    title = library.entries[0].fields_dict["title"].value
    assert title == r"50\% of \{women\} \& girls\_in \#STEM"


@pytest.mark.parametrize("language", ["en", "ru"])
def test_the_csl_json_download_is_valid_csl_data(client, statement, language):
    response = download(
        client, "statements:statement_cite", {"slug": statement.slug}, "json", language
    )
    data = json.loads(response.content)
    Draft7Validator(CSL_SCHEMA).validate(data)
    (item,) = data
    assert item["type"] == "document"
    assert item["title"] == {"en": statement.title_en, "ru": statement.title_ru}[language]
    assert item["author"] == [{"literal": "Republic of Kazakhstan"}, {"literal": "Kyrgyz Republic"}]
    assert item["issued"] == {"date-parts": [[2023, 12, 12]]}
    assert item["language"] == language
    assert item["URL"] == f"http://testserver/{language}/statements/{statement.slug}/"


def test_event_and_quote_downloads_parse_back_and_validate(client, statement):
    event = statement.event
    quote = QuoteFactory(
        event=event, text="Мы уделяем особое внимание цифровым навыкам.", language="ru"
    )
    for url_name, kwargs, kind in (
        ("events:event_cite", {"slug": event.slug}, "event"),
        ("statements:quote_cite", {"pk": quote.pk}, "speech"),
    ):
        data = json.loads(download(client, url_name, kwargs, "json").content)
        Draft7Validator(CSL_SCHEMA).validate(data)
        assert data[0]["type"] == kind
        (ris,) = rispy.loads(download(client, url_name, kwargs, "ris").content.decode())
        assert ris["year"] == "2023"
        library = bibtexparser.parse_string(download(client, url_name, kwargs, "bib").text)
        assert not library.failed_blocks and len(library.entries) == 1
    (ris,) = rispy.loads(
        download(client, "statements:quote_cite", {"pk": quote.pk}, "ris").content.decode()
    )
    assert ris["authors"] == [quote.speaker.name]
    assert ris["title"] == quote.text
    assert ris["language"] == "ru"  # the words' language


def test_a_date_known_to_the_month_is_cited_to_the_month(client, statement):
    statement.event.date_precision = DatePrecision.MONTH
    statement.event.save()
    data = json.loads(
        download(client, "statements:statement_cite", {"slug": statement.slug}, "json").content
    )
    assert data[0]["issued"] == {"date-parts": [[2023, 12]]}


def test_drafts_have_no_citation_download_and_unknown_formats_are_not_found(client, statement):
    url = reverse("statements:statement_cite", kwargs={"slug": statement.slug, "format": "doc"})
    assert client.get(url).status_code == 404
    statement.publication_status = PublicationStatus.DRAFT
    statement.save()
    url = reverse("statements:statement_cite", kwargs={"slug": statement.slug, "format": "ris"})
    assert client.get(url).status_code == 404
