"""Reference content stored in English, French and Russian (countries/translation.py): loaded with
the rest of the reference data, kept by a reload, edited in the admin with its history, and the
English always in the original column."""

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from contacts.models import Channel
from countries.models import Country, Language, Organization, Question
from countries.reference import load_reference

pytestmark = pytest.mark.django_db


def test_the_load_stores_french_and_russian_and_a_reload_keeps_them():
    question = Question.objects.get(key="permitted")
    assert question.text_fr.startswith("La livraison surveillée est-elle autorisée par le droit national")
    assert question.text_ru.startswith("Допускается ли контролируемая поставка")
    report = load_reference()
    assert report.total == 0, report.lines()
    question.refresh_from_db()
    assert question.text_ru.startswith("Допускается ли контролируемая поставка")


def test_country_and_language_names_come_from_locale_data():
    germany = Country.objects.get(code="DE")
    assert (germany.name_en, germany.name_fr, germany.name_ru) == ("Germany", "Allemagne", "Германия")
    german = Language.objects.get(code="de")
    assert (german.name_fr, german.name_ru) == ("allemand", "немецкий")


def test_a_reader_sees_their_language_else_english():
    selec, judicial = Channel.objects.get(slug="selec"), Channel.objects.get(slug="judicial-channel")
    with translation.override("ru"):
        assert judicial.name == "Канал судебного сотрудничества"
        assert selec.name == "SELEC"  # the same in every language: stored in English only
    with translation.override("fr"):
        assert judicial.name == "Voie judiciaire"


def test_a_coordinator_edits_every_language_in_the_admin_with_history(client, coordinator):
    organization = Organization.objects.get(slug="osce")
    client.force_login(coordinator)
    client.get("/language/fr/", {"next": "/"})  # the admin in French: English still goes to English
    url = reverse("admin:countries_organization_change", args=[organization.pk])
    page = client.get(url).content.decode()
    assert 'name="name_fr"' in page and 'name="name_ru"' in page
    data = {
        "slug": organization.slug,
        "acronym_en": organization.acronym_en,
        "acronym_fr": organization.acronym_fr or "",
        "acronym_ru": organization.acronym_ru or "",
        "name_en": "Organization for Security and Co-operation in Europe (edited)",
        "name_fr": "Organisation pour la sécurité et la coopération en Europe (modifiée)",
        "name_ru": organization.name_ru,
        "kind": organization.kind,
        "seat": organization.seat,
        "website": organization.website,
        "role_en": organization.role_en,
        "role_fr": organization.role_fr,
        "role_ru": organization.role_ru,
        "memberships-TOTAL_FORMS": "0",
        "memberships-INITIAL_FORMS": "0",
    }
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    stored = Organization.objects.rewrite(False).values("name", "name_en", "name_fr").get(pk=organization.pk)
    assert stored["name"] == stored["name_en"] == "Organization for Security and Co-operation in Europe (edited)"
    assert stored["name_fr"].endswith("(modifiée)")
    latest = organization.history.latest()
    assert latest.name_fr.endswith("(modifiée)") and latest.name == stored["name_en"]


def test_sample_data_and_reload_on_a_full_database():
    call_command("seed_sample", scale=1, verbosity=0)
    assert load_reference().total == 0
