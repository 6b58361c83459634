"""The site's own pages (about, accessibility, privacy): both languages, the footer, the admin."""

import importlib
import io

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation
from pytest_django.asserts import assertContains, assertNotContains

from dialogue.pages import demo
from dialogue.pages.models import FOOTER_PAGES, SitePage
from tests.admin_support import change_url

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def pages():
    """The footer's pages with the demo text (made here: a test that empties the database
    removes the ones the migration made)."""
    for slug in FOOTER_PAGES:
        SitePage.objects.update_or_create(slug=slug, defaults=demo.page_values(slug))
    return {page.slug: page for page in SitePage.objects.all()}


def test_a_migration_makes_the_footer_pages_so_no_footer_link_is_a_404():
    SitePage.objects.all().delete()
    footer_pages = importlib.import_module("dialogue.pages.migrations.0002_footer_pages")
    footer_pages.create(apps, None)
    assert sorted(SitePage.objects.values_list("slug", "title_ru")) == [
        ("about", "Об этом архиве"),
        ("accessibility", "Заявление о доступности"),
        ("privacy", "Конфиденциальность"),
    ]


def test_each_page_reads_in_english_and_in_russian(client, pages):
    english = client.get("/en/about/")
    assertContains(english, "<h1>About this record</h1>", html=True)
    assertContains(english, "Kazakhstan chaired the dialogue for one year.")
    assertContains(english, "<h2>Where the facts come from</h2>", html=True)
    assertContains(english, '<a href="/en/open-data/">open data</a>', html=True)
    russian = client.get("/ru/about/")
    assertContains(russian, "<h1>Об этом архиве</h1>", html=True)
    assertContains(russian, "Казахстан председательствовал в Диалоге в течение года.")
    assertContains(russian, '<a href="/ru/open-data/">открытые данные</a>', html=True)
    assertNotContains(russian, 'class="untranslated"')


def test_a_page_without_russian_text_shows_the_english_marked_as_english(client):
    SitePage.objects.filter(slug="privacy").update(body_en="We keep little.", body_ru="")
    page = client.get("/ru/privacy/")
    assertContains(
        page, '<div lang="en" class="untranslated"><p>We keep little.</p></div>', html=True
    )


@pytest.mark.parametrize("language", ["en", "ru"])
@pytest.mark.parametrize("url_name", ["home", "events:event_list", "chairmanships:timeline"])
def test_every_page_links_to_the_three_pages_in_its_language_from_the_footer(
    client, language, url_name
):
    with translation.override(language):
        url = reverse(url_name)
    page = client.get(url)
    labels = {
        "en": ["About", "Accessibility", "Privacy"],
        "ru": ["Об архиве", "Доступность", "Конфиденциальность"],
    }
    for slug, label in zip(FOOTER_PAGES, labels[language], strict=True):
        assertContains(page, f'<a href="/{language}/{slug}/">{label}</a>', html=True)


def test_the_footer_links_lead_to_pages(client, pages):
    for slug in FOOTER_PAGES:
        for language in ("en", "ru"):
            assert client.get(f"/{language}/{slug}/").status_code == 200


def test_an_unknown_page_is_not_found(client):
    assert client.get("/en/no-such-page/").status_code == 404
    assert client.get("/ru/no-such-page/").status_code == 404


HOSTILE = (
    "<script>alert(1)</script>\n\n"
    "[click](javascript:alert(1)) [data](data:text/html;base64,PHNjcmlwdD4=)\n\n"
    '<img src=x onerror="alert(1)"> </div></main> **unclosed\n\n'
    "# A heading\n\n" + "x" * 3000
)


def test_a_body_with_html_or_script_links_is_shown_as_text_and_the_page_stays_whole(client):
    SitePage.objects.filter(slug="about").update(body_en=HOSTILE)
    page = client.get("/en/about/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert 'href="javascript:' not in html and 'href="data:text' not in html
    assert "<img" not in html
    assert "<h2>A heading</h2>" in html  # under the page's own h1
    assert html.count("</main>") == 1
    assertContains(page, '<a href="/en/privacy/">Privacy</a>', html=True)  # the footer is whole


def test_a_slug_taken_by_another_page_of_the_site_is_refused():
    for slug in ("events", "search", "admin", "chairmanships"):
        with pytest.raises(ValidationError) as error:
            SitePage(slug=slug, title_en="Clash").full_clean()
        assert "is another page of the site" in str(error.value)
    SitePage(slug="contact", title_en="Contact", body_en="").full_clean()


def test_staff_edit_a_page_in_both_languages_and_the_history_keeps_it(admin_client, pages):
    page = pages["privacy"]
    form = admin_client.get(change_url(page)).context["adminform"].form
    data = {name: form[name].value() or "" for name in form.fields}
    data.update(title_en="Privacy note", body_en="We keep **little**.", body_ru="Мы храним мало.")
    response = admin_client.post(change_url(page), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assertContains(admin_client.get("/en/privacy/"), "We keep <strong>little</strong>.")
    assertContains(admin_client.get("/ru/privacy/"), "Мы храним мало.")
    assertContains(admin_client.get("/en/about/"), '<a href="/en/privacy/">Privacy</a>', html=True)
    assert page.history.count() >= 1
    assert page.history.first().body_ru == "Мы храним мало."


def test_the_footer_pages_cannot_be_deleted_in_the_admin(admin_client, pages):
    page = pages["about"]
    url = reverse("admin:pages_sitepage_delete", args=[page.pk])
    assert admin_client.post(url).status_code == 403
    assert SitePage.objects.filter(slug="about").exists()


def test_the_demo_pages_say_what_the_issue_asks(settings):
    settings.SITE_CONTACT_EMAIL = "access@records.example.org"
    call_command("load_demo_data", stdout=io.StringIO())
    accessibility = SitePage.objects.get(slug="accessibility")
    assert "WCAG) 2.2 at level AA" in accessibility.body_en
    assert "mailto:access@records.example.org" in accessibility.body_en
    assert "WCAG) 2.2 на уровне AA" in accessibility.body_ru
    privacy = SitePage.objects.get(slug="privacy")
    for fact in ("unsubscribe", "csrftoken", "sessionid", "Server logs", "no cookie"):
        assert fact in privacy.body_en
    assert "отказа от подписки" in privacy.body_ru
    about = SitePage.objects.get(slug="about")
    assert "Combating Gender-Based Violence in the Region" in about.body_en
    assert "Kyrgyzstan" in about.body_en and "Кыргызстан" in about.body_ru
