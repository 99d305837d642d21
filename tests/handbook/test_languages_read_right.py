"""French and Russian that read right: the switcher names each language in itself, and the Russian
pages give organizations, request channels, languages and article references their Russian names.
Text a focal point wrote in another language is shown marked with its `lang` and is not counted."""

import re
from html.parser import HTMLParser

import pytest
from django.core.management import call_command

ROUTE = "/route/?c=AL&c=MK&c=RS&c=HU"
# The pages of a reading pass: home, the countries, a country, the directory, the law, a
# comparison, a route and the recent changes.
PAGES = ["/", "/countries/", "/countries/albania/", "/contacts/", "/legislation/", "/compare/?c=AL&c=RS", ROUTE,
         "/changes/", "/organizations/"]  # fmt: skip
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class ReaderText(HTMLParser):
    """The text of a page that is in the page's own language: outside scripts and styles, and
    outside any element marked with another `lang` (English answers, the switcher's names)."""

    def __init__(self, language):
        super().__init__(convert_charrefs=True)
        self.stack = [language]
        self.language = language
        self.parts = []

    def handle_starttag(self, tag, attrs):
        if tag in VOID:
            return
        lang = dict(attrs).get("lang")
        skip = tag in ("script", "style")
        self.stack.append("" if skip else (lang or self.stack[-1]))

    def handle_endtag(self, tag):
        if tag not in VOID and len(self.stack) > 1:
            self.stack.pop()

    def handle_data(self, data):
        if self.stack[-1] == self.language:
            self.parts.append(data)

    @classmethod
    def of(cls, body, language):
        parser = cls(language)
        parser.feed(body)
        return re.sub(r"\s+", " ", " ".join(parser.parts))


def reader_text(body, language):
    return ReaderText.of(body, language)


@pytest.fixture
def sample_pages(db, official, client):
    """Every reading-pass page in a language, as an official sees it, with the sample data."""
    call_command("seed_sample", scale=1, verbosity=0)
    client.force_login(official)

    def pages(language):
        for page in PAGES:
            response = client.get(f"/{language}{page}")
            assert response.status_code == 200, page
            yield page, response.content.decode()

    return pages


@pytest.mark.parametrize("language", ["en", "fr", "ru"])
def test_the_switcher_names_each_language_in_itself(client, db, language):
    prefix = "" if language == "en" else f"/{language}"
    body = client.get(f"{prefix}/").content.decode()
    switcher = re.search(r'<nav class="language-switcher".*?</nav>', body, re.DOTALL).group(0)
    for code, name in (("en", "English"), ("fr", "Français"), ("ru", "Русский")):
        assert re.search(
            rf'<li lang="{code}">.*?lang="{code}" title="{name}"><span class="language-switcher__long">{name}<',
            switcher,
        )
    for translated in ("Anglais", "Russe", "Английский", "Французский", "French", "Russian"):
        assert translated not in switcher


# English names that Russian writes its own way, and the Russian names that replace them.
ENGLISH_NAMES = ["Council of Europe", "Pompidou Group", "Europol", "INTERPOL", "Eurojust", "OSCE", "Judicial channel",
                 "Liaison officers", "English", "Albanian", "Macedonian", "Serbian", "Hungarian", "Art."]  # fmt: skip
RUSSIAN_NAMES = {
    "/countries/albania/": ["Совет Европы", "Канал судебного сотрудничества", "английский", "ст. 11"],
    ROUTE: [
        "Совет Европы",
        "Интерпол I-24/7",
        # A joined list of languages, in whichever order the database joins them.
        re.compile("(?:английский, албанский|албанский, английский)"),
        "ст. 18",
        "Участок маршрута: Албания — Северная Македония",
    ],
    "/organizations/": ["Совет Европы", "ОБСЕ", "Европол", "Интерпол", "Группа Помпиду"],
    "/legislation/": ["ст. 11"],
}


def test_russian_pages_name_organizations_channels_languages_and_articles_in_russian(sample_pages):
    found = {}
    for page, body in sample_pages("ru"):
        text = reader_text(body, "ru")
        # Sample authorities are entered in English ("Sample INTERPOL Operations Centre"): only the
        # names the handbook itself gives are checked, as whole words outside such entries.
        text = re.sub(r"Sample [^·(),;]*", " ", text)
        found[page] = [name for name in ENGLISH_NAMES if re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text)]
        for name in RUSSIAN_NAMES.get(page, []):
            assert name.search(text) if isinstance(name, re.Pattern) else name in text, (page, name)
    assert found == {page: [] for page in PAGES}


def test_no_country_name_is_put_where_its_case_or_article_is_wrong(sample_pages):
    """Russian declines a country's name and French puts an article before it: the route reads
    "Участок маршрута: Албания — Северная Македония", "Tronçon : Albanie – Macédoine du Nord"."""
    for language, wrong in (
        ("ru", r"Между [А-Я]|См\. [А-Я]|Член организации [A-ZА-Я]"),
        ("fr", r"Entre [A-Z]|Voir [A-Z]|Membre de [A-Z]"),
    ):
        for page, body in sample_pages(language):
            text = reader_text(body, language)
            assert not re.search(wrong, text), (language, page, re.search(wrong, text))


def test_the_russian_comparison_download_writes_articles_in_russian(client, db):
    call_command("seed_sample", scale=1, verbosity=0)
    text = client.get("/ru/compare/export.csv?c=AL&c=RS").content.decode("utf-8-sig")
    assert re.search(r"ст\. \d", text)
    assert not re.search(r"(?<!\w)Art\. \d", text)
    english = client.get("/compare/export.csv?c=AL&c=RS").content.decode("utf-8-sig")
    assert re.search(r"(?<!\w)Art\. \d", english)
