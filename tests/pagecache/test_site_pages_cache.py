"""A cached site page (about, accessibility, privacy) is evicted when staff edit it."""

import pytest

from dialogue.pages.models import SitePage

pytestmark = pytest.mark.django_db


def test_editing_a_site_page_evicts_its_cached_copy_and_the_new_text_shows(
    client, django_capture_on_commit_callbacks
):
    page, _ = SitePage.objects.update_or_create(
        slug="about", defaults={"title_en": "About", "body_en": "The first text."}
    )
    assert client.get("/en/about/")["X-Cache"] == "MISS"
    cached = client.get("/en/about/")
    assert cached["X-Cache"] == "HIT"
    assert f"sitepage-{page.pk}" in cached["Surrogate-Key"].split()

    with django_capture_on_commit_callbacks(execute=True):
        page.body_en = "The second text."
        page.save()
    fresh = client.get("/en/about/")
    assert fresh["X-Cache"] == "MISS"
    assert b"The second text." in fresh.content
