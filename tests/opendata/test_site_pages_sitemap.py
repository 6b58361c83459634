"""The site pages (about, accessibility, privacy) are in the sitemap, in every language."""

import pytest

from tests.opendata.test_downloads import sitemap_paths

pytestmark = pytest.mark.django_db


def test_the_sitemap_lists_each_site_page_in_both_languages(client):
    paths = sitemap_paths(client)
    for slug in ("about", "accessibility", "privacy"):
        assert f"/en/{slug}/" in paths
        assert f"/ru/{slug}/" in paths
