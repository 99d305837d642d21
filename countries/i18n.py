"""Reading the stored translations (countries/translation.py) inside a query, where
django-modeltranslation's rewriting of field names does not reach: a union, a subquery, an
expression; and the versions of what focal points write (`Written`)."""

import datetime
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from django.core.exceptions import FieldDoesNotExist
from django.db.models import F, TextField, Value
from django.db.models.functions import Coalesce, NullIf
from django.template.defaultfilters import date as date_filter
from django.template.defaultfilters import linebreaksbr
from django.utils.formats import date_format
from django.utils.html import conditional_escape, format_html
from django.utils.translation import get_language, pgettext
from django.utils.translation import gettext as _
from modeltranslation.translator import NotRegistered, translator

# The languages stored beside English (settings.MODELTRANSLATION_LANGUAGES).
TRANSLATIONS = ("fr", "ru")


def columns(*fields):
    """Each field's column (English) followed by its French and Russian columns."""
    return tuple(
        column for field in fields for column in (field, *(f"{field}_{language}" for language in TRANSLATIONS))
    )


def fold(text):
    """Lower-case and strip accents: "Türkiye" and "TURKIYE" both become "turkiye"."""
    if text is None:
        return None
    decomposed = unicodedata.normalize("NFKD", str(text).casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def reader_language():
    """The language the reader reads: "en", "fr" or "ru"."""
    return (get_language() or "en").split("-")[0]


def is_translated(model, field):
    try:
        return field in translator.get_options_for_model(model).all_fields
    except NotRegistered:
        return False


def translated_column(model, field, prefix=""):
    """`field` of `model` (reached through `prefix`, such as "country__") in the reader's
    language, else in English: an expression."""
    if not is_translated(model, field):
        return F(f"{prefix}{field}")
    language = reader_language()
    if language == "en":
        return F(f"{prefix}{field}_en")
    return Coalesce(
        NullIf(F(f"{prefix}{field}_{language}"), Value("")), F(f"{prefix}{field}_en"), output_field=TextField()
    )


def translated_path(model, path):
    """`path` from `model` ("languages__name", "name") as an expression that reads a translated
    field in the reader's language, else in English; any other field as it is."""
    *relations, field = path.split("__")
    target = model
    for relation in relations:
        try:
            target = target._meta.get_field(relation).related_model
        except FieldDoesNotExist:
            target = None
        if target is None:  # a transform or a lookup, not a relation
            return F(path)
    return translated_column(target, field, prefix="".join(f"{relation}__" for relation in relations))


def with_translations(model, *paths):
    """`paths` for `.only()`, with the language columns of each translated field they name
    ("country__name" adds "country__name_en", "country__name_fr" and "country__name_ru"), so that
    reading the field in any language loads nothing more."""
    from modeltranslation.settings import AVAILABLE_LANGUAGES

    result = []
    for path in paths:
        result.append(path)
        *relations, field = path.split("__")
        target = model
        for relation in relations:
            target = target._meta.get_field(relation).related_model
        if is_translated(target, field):
            result += [f"{path}_{language}" for language in AVAILABLE_LANGUAGES]
    return result


# Text that focal points write ------------------------------------------------------------------
# A focal point writes a field's text in English (its own column, `details`) and may add a French
# or a Russian version beside it (`details_fr`, `details_ru`): plain columns, read as they are,
# never rewritten by the reader's language.

WRITTEN_LANGUAGES = ("en", *TRANSLATIONS)


@dataclass(frozen=True)
class Written:
    """One field's text in the version the reader gets: theirs where it exists, else English,
    else French, else Russian, with the language it is written in (`lang`)."""

    text: str = ""
    lang: str = "en"
    reader: str = "en"

    def __str__(self):
        return self.text

    def __bool__(self):
        return bool(self.text.strip())

    @property
    def is_elsewhere(self):
        """Whether the reader's language has no version, so that another language's is shown."""
        return bool(self) and self.lang != self.reader

    @property
    def note(self):
        """What the reader is told when the text is not in their language."""
        if not self.is_elsewhere:
            return ""
        return _("Not yet available in %(reader)s; shown in %(language)s.") % {
            "reader": language_name(self.reader, self.reader),
            "language": language_name(self.lang, self.reader),
        }


def written(versions, reader=None):
    """The `Written` of `versions` ({language: text}) for `reader` (the active language)."""
    reader = reader or reader_language()
    for language in dict.fromkeys((reader, *WRITTEN_LANGUAGES)):
        text = versions.get(language) or ""
        if text.strip():
            return Written(text, language, reader)
    return Written("", reader, reader)


def written_versions(source, field):
    """{language: text} of `field` on `source`, an object or a dict of values."""
    get = source.get if isinstance(source, dict) else lambda name: getattr(source, name, "")
    return {language: get(field if language == "en" else f"{field}_{language}") or "" for language in WRITTEN_LANGUAGES}


def written_field(source, field):
    """`field` of `source` as the reader gets it (a `Written`)."""
    return written(written_versions(source, field))


@lru_cache(maxsize=32)
def language_name(code, locale):
    """A language's name in `locale`, from CLDR (Babel): "anglais" for ("en", "fr")."""
    from babel import Locale

    return Locale.parse(locale).languages.get(code, code)


def render_written(value, css_class="", tag="span", linebreaks=False):
    """The HTML of a `Written`: the text marked with its language, and the note when it is not the
    reader's. Escaped: focal points' text is never trusted as HTML."""
    if not value:
        return ""
    text = linebreaksbr(value.text) if linebreaks else conditional_escape(value.text)
    html = format_html(
        '<{tag} class="{css}" lang="{lang}">{text}</{tag}>', tag=tag, css=css_class, lang=value.lang, text=text
    )
    if value.is_elsewhere:
        html += format_html(' <{tag} class="meta written-note">{note}</{tag}>', tag=tag, note=value.note)
    return html


# Django's month letters: "F" the name, "E" the name as it stands after a day (the genitive in
# Russian: "16 октября", where "F" gives "16 Октябрь"), "M", "b" and "N" abbreviations. French
# abbreviations are ambiguous ("Jui": juin or juillet?) and Russian ones read as fragments, so in
# those languages a day's month is written in full. An escaped letter ("\\F") is text.
_MONTH_LETTERS = re.compile(r"(\\.)|[FEMbN]")
_DAY_LETTERS = re.compile(r"(?<!\\)[jd]")
_DAY_MONTH = {"fr": "F", "ru": "E"}


def day_format(format_string, language=None):
    """`format_string` (Django's date format letters) with the month as `language` (the reader's)
    writes it after a day number: in full in French, in full and in the genitive in Russian.
    English keeps its abbreviations ("28 Jun 2026" is unambiguous); a month without a day ("F Y")
    and the machine formats ("c", "Y-m-d") are left as they are."""
    month = _DAY_MONTH.get((language or reader_language()).split("-")[0])
    if month is None or not _DAY_LETTERS.search(format_string):
        return format_string
    return _MONTH_LETTERS.sub(lambda match: match.group(1) or month, format_string)


@lru_cache(maxsize=4096)
def _day_in(value, format_string, language):
    return date_format(value, day_format(format_string, language))


def format_day(value, format_string="j F Y"):
    """A calendar day (or a date and time) for a reader, in their language: the one way every date
    a person reads is written ("16 October 2024", "16 octobre 2024", "16 октября 2024"); machine
    formats (JSON, CSV) use `isoformat()`. A plain date is remembered per language: a route or a
    directory page formats the same few days hundreds of times. Anything else (a datetime, None, a
    string) goes through Django's `date` filter."""
    if type(value) is datetime.date:
        return _day_in(value, format_string, get_language())
    return date_filter(value, day_format(format_string))


# Article references ("Art. 11") are stored as the English texts write them; each language
# writes the abbreviation its own way ("art. 11", "ст. 11").
_ARTICLE_PREFIX = re.compile(r"^Art\.\s*")


def article_label(article):
    """A provision's article reference ("Art. 28(1)(b)") as the reader's language writes it; the
    stored value is kept as it is for search, exports and the JSON."""
    if not article:
        return ""
    prefix = pgettext("abbreviation of article, before its number", "Art.")
    return _ARTICLE_PREFIX.sub(lambda _match: f"{prefix} ", str(article))
