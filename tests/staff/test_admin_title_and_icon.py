"""The admin's own title on the lockout page, and an icon at /favicon.ico."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_lockout_page_carries_the_sites_admin_title(client, settings):
    settings.AXES_FAILURE_LIMIT = 1
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    login = reverse("admin:login")
    for _ in range(2):
        response = client.post(login, {"username": "nobody", "password": "wrong"})
    html = response.content.decode()
    assert "Sign-in locked" in html
    assert "<title>Sign-in locked | Dialogue records admin</title>" in html
    assert "Django site admin" not in html


def test_admin_pages_name_their_icon_and_the_favicon_address_answers(admin_client, client):
    html = admin_client.get(reverse("admin:index")).content.decode()
    assert '<link rel="icon" href="data:image/svg+xml' in html
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("image/")
