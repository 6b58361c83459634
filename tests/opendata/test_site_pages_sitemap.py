"""The site pages (about, accessibility, privacy) are in sitemap.xml, in every language."""

import pytest

pytestmark = pytest.mark.django_db


def test_the_sitemap_lists_each_site_page_in_both_languages(client):
    sitemap = client.get("/sitemap.xml").content.decode()
    for slug in ("about", "accessibility", "privacy"):
        assert f"<loc>http://testserver/en/{slug}/</loc>" in sitemap
        assert f"<loc>http://testserver/ru/{slug}/</loc>" in sitemap
