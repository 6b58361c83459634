"""The search form's empty fields and default order never reach the address."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("asked", "tidy"),
    [
        ("?q=water&year_from=&year_to=&sort=relevance", "/en/search/?q=water"),
        ("?q=water&sort=newest&state=", "/en/search/?q=water&sort=newest"),
        ("?q=&kind=event&sort=newest", "/en/search/?kind=event"),
        ("?q=&year_from=", "/en/search/"),
    ],
)
def test_a_submitted_search_lands_on_its_shortest_address(client, asked, tidy):
    response = client.get("/en/search/" + asked)
    assert response.status_code == 302
    assert response["Location"] == tidy
    assert client.get(tidy).status_code == 200


def test_a_tidy_address_is_answered_at_once(client):
    assert client.get("/en/search/?q=water&sort=oldest").status_code == 200
