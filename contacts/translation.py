"""Request channels' names in English, French and Russian (django-modeltranslation; see
countries/translation.py)."""

from modeltranslation.translator import TranslationOptions, register

from contacts.models import Channel


@register(Channel)
class ChannelTranslation(TranslationOptions):
    fields = ("name",)
