"""Requests a client shapes to break the site get a 4xx with the site's own page, never a 500."""

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import AccessRequest
from contacts.models import Authority

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


# NUL characters: no text field can hold one, and PostgreSQL refuses it in a query.


@pytest.fixture
def authority(albania):
    return Authority.objects.create(country=albania, name="Police Directorate", kind="police")


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    [
        "/admin/contacts/authority/?q=police%00",
        "/admin/contacts/authority/?country__id__exact=1%00",
        "/admin/autocomplete/?term=po%00&app_label=contacts&model_name=contactpoint&field_name=authority",
        "/admin/contacts/authority/%00/change/",
    ],
)
def test_a_nul_character_in_an_admin_search_filter_or_autocomplete_is_a_bad_request(coordinator, authority, path):
    client = Client()
    client.force_login(coordinator)

    response = client.get(path)

    assert response.status_code == 400
    assert b"This request could not be understood" in response.content


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/search/?q=police%00", "/contacts/?authority__name=x%00", "/countries/?q%00=x"])
def test_a_nul_character_in_a_public_query_is_a_bad_request(path):
    assert Client().get(path).status_code == 400


@pytest.mark.django_db
def test_a_nul_character_in_a_form_field_is_a_bad_request(albania):
    response = Client().post(
        reverse("access-request"),
        {"name": "Ana\x00", "organization": "Police", "country": albania.pk, "email": "a@example.org", "reason": "x"},
    )
    assert response.status_code == 400
    assert not AccessRequest.objects.exists()


@pytest.mark.django_db
def test_a_malformed_concurrency_token_is_a_form_error_not_a_crash(coordinator, authority):
    client = Client()
    client.force_login(coordinator)
    url = reverse("admin:contacts_authority_change", args=[authority.pk])

    response = client.post(
        url,
        {
            "country": authority.country_id,
            "name": "Changed",
            "kind": authority.kind,
            "concurrency_token": "2024-13-45T99:99:99",
            "contact_points-TOTAL_FORMS": "0",
            "contact_points-INITIAL_FORMS": "0",
        },
    )

    assert response.status_code == 200
    assert "Someone else saved this record" in response.content.decode()
    authority.refresh_from_db()
    assert authority.name == "Police Directorate"


@pytest.mark.django_db
def test_confirming_an_import_whose_file_is_gone_asks_to_upload_it_again(coordinator):
    client = Client()
    client.force_login(coordinator)

    response = client.post(
        reverse("admin:contacts_authority_process_import"),
        {"import_file_name": "handbook-import-gone.csv", "original_file_name": "authorities.csv", "format": "0"},
        follow=True,
    )

    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == reverse("admin:contacts_authority_import")
    assert "Upload it again" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/metrics", "/admin/login/", "/healthz"])
def test_trace_is_refused_everywhere(path):
    response = Client().generic("TRACE", path)
    assert response.status_code == 405
    assert "TRACE" not in response["Allow"]
