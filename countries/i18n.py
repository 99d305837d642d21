"""Reading the stored translations (countries/translation.py) inside a query, where
django-modeltranslation's rewriting of field names does not reach: a union, a subquery, an
expression."""

from django.db.models import F, TextField, Value
from django.db.models.functions import Coalesce, NullIf
from django.utils.translation import get_language
from modeltranslation.translator import NotRegistered, translator

# The languages stored beside English (settings.MODELTRANSLATION_LANGUAGES).
TRANSLATIONS = ("fr", "ru")


def columns(*fields):
    """Each field's column (English) followed by its French and Russian columns."""
    return tuple(
        column for field in fields for column in (field, *(f"{field}_{language}" for language in TRANSLATIONS))
    )


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
