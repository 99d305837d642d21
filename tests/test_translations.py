"""The interface in English, French and Russian: every catalogue complete and compiled from its
source, and no template text that escapes translation."""

import re
from pathlib import Path

import pytest
from django.template.base import Lexer, TokenType
from jinja2 import Environment

from handbook.catalogues import compiled, problems, sources

ROOT = Path(__file__).resolve().parent.parent
# The site's pages and e-mails, in Jinja2; the admin's pages, in the Django template language.
TEMPLATES = ROOT / "templates"
ADMIN_TEMPLATES = [ROOT / app / "templates" / "admin" for app in ("contacts", "countries", "handbook")]
LANGUAGES = ("fr", "ru")


def test_there_is_a_catalogue_for_french_and_russian():
    assert sorted(path.parent.parent.name for path in sources()) == sorted(LANGUAGES)


@pytest.mark.parametrize("po_path", sources(), ids=lambda path: path.parent.parent.name)
def test_every_message_is_translated_and_none_is_fuzzy(po_path):
    assert problems(po_path) == []


@pytest.mark.parametrize("po_path", sources(), ids=lambda path: path.parent.parent.name)
def test_the_compiled_catalogue_is_its_source_compiled(po_path):
    """`manage.py compile_catalogues` after every change to a `.po` file."""
    assert po_path.with_suffix(".mo").read_bytes() == compiled(po_path)


# Text a reader sees: between tags, and in these attributes.
ATTRIBUTES = re.compile(r'\b(?:alt|title|aria-label|placeholder|aria-description|data-[a-z-]*message)="([^"{]*)"')
TAG = re.compile(r"<[^>]*>", re.DOTALL)
NOT_WORDS = re.compile(r"&[a-z]+;|&#\d+;|[\W\d_]+", re.UNICODE)
# Symbols and names that read the same in every language.
ALLOWED = {"OSCE", "UNODC", "CSV", "XLSX", "vCard", "JSON", "RSS", "TOTP", "QR", "ISO", "SPOC", "EU", "EUR"}


def _words(text):
    words = []
    for attribute in ATTRIBUTES.findall(text):
        words += [word for word in attribute.split() if NOT_WORDS.sub("", word)]
    without_tags = TAG.sub(" ", re.sub(r"<(script|style)\b.*?</\1>", " ", text, flags=re.DOTALL))
    for word in without_tags.split():
        bare = NOT_WORDS.sub("", word)
        if bare and bare not in ALLOWED:
            words.append(word)
    return words


def _django_template_text(source):
    """Words in a Django template outside {% translate %}, {% blocktranslate %} and comments: the
    template's text with every tag and variable replaced by a mark that is not a word."""
    skeleton, skipping = [], None
    for token in Lexer(source).tokenize():
        if token.token_type == TokenType.BLOCK:
            name = token.contents.split()[0] if token.contents else ""
            if name in ("blocktranslate", "blocktrans", "comment"):
                skipping = "end" + name
            elif token.contents == "block body_class":  # class names, not text
                skipping = "endblock"
            elif name == skipping:
                skipping = None
        if token.token_type == TokenType.TEXT and skipping is None:
            skeleton.append(token.contents)
        else:
            skeleton.append("\x00")
    return _words("".join(skeleton))


def _jinja_template_text(source):
    """Words in a Jinja2 template outside {% trans %} blocks, found the same way."""
    skeleton, inside, skipping = [], False, False
    tokens = [
        token
        for token in Environment(autoescape=True, extensions=["jinja2.ext.i18n"]).lex(source)
        if token[1] != "whitespace"
    ]
    for index, (_line, kind, value) in enumerate(tokens):
        if kind == "name" and tokens[index - 1][1] == "block_begin":
            if value in ("trans", "endtrans"):
                inside = value == "trans"
            elif value == "block" and tokens[index + 1][2] == "body_class":  # class names, not text
                skipping = True
            elif value == "endblock":
                skipping = False
        skeleton.append(value if kind == "data" and not inside and not skipping else "\x00")
    return _words("".join(skeleton))


def _site_templates():
    return sorted(path for path in TEMPLATES.rglob("*") if path.suffix in (".html", ".txt"))


def _templates():
    return _site_templates() + sorted(path for folder in ADMIN_TEMPLATES for path in folder.rglob("*.html"))


@pytest.mark.parametrize("template", _templates(), ids=lambda path: str(path.relative_to(ROOT)))
def test_no_template_text_escapes_translation(template):
    source = template.read_text()
    words = _jinja_template_text(source) if template.is_relative_to(TEMPLATES) else _django_template_text(source)
    assert words == [], f"text not marked for translation in {template.relative_to(ROOT)}: {words}"


def test_the_shared_macros_are_imported_with_the_page_context():
    """includes/macros.html translates its labels as it is imported: imported without the page's
    context, Jinja2 would run it once per process, in the language of the first page."""
    imports = [
        (str(path.relative_to(ROOT)), line.strip())
        for path in _site_templates()
        for line in path.read_text().splitlines()
        if "import" in line and '"includes/macros.html"' in line
    ]
    assert imports
    assert [(path, line) for path, line in imports if "with context" not in line] == []
