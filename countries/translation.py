"""The reference content stored in English, French and Russian (django-modeltranslation): each
field listed here gets `_en`, `_fr` and `_ru` columns, filled by the reference-data load
(countries/reference) and edited by coordinators in the admin. Country and language names come
from maintained locale data (django-countries, Babel's CLDR), not from hand-typed files.

The history of these models is registered here, after their translation fields exist, so that
django-simple-history records every language's text (the historical models copy the fields the
model has when they are made)."""

import simple_history
from modeltranslation.fields import TranslationField
from modeltranslation.translator import TranslationOptions, register

from countries.models import Country, Instrument, Language, Organization, Provision, Question, Section, Topic


@register(Language)
class LanguageTranslation(TranslationOptions):
    fields = ("name",)


@register(Country)
class CountryTranslation(TranslationOptions):
    fields = ("name",)


@register(Organization)
class OrganizationTranslation(TranslationOptions):
    fields = ("acronym", "name", "role")


@register(Topic)
class TopicTranslation(TranslationOptions):
    fields = ("name",)


@register(Instrument)
class InstrumentTranslation(TranslationOptions):
    fields = ("title",)


@register(Provision)
class ProvisionTranslation(TranslationOptions):
    fields = ("title", "summary")


@register(Section)
class SectionTranslation(TranslationOptions):
    fields = ("title",)


@register(Question)
class QuestionTranslation(TranslationOptions):
    fields = ("text",)


def register_history(model, **options):
    """Track `model` with django-simple-history, translation fields included. A historical record
    repeats values that were unique when saved: like the original field, its translations are
    indexed there, not unique (a translation field describes itself from the original field)."""
    simple_history.register(model, **options)
    for field in model.history.model._meta.fields:
        if isinstance(field, TranslationField) and field.translated_field.unique:
            field._field_options_kwargs = {"unique": False, "db_index": True}


register_history(Country, m2m_fields=["request_languages"])
register_history(Organization)
register_history(Instrument)
register_history(Provision, m2m_fields=["topics"])
register_history(Section)
register_history(Question)
