"""English at the unprefixed addresses, French under /fr/, Russian under /ru/: the switcher keeps
the page and its query and is remembered, alternates name every language, and the admin speaks
the chosen language (handbook/languages.py)."""

import csv
import io

import openpyxl
import pytest
from django.conf import settings

from tests.contacts.test_exports import _download, read_vcf
from tests.contacts.test_exports import awkward as awkward  # a fixture

pytestmark = pytest.mark.django_db

PAGES = ["/", "/countries/", "/countries/albania/", "/contacts/", "/search/?q=police", "/compare/?c=AL&c=RS",
         "/route/?c=AL&c=RS", "/legislation/", "/organizations/", "/accounts/login/", "/accounts/request/"]  # fmt: skip


@pytest.mark.parametrize("language", ["fr", "ru"])
@pytest.mark.parametrize("page", PAGES)
def test_every_page_answers_in_french_and_russian_under_its_prefix(client, language, page):
    response = client.get(f"/{language}{page}")
    assert response.status_code == 200
    assert f'<html lang="{language}">' in response.content.decode()
    assert response.headers["Content-Language"] == language


@pytest.mark.parametrize("page", PAGES)
def test_english_stays_at_the_addresses_shared_before(client, page):
    response = client.get(page, HTTP_ACCEPT_LANGUAGE="ru")
    assert response.status_code == 200
    assert '<html lang="en">' in response.content.decode()


def test_the_interface_is_translated(client):
    assert "Rechercher" in client.get("/fr/").content.decode()
    assert "Поиск" in client.get("/ru/").content.decode()


def test_the_switcher_keeps_the_page_and_its_query(client):
    page = client.get("/countries/albania/?tab=law").content.decode()
    assert 'href="/language/fr/?next=/countries/albania/%3Ftab%3Dlaw"' in page
    response = client.get("/language/fr/", {"next": "/countries/albania/?tab=law"})
    assert response.status_code == 302
    assert response.headers["Location"] == "/fr/countries/albania/?tab=law"
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "fr"
    back = client.get("/language/en/", {"next": "/ru/route/?c=AL&c=RS"})
    assert back.headers["Location"] == "/route/?c=AL&c=RS"


def test_the_choice_is_remembered_on_addresses_shared_before(client):
    client.get("/language/ru/", {"next": "/"})
    response = client.get("/countries/albania/?x=1")
    assert response.status_code == 302
    assert response.headers["Location"] == "/ru/countries/albania/?x=1"
    client.get("/language/en/", {"next": "/"})
    assert client.get("/countries/albania/").status_code == 200


def test_the_switcher_goes_nowhere_but_this_site(client):
    for target in ("https://evil.example/", "//evil.example/", "javascript:alert(1)"):
        response = client.get("/language/fr/", {"next": target})
        assert response.headers["Location"] == "/fr/"


def test_an_unknown_language_is_english(client):
    assert client.get("/language/xx/", {"next": "/countries/"}).headers["Location"] == "/countries/"


def test_alternates_name_this_page_in_every_language_on_the_sites_address(client, settings):
    settings.HANDBOOK_BASE_URL = "https://handbook.example.org/"
    page = client.get("/fr/countries/albania/?tab=law").content.decode()
    for code, prefix in (("en", ""), ("fr", "/fr"), ("ru", "/ru"), ("x-default", "")):
        assert (
            f'<link rel="alternate" hreflang="{code}" href="https://handbook.example.org{prefix}/countries/albania/?tab=law">'
            in page
        )


def test_the_admin_speaks_the_chosen_language(client):
    client.get("/language/fr/", {"next": "/"})
    page = client.get("/admin/login/").content.decode()
    assert '<html lang="fr"' in page
    assert "Connexion" in page or "connecter" in page


def test_each_language_has_its_own_cached_page(client):
    english = client.get("/countries/").content.decode()
    french = client.get("/fr/countries/").content.decode()
    assert english != french
    assert client.get("/countries/").content.decode() == english


def _in(language, message):
    from django.utils import translation

    with translation.override(language):
        return str(translation.gettext(message))


@pytest.mark.parametrize("language", ["fr", "ru"])
def test_exports_speak_the_readers_language_and_vcards_stay_valid(client, awkward, official, language):
    client.force_login(official)
    header = next(csv.reader(io.StringIO(_download(client, f"/{language}/contacts/export.csv")[1].decode("utf-8-sig"))))
    assert header[0] == _in(language, "Country or organization") != "Country or organization"
    workbook = openpyxl.load_workbook(io.BytesIO(_download(client, f"/{language}/contacts/export.xlsx")[1]))
    assert list(next(workbook.worksheets[0].iter_rows(values_only=True))) == header
    cards = read_vcf(_download(client, f"/{language}/contacts/export.vcf")[1])  # vobject parses every card
    assert cards
    notes = " ".join(str(card.note.value) for card in cards if hasattr(card, "note"))
    assert _in(language, "Reachable 24/7") in notes


@pytest.mark.parametrize("language", ["fr", "ru"])
def test_prints_speak_the_readers_language(client, language):
    page = client.get(f"/{language}/route/print/", {"c": ["AL", "RS"]}).content.decode()
    assert f'<html lang="{language}">' in page
    assert _in(language, "Call sheet") in page


@pytest.mark.parametrize("path", ["/countries/albania/", "/countries/albania/print/"])
def test_a_page_body_cached_in_one_language_is_never_served_in_another(client, path):
    assert "Who to call" in client.get(path).content.decode()
    for language in ("fr", "ru"):
        page = client.get(f"/{language}{path}").content.decode()
        assert _in(language, "Who to call") in page
        assert "Who to call" not in page


# The acceptance pages of French and Russian: none may show a question of the questionnaire in
# English. The route's JSON plan is read by the route page's script and shown as it is.
ACCEPTANCE_PAGES = ["/", "/countries/albania/", "/contacts/", "/search/?q=controlled", "/compare/?c=AL&c=RS",
                    "/route/?c=AL&c=MK&c=RS", "/route/plan.json?c=AL&c=MK&c=RS", "/accounts/request/",
                    "/accounts/login/"]  # fmt: skip


@pytest.fixture
def questionnaire():
    from django.core.management import call_command

    from countries.models import Question

    call_command("seed_sample", scale=1, verbosity=0)
    questions = list(Question.objects.rewrite(False).values("text_en", "text_fr", "text_ru"))
    assert len(questions) == 22
    return questions


def _no_question_in_english(body, questions, language):
    from django.utils.html import escape

    for question in questions:
        assert question[f"text_{language}"], question["text_en"]
        assert question["text_en"] not in body and escape(question["text_en"]) not in body, question["text_en"]


@pytest.mark.parametrize("language", ["fr", "ru"])
@pytest.mark.parametrize("page", ACCEPTANCE_PAGES)
def test_no_question_of_the_questionnaire_is_left_in_english(client, questionnaire, language, page):
    response = client.get(f"/{language}{page}")
    assert response.status_code == 200
    body = response.content.decode()
    _no_question_in_english(body, questionnaire, language)
    if page.startswith("/countries/") or page.startswith("/compare/"):
        # The page does show the questionnaire, in the reader's language.
        assert any(question[f"text_{language}"] in body for question in questionnaire)


@pytest.mark.parametrize("language", ["fr", "ru"])
def test_the_admin_change_form_of_a_country_shows_no_question_in_english(client, questionnaire, coordinator, language):
    from countries.models import Country

    client.force_login(coordinator)
    client.get(f"/language/{language}/", {"next": "/"})
    albania = Country.objects.get(code="AL")
    response = client.get(f"/admin/countries/country/{albania.pk}/change/")
    assert response.status_code == 200
    body = response.content.decode()
    assert f'<html lang="{language}"' in body
    _no_question_in_english(body, questionnaire, language)


@pytest.mark.parametrize(
    ("language", "germany", "french"),
    [("fr", "Allemagne", "Livraison surveillée"), ("ru", "Германия", "Контролируемая поставка")],
)
def test_reference_content_reads_in_the_readers_language(client, language, germany, french):
    page = client.get(f"/{language}/countries/").content.decode()
    assert germany in page
    assert "Germany" not in page
    legislation = client.get(f"/{language}/legislation/").content.decode()
    assert french in legislation


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Allemagne", "/countries/germany/"),
        ("Германия", "/countries/germany/"),
        ("Germany", "/countries/germany/"),
        ("livraison surveillée", "#question-permitted"),
        ("контролируемая поставка", "#question-permitted"),
        ("controlled delivery permitted", "#question-permitted"),
    ],
)
def test_search_finds_in_english_french_and_russian(client, query, expected):
    """On SQLite and on PostgreSQL (its text search configured for the three languages)."""
    for prefix in ("", "/fr", "/ru"):
        body = client.get(f"{prefix}/search/", {"q": query}).content.decode()
        assert expected in body, (prefix, query)


def test_french_search_stems_its_words_on_postgresql(client):
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("stemming is PostgreSQL's text search; CI runs this there")
    # "livraisons surveillées" (plural) finds the question about "la livraison surveillée".
    body = client.get("/fr/search/", {"q": "livraisons surveillées autorisées"}).content.decode()
    assert "#question-permitted" in body
    body = client.get("/ru/search/", {"q": "контролируемые поставки"}).content.decode()
    assert "#question-permitted" in body


@pytest.mark.parametrize(
    ("typo", "fixed"), [("Allemagen", "allemagne"), ("Германея", "германия"), ("polise", "police")]
)
def test_a_typing_error_gets_a_suggestion_in_every_language(client, typo, fixed):
    body = client.get("/fr/search/", {"q": typo}).content.decode()
    assert fixed in body


@pytest.mark.parametrize(("language", "name"), [("fr", "Allemagne"), ("ru", "Германия"), ("en", "Germany")])
def test_the_directory_names_countries_in_the_readers_language(client, language, name):
    from contacts.models import Authority, ContactPoint
    from countries.models import Country

    authority = Authority.objects.create(country=Country.objects.get(code="DE"), name="Bundespolizei", kind="police")
    ContactPoint.objects.create(authority=authority, function="Desk", email="desk@example.org", visibility="public")
    prefix = "" if language == "en" else f"/{language}"
    page = client.get(f"{prefix}/contacts/", {"q": name}).content.decode()
    assert f">{name}</a>" in page
    assert "Bundespolizei" in page


@pytest.mark.parametrize(
    ("language", "before", "country", "after"),
    [
        ("fr", "Danemark", "Égypte", "Espagne"),
        ("ru", "Дания", "Египет", "Израиль"),
        ("en", "Denmark", "Egypt", "Estonia"),
    ],
)
def test_countries_are_listed_in_the_alphabetical_order_of_the_readers_language(
    client, language, before, country, after
):
    prefix = "" if language == "en" else f"/{language}"
    page = client.get(f"{prefix}/countries/").content.decode()
    table = page[page.index("<tbody") :]
    assert table.index(f">{before}<") < table.index(f">{country}<") < table.index(f">{after}<")
    reverse = client.get(f"{prefix}/countries/", {"ordering": "-name"}).content.decode()
    table = reverse[reverse.index("<tbody") :]
    assert table.index(f">{after}<") < table.index(f">{country}<") < table.index(f">{before}<")
    # The country filter's drop-down list of the directory too.
    directory = client.get(f"{prefix}/contacts/").content.decode()
    assert directory.index(f">{before}</option>") < directory.index(f">{country}</option>")
