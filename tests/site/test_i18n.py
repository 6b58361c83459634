"""English and Russian: every public page in both, the language switcher and alternates,
English text marked as such where Russian is missing, quotes with their translations,
the staff's translation status, and a third language added by settings alone."""

# ruff: noqa: F811 (the fixtures imported from browser_support are test arguments here)
import re
from io import StringIO

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse, translate_url
from django.utils import translation
from django.utils.html import escape

from chairmanships.models import MemberState
from dialogue.staff.roles import EDITOR, sync_roles
from events.models import Event
from statements.models import Quote
from tests.browser_support import LANGUAGES, demo, public_pages  # noqa: F401
from tests.factories import EventFactory, MemberStateFactory, QuoteFactory
from tests.records.test_history import admin_url, form_data

pytestmark = pytest.mark.django_db

SWITCHER = re.compile(r'<nav class="language-switcher".*?</nav>', re.S)


def html_lang(content):
    return re.search(r'<html lang="([^"]+)"', content).group(1)


def alternates(content):
    """The page's <link rel="alternate" hreflang> addresses, by language."""
    return dict(re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', content))


def switcher_links(content):
    """The language switcher's links: hreflang -> (href, lang attribute)."""
    nav = SWITCHER.search(content).group(0)
    return {
        hreflang: (href, lang)
        for href, lang, hreflang in re.findall(
            r'<a href="([^"]+)" lang="([^"]+)" hreflang="([^"]+)"', nav
        )
    }


def in_language(language, name, *args):
    with translation.override(language):
        return reverse(name, args=args)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_public_page_answers_in_each_language_with_its_switcher_and_alternates(
    client, demo, language
):
    problems = []
    for page in public_pages(demo, language):
        response = client.get(page.path)
        label = f"{page.label} ({page.path})"
        if response.status_code != page.status:
            problems.append(f"{label}: answered {response.status_code}")
            continue
        content = response.content.decode()
        if html_lang(content) != language:
            problems.append(f"{label}: <html lang={html_lang(content)}>")
        if page.shows and page.shows not in content:
            problems.append(f"{label}: does not show {page.shows!r}")
        if page.status != 200:
            continue
        expected = {
            code: escape("http://testserver" + translate_url(page.path, code)) for code in LANGUAGES
        }
        expected["x-default"] = expected["en"].replace("/en/", "/", 1)
        if alternates(content) != expected:
            problems.append(f"{label}: alternates {alternates(content)}")
        switcher = switcher_links(content)
        if switcher != {code: (expected[code], code) for code in LANGUAGES}:
            problems.append(f"{label}: switcher {switcher}")
    assert not problems, "\n".join(problems)


def test_the_switcher_keeps_the_visitor_on_the_same_record_and_query(client, demo):
    events = in_language("ru", "events:event_list")
    response = client.get(f"{events}?year=2023&kind=conference")
    english, lang = switcher_links(response.content.decode())["en"]
    assert english == "http://testserver/en/events/?year=2023&amp;kind=conference"
    assert lang == "en"
    state = client.get(
        switcher_links(client.get(demo.kazakhstan.get_absolute_url()).content.decode())["ru"][0]
    )
    assert state.status_code == 200
    assert "<h1>Казахстан</h1>" in state.content.decode()


@pytest.mark.parametrize("accept, expected", [("ru", "/ru/"), ("en-GB,en", "/en/"), ("", "/en/")])
def test_the_bare_address_redirects_to_the_visitors_language(client, accept, expected):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE=accept)
    assert response.status_code == 302
    assert response["Location"] == expected


def test_an_old_address_without_language_redirects_to_the_page(client, demo):
    response = client.get("/events/", HTTP_ACCEPT_LANGUAGE="ru")
    assert response["Location"] == in_language("ru", "events:event_list")


def test_machines_and_staff_addresses_carry_no_language(client, demo):
    assert reverse("sitemap") == "/sitemap.xml"
    assert reverse("robots_txt") == "/robots.txt"
    assert reverse("admin:index") == "/admin/"
    assert reverse("api-v1:api-root") == "/api/v1/"
    assert client.get("/api/v1/").status_code == 200


def test_missing_russian_text_is_shown_in_english_marked_as_english(client):
    state = MemberStateFactory(name_en="Freedonia", name_ru=None, official_name_en="")
    russian = client.get(in_language("ru", "chairmanships:state_detail", state.slug)).content
    russian = russian.decode()
    assert '<h1><span lang="en" class="untranslated">Freedonia</span>' in russian
    assert 'class="untranslated-note"' in russian
    english = client.get(in_language("en", "chairmanships:state_detail", state.slug)).content
    assert b"<h1>Freedonia</h1>" in english
    assert b"untranslated" not in english

    state.name_ru = "Фридония"
    state.save()
    russian = client.get(in_language("ru", "chairmanships:state_detail", state.slug)).content
    assert "<h1>Фридония</h1>" in russian.decode()


def test_running_text_without_russian_is_an_english_block_with_a_note(client):
    event = EventFactory(summary_en="Delegates met.\n\nThey agreed.", summary_ru="")
    content = client.get(in_language("ru", "events:event_detail", event.slug)).content.decode()
    assert '<div lang="en" class="untranslated"><p>Delegates met.</p>' in content
    assert '<p class="untranslated-note">' in content


def test_a_quote_shows_its_original_words_and_the_translation_into_the_page_language(client):
    quote = QuoteFactory(
        text="We act together.", language="en", translation_ru="Мы действуем вместе."
    )
    russian = client.get(in_language("ru", "statements:quote_detail", quote.pk)).content.decode()
    assert '<blockquote lang="en"><p>We act together.</p></blockquote>' in russian
    assert "Мы действуем вместе." in russian
    english = client.get(in_language("en", "statements:quote_detail", quote.pk)).content.decode()
    assert "<blockquote><p>We act together.</p></blockquote>" in english
    assert "Мы действуем вместе." not in english
    assert "quote-translation" not in english


def test_the_sitemap_lists_every_page_in_both_languages(client, demo):
    content = client.get(reverse("sitemap_section", args=["states"])).content.decode()
    slug = demo.kazakhstan.slug
    assert f"<loc>http://testserver/en/states/{slug}/</loc>" in content
    assert f"<loc>http://testserver/ru/states/{slug}/</loc>" in content
    assert f'hreflang="x-default" href="http://testserver/states/{slug}/"' in content


def test_feeds_and_the_api_answer_in_the_requested_language(client, demo):
    feed = client.get(in_language("ru", "opendata:feed_events_rss")).content.decode()
    assert "Противодействие гендерному насилию" in feed
    api = client.get(reverse("api-v1:api-root"), HTTP_ACCEPT_LANGUAGE="ru")
    assert api.status_code == 200
    states = client.get("/api/v1/member-states", HTTP_ACCEPT_LANGUAGE="ru")
    assert "Казахстан" in states.content.decode()
    states = client.get("/api/v1/member-states", HTTP_ACCEPT_LANGUAGE="en")
    assert "Казахстан" not in states.content.decode()


# Staff: what still lacks Russian --------------------------------------------------------


def test_missing_russian_filter_lists_only_records_without_russian(admin_client):
    MemberStateFactory(name_en="Translated", name_ru="Переведено", official_name_en="")
    MemberStateFactory(name_en="Untranslated", name_ru=None, official_name_en="")
    MemberStateFactory(name_en="Blank", name_ru="", official_name_en="")
    changelist = admin_url(MemberState, "changelist")
    content = admin_client.get(f"{changelist}?missing=ru").content.decode()
    assert "Untranslated" in content and "Blank" in content
    assert ">Translated</a>" not in content
    assert "Missing Russian" in admin_client.get(changelist).content.decode() or (
        "?missing=ru" in admin_client.get(changelist).content.decode()
    )


def test_a_quote_lacks_russian_unless_said_in_russian_or_translated():
    said_in_english = QuoteFactory(language="en")
    QuoteFactory(language="en", translation_ru="Перевод")
    QuoteFactory(language="ru")
    from dialogue.records.i18n import missing_translation

    assert list(Quote.objects.filter(missing_translation(Quote, "ru"))) == [said_in_english]


def status_counts(content):
    """The status page's rows: record kind -> (records, missing Russian)."""
    rows = re.findall(
        r'<th scope="row">([^<]+)</th>\s*<td>(\d+)</td>\s*<td data-language="ru">(.*?)</td>',
        content,
    )
    return {name: (int(total), re.sub(r"<[^>]+>|\s.*", "", cell)) for name, total, cell in rows}


def test_translation_status_counts_and_links_to_the_missing_records_in_two_clicks(
    client, django_user_model
):
    MemberStateFactory(name_en="Translated", name_ru="Переведено", official_name_en="")
    MemberStateFactory(name_en="Untranslated", name_ru=None, official_name_en="")
    sync_roles()  # the roles, even after a test that flushed the database
    editor = django_user_model.objects.create_user("editor", is_staff=True)
    editor.groups.add(Group.objects.get(name=EDITOR))
    client.force_login(editor)

    index = client.get(reverse("admin:index")).content.decode()
    status_url = reverse("translation_status")
    assert f'href="{status_url}"' in index  # first click

    status = client.get(status_url)
    assert status.status_code == 200
    counts = status_counts(status.content.decode())
    assert counts["Member states"] == (2, "1")
    assert counts["Events"] == (0, "0")
    missing_url = admin_url(MemberState, "changelist") + "?missing=ru"
    assert f'href="{missing_url}"' in status.content.decode()  # second click
    listed = client.get(missing_url).content.decode()
    assert "Untranslated" in listed and "Переведено" not in listed


def test_the_translation_status_is_for_staff_only(client):
    response = client.get(reverse("translation_status"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


# History keeps every language ------------------------------------------------------------


def test_history_keeps_each_language_and_a_revert_restores_the_russian_text(admin_client):
    state = MemberStateFactory(name_en="Freedonia", name_ru="Фридония")
    good_version = state.history.latest()
    state.name_ru = "Ошибка"
    state.save()
    assert state.history.latest().name_ru == "Ошибка"
    assert good_version.name_ru == "Фридония"
    changes = state.history.latest().diff_against(good_version).changed_fields
    assert "name_ru" in changes

    revert_url = admin_url(state, "simple_history", state.pk, good_version.history_id)
    form = admin_client.get(revert_url).context["adminform"].form
    assert form["name_ru"].value() == "Фридония"
    response = admin_client.post(revert_url, form_data(form))
    assert response.status_code == 302
    state.refresh_from_db()
    assert (state.name_en, state.name_ru) == ("Freedonia", "Фридония")


# A third language by settings alone -----------------------------------------------------


@override_settings(LANGUAGES=[("en", "English"), ("ru", "Русский"), ("kk", "Қазақша")])
def test_a_third_language_is_a_settings_change(client, demo):
    kazakh = in_language("kk", "chairmanships:state_detail", demo.kazakhstan.slug)
    assert kazakh == f"/kk/states/{demo.kazakhstan.slug}/"
    content = client.get(kazakh).content.decode()
    assert html_lang(content) == "kk"
    # No Kazakh text yet: the English, marked as English; the interface falls back too.
    assert '<h1><span lang="en" class="untranslated">Kazakhstan</span>' in content
    assert "Member states" in content
    assert set(alternates(content)) == {"en", "ru", "kk", "x-default"}
    assert switcher_links(content)["kk"] == ("http://testserver" + kazakh, "kk")
    for page in public_pages(demo, "kk"):
        assert client.get(page.path).status_code == page.status, page.label


# The demo record's Russian --------------------------------------------------------------


def test_the_demo_record_has_russian_names_and_keeps_its_quotes_in_english(demo):
    assert demo.kazakhstan.name_ru == "Казахстан"
    assert MemberState.objects.get(iso_code="KG").official_name_ru == "Кыргызская Республика"
    assert demo.conference.theme_ru.startswith("Противодействие гендерному насилию")
    assert demo.statement.title_ru.startswith("Совместное заявление")
    assert demo.topic.name_ru == "Гендерное насилие"
    assert set(Quote.objects.values_list("language", flat=True)) == {"en"}
    assert not Quote.objects.exclude(translation_ru=None).exclude(translation_ru="").exists()
    before = Event.objects.count(), MemberState.objects.count()
    call_command("load_demo_data", stdout=StringIO())
    assert (Event.objects.count(), MemberState.objects.count()) == before
    assert MemberState.objects.get(iso_code="KZ").name_ru == "Казахстан"


def test_robots_txt_keeps_crawlers_out_of_the_search_in_every_language(client):
    lines = client.get(reverse("robots_txt")).content.decode().splitlines()
    for language in LANGUAGES:
        assert f"Disallow: {in_language(language, 'search')}" in lines


# Existing databases keep their text -----------------------------------------------------

BEFORE_TRANSLATIONS = [
    ("chairmanships", "0003_history"),
    ("events", "0002_publication_history_documents"),
    ("statements", "0003_roles"),
]


@pytest.mark.django_db(transaction=True)
def test_migrating_copies_existing_text_into_the_english_columns_and_history():
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE_TRANSLATIONS)
    old = executor.loader.project_state(BEFORE_TRANSLATIONS).apps
    state = old.get_model("chairmanships", "MemberState").objects.create(
        name="Kazakhstan", official_name="Republic of Kazakhstan", iso_code="KZ", slug="kz"
    )
    old.get_model("chairmanships", "HistoricalMemberState").objects.create(
        id=state.pk,
        name="Kazakhstan",
        iso_code="KZ",
        slug="kz",
        history_type="+",
        history_date="2024-01-01T00:00:00Z",
    )

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    migrated = MemberState.objects.get(pk=state.pk)
    assert (migrated.name_en, migrated.name_ru) == ("Kazakhstan", None)
    assert migrated.official_name_en == "Republic of Kazakhstan"
    assert migrated.history.get().name_en == "Kazakhstan"


def test_the_dialogue_is_named_in_the_page_language_everywhere(client):
    """Header, description, JSON-LD and feed titles name the dialogue in Russian on /ru/."""
    with translation.override("ru"):
        home, feed = reverse("home"), reverse("opendata:feed_events_rss")
    html = client.get(home).content.decode()
    assert "Dialogue of Women of Central Asia" not in html
    assert '"name": "Диалог женщин Центральной Азии"' in html
    assert '<meta name="description" content="Диалог женщин Центральной Азии:' in html
    assert "<title>Диалог женщин Центральной Азии: мероприятия</title>" in (
        client.get(feed).content.decode()
    )
