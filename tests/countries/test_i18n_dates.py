"""Dates as each language writes them: the month after a day in the genitive in Russian ("16 октября
2024", never "16 Октябрь 2024" or "16 Окт 2024") and in full in French ("28 juin 2026", never the
ambiguous "28 Jui 2026"), through `countries.i18n.format_day`, which every page's `date` filter calls."""

import datetime
import re

import pytest
from django.utils import timezone, translation

from countries.i18n import day_format, format_day
from tests.handbook.test_languages_read_right import ROUTE, reader_text, sample_pages  # noqa: F401 (a fixture)

JUNE_28, AUGUST_3, OCTOBER_16 = datetime.date(2026, 6, 28), datetime.date(2024, 8, 3), datetime.date(2024, 10, 16)

# A day number followed by a Russian month in the nominative, or abbreviated (any case).
RUSSIAN_NOMINATIVE = re.compile(
    r"\b\d{1,2}\s+(?:январь|февраль|март|апрель|май|июнь|июль|август|сентябрь|октябрь|ноябрь|декабрь"
    r"|янв|фев|мар|апр|июн|июл|авг|сен|сент|окт|ноя|нояб|дек)\.?(?!\w)",
    re.IGNORECASE,
)
# A day number followed by an abbreviated French month: "Jui" is juin or juillet.
FRENCH_ABBREVIATION = re.compile(
    r"\b\d{1,2}\s+(?:jan|janv|fév|fev|févr|mar|avr|mai\.|jui|juil|aoû|aou|sep|sept|oct|nov|déc|dec)\.?(?!\w)",
    re.IGNORECASE,
)
WRONG = {"ru": RUSSIAN_NOMINATIVE, "fr": FRENCH_ABBREVIATION}


@pytest.mark.parametrize(
    ("language", "value", "format_string", "expected"),
    [
        ("ru", OCTOBER_16, "j F Y", "16 октября 2024"),
        ("ru", JUNE_28, "j M Y", "28 июня 2026"),
        ("ru", AUGUST_3, "j b Y", "3 августа 2024"),
        ("fr", JUNE_28, "j M Y", "28 juin 2026"),
        ("fr", AUGUST_3, "j M Y", "3 août 2024"),
        ("fr", datetime.date(2026, 7, 28), "j N Y", "28 juillet 2026"),
        ("en", JUNE_28, "j M Y", "28 Jun 2026"),
        ("en", OCTOBER_16, "j F Y", "16 October 2024"),
    ],
)
def test_a_day_reads_in_each_language(language, value, format_string, expected):
    with translation.override(language):
        assert format_day(value, format_string) == expected


def test_a_date_and_time_and_a_month_alone_and_machine_formats():
    moment = timezone.make_aware(datetime.datetime(2024, 10, 16, 9, 5), datetime.UTC)
    with translation.override("ru"):
        assert format_day(moment, "j M Y, H:i") == "16 октября 2024, 09:05"
        assert format_day(OCTOBER_16, "F Y") == "Октябрь 2024"  # no day: the nominative is right
        assert format_day(OCTOBER_16, "Y-m-d") == "2024-10-16"
        assert format_day(None) == ""
    assert day_format(r"j \F M", "fr") == r"j \F F"  # an escaped letter is text


def test_the_patterns_catch_what_they_should():
    assert RUSSIAN_NOMINATIVE.search("Последняя проверка: 16 Октябрь 2024")
    assert RUSSIAN_NOMINATIVE.search("28 Июн 2026") and RUSSIAN_NOMINATIVE.search("5 окт. 2024")
    assert not RUSSIAN_NOMINATIVE.search("16 октября 2024, 3 мая 2026")
    assert FRENCH_ABBREVIATION.search("28 Jui 2026") and FRENCH_ABBREVIATION.search("3 Aoû 2024")
    assert not FRENCH_ABBREVIATION.search("28 juin 2026, 3 août 2024, 5 mai 2026")


@pytest.mark.parametrize("language", ["fr", "ru"])
def test_pages_write_every_day_as_the_language_does(sample_pages, language):  # noqa: F811 (the fixture)
    for page, body in sample_pages(language):
        text = reader_text(body, language)
        wrong = WRONG[language].findall(text)
        assert not wrong, (page, wrong[:5])
        if page == "/countries/albania/":
            assert re.search(
                r"\b\d{1,2} (?:" + ("[а-я]+я|[а-я]+та" if language == "ru" else "[a-zéû]+") + r") \d{4}\b", text
            )
