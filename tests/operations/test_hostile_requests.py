"""Requests a client shapes to break the site get a 4xx with the site's own page, never a 500."""

import pytest
from django.test import Client

PAGES = ["/", "/countries/", "/countries/albania/", "/contacts/", "/search/?q=police", "/admin/login/"]


@pytest.mark.django_db
@pytest.mark.parametrize("path", PAGES)
def test_a_disallowed_host_is_a_bad_request_with_the_sites_page(albania, path, settings):
    settings.ALLOWED_HOSTS = ["handbook.example.org"]
    client = Client(HTTP_HOST="attacker.example.net")

    response = client.get(path)

    assert response.status_code == 400
    assert b"This request could not be understood" in response.content
    assert b"attacker.example.net" not in response.content


@pytest.mark.django_db
def test_a_disallowed_host_gets_the_bad_request_page_in_the_pages_language(settings):
    settings.ALLOWED_HOSTS = ["handbook.example.org"]

    response = Client(HTTP_HOST="attacker.example.net").get("/fr/countries/")

    assert response.status_code == 400
    assert "Cette requête n'a pas pu être comprise" in response.content.decode()


@pytest.mark.django_db
def test_a_disallowed_host_is_a_bad_request_for_a_signed_in_official(official, settings):
    client = Client()
    client.force_login(official)
    settings.ALLOWED_HOSTS = ["handbook.example.org"]

    response = client.get("/countries/", HTTP_HOST="attacker.example.net")

    assert response.status_code == 400
    assert b"This request could not be understood" in response.content


@pytest.mark.django_db
def test_language_links_are_on_the_configured_address_not_the_requests_host(albania, settings):
    settings.HANDBOOK_BASE_URL = "https://handbook.example.org"
    settings.ALLOWED_HOSTS = ["handbook.example.org", "alias.example.org"]

    response = Client(HTTP_HOST="alias.example.org").get("/countries/albania/")

    assert b'hreflang="fr" href="https://handbook.example.org/fr/countries/albania/"' in response.content
    assert b"alias.example.org" not in response.content
