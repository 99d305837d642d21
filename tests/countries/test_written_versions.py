"""What focal points write (a country's summary, an answer's details) is written in English, and a
French or Russian version may stand beside it: readers get theirs where it exists, else the text
as written, marked with its language and with a note saying so (countries.i18n.Written)."""

import csv
import io
import re

import pytest
from django.urls import reverse
from django.utils import translation

from countries.i18n import written
from countries.models import Answer, Question
from tests.handbook.test_imports import _import

pytestmark = pytest.mark.django_db

ENGLISH = "The public prosecutor authorises after hearing the customs service."
FRENCH = "Le procureur autorise après avis de la gendarmerie douanière."
RUSSIAN = "Разрешение даёт прокурор после заключения таможенной службы."


@pytest.fixture
def answer(albania):
    return Answer.objects.create(
        country=albania,
        question=Question.objects.get(key="authorising_authority"),
        details=ENGLISH,
        details_fr=FRENCH,
    )


@pytest.mark.parametrize(
    ("versions", "reader", "text", "lang", "note"),
    [
        ({"en": ENGLISH, "fr": FRENCH}, "fr", FRENCH, "fr", ""),
        ({"en": ENGLISH, "fr": FRENCH}, "en", ENGLISH, "en", ""),
        (
            {"en": ENGLISH, "fr": FRENCH},
            "ru",
            ENGLISH,
            "en",
            "Пока нет на языке «русский»; показано на языке «английский».",
        ),
        ({"en": "", "ru": RUSSIAN}, "en", RUSSIAN, "ru", "Not yet available in English; shown in Russian."),
        (
            {"en": "  ", "fr": FRENCH, "ru": RUSSIAN},
            "en",
            FRENCH,
            "fr",
            "Not yet available in English; shown in French.",
        ),
    ],
)
def test_the_reader_gets_their_version_else_the_text_as_written_with_a_note(versions, reader, text, lang, note):
    with translation.override(reader):
        shown = written(versions)
        assert (shown.text, shown.lang, shown.note) == (text, lang, note)


def test_nothing_written_is_empty():
    assert not written({"en": " \n", "fr": "", "ru": ""})


@pytest.mark.parametrize(
    ("prefix", "shown", "hidden", "lang", "note"),
    [
        ("", ENGLISH, FRENCH, "en", None),
        ("/fr", FRENCH, ENGLISH, "fr", None),
        ("/ru", ENGLISH, FRENCH, "en", "Пока нет на языке «русский»"),
    ],
)
def test_a_country_page_shows_the_readers_version_marked_with_its_language(
    client, answer, prefix, shown, hidden, lang, note
):
    albania = answer.country
    albania.summary, albania.summary_fr = "Customs lead.", "Les douanes mènent."
    albania.save()
    page = client.get(f"{prefix}/countries/albania/").content.decode()
    assert f'<span class="answer__details" lang="{lang}">{shown}</span>' in page
    assert hidden not in page
    summary = "Les douanes mènent." if lang == "fr" else "Customs lead."
    assert f'<p class="summary" lang="{lang}">{summary}</p>' in page
    if note:
        assert note in page
    else:
        assert "written-note" not in page


@pytest.mark.parametrize("path", ["/fr/compare/?c=AL&c=RS", "/fr/route/?c=AL&c=RS", "/fr/route/print/?c=AL&c=RS"])
def test_compare_and_route_show_the_french_version(client, answer, serbia, path):
    page = client.get(path).content.decode()
    assert f'lang="fr">{FRENCH}' in page
    assert ENGLISH not in page


def test_an_answer_written_in_french_only_counts_as_answered(albania):
    question = Question.objects.get(key="authorising_authority")
    Answer.objects.create(country=albania, question=question, details_fr=FRENCH)
    assert Answer.objects.answered().filter(country=albania).count() == 1
    with translation.override("en"):
        page_answer = Answer.objects.get(country=albania, question=question).details_written
    assert (page_answer.text, page_answer.lang) == (FRENCH, "fr")


@pytest.mark.parametrize(("query", "language"), [("gendarmerie", "fr"), ("таможенной", "ru")])
def test_search_finds_the_french_and_russian_versions(client, answer, query, language):
    answer.details_ru = RUSSIAN
    answer.save()
    page = client.get(f"/{language}/search/", {"q": query}).content.decode()
    text = FRENCH if language == "fr" else RUSSIAN
    assert f'lang="{language}">{text[:40]}' in page


def test_search_finds_a_countrys_french_summary(client, albania):
    albania.summary_fr = "Coordination assurée par la brigade portuaire."
    albania.save()
    page = client.get("/fr/search/", {"q": "portuaire"}).content.decode()
    assert 'href="/fr/countries/albania/"' in page


def test_what_a_focal_point_writes_is_escaped(client, answer):
    answer.details_fr = '<script>alert("x")</script>'
    answer.save()
    page = client.get("/fr/countries/albania/").content.decode()
    assert '<script>alert("x")' not in page
    assert "&lt;script&gt;" in page


def test_a_focal_point_adds_a_french_version_in_the_admin_and_it_is_kept_in_history(client, answer, focal_point_a):
    client.force_login(focal_point_a)
    url = reverse("admin:countries_answer_change", args=[answer.pk])
    form = client.get(url).content.decode()
    assert 'name="details_fr"' in form and 'name="details_ru"' in form
    token = re.search(r'name="concurrency_token" value="([^"]*)"', form).group(1)
    data = {
        "concurrency_token": token,
        "country": answer.country_id,
        "question": answer.question_id,
        "value": "",
        "details": ENGLISH,
        "details_fr": FRENCH,
        "details_ru": RUSSIAN,
    }
    response = client.post(url, data)
    assert response.status_code == 302
    answer.refresh_from_db()
    assert answer.details_ru == RUSSIAN
    assert answer.history.first().details_ru == RUSSIAN
    assert answer.history.first().history_user == focal_point_a


def test_the_country_form_offers_the_summary_in_every_language(client, albania, focal_point_a):
    client.force_login(focal_point_a)
    form = client.get(reverse("admin:countries_country_change", args=[albania.pk])).content.decode()
    assert 'name="summary"' in form and 'name="summary_fr"' in form and 'name="summary_ru"' in form
    assert 'name="answers-__prefix__-details_fr"' in form


def _csv(rows):
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue().encode()


def test_answers_import_the_french_and_russian_versions_and_files_without_them_still_load(
    client, focal_point_a, albania
):
    client.force_login(focal_point_a)
    header = ["country", "question", "value", "details", "details_fr", "details_ru"]
    page, final = _import(
        client, "answer", _csv([header, ["AL", "authorising_authority", "", ENGLISH, FRENCH, RUSSIAN]])
    )
    assert final is not None and final.status_code == 302, page[:2000]
    answer = Answer.objects.get(country=albania, question__key="authorising_authority")
    assert (answer.details, answer.details_fr, answer.details_ru) == (ENGLISH, FRENCH, RUSSIAN)
    # A file of the columns before keeps the versions it does not name.
    page, final = _import(
        client,
        "answer",
        _csv([["country", "question", "value", "details"], ["AL", "authorising_authority", "", "New."]]),
    )
    assert final is not None and final.status_code == 302, page[:2000]
    answer.refresh_from_db()
    assert (answer.details, answer.details_fr, answer.details_ru) == ("New.", FRENCH, RUSSIAN)
