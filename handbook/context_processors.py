"""Site-wide template context."""

from contacts.models import Authority, ContactPoint
from countries.models import Answer, Instrument
from handbook import languages
from operations import data_version


def _sample_data_present():
    return any(model.objects.filter(is_sample=True).exists() for model in (ContactPoint, Authority, Answer, Instrument))


def sample_data(request):
    """Whether any sample record exists: every page says so while it does."""
    return {"sample_data_present": data_version.cached("sample-present", _sample_data_present)}


def language_alternates(request):
    """This page in every language, for `hreflang` links; worked out only where a template asks."""
    return {"language_alternates": lambda: languages.alternates(request)}
