"""Choosing countries: the repeated `c` parameter read into a `Selection`, and the form's buttons
(`add`, `move`, `remove`) applied to it. Every country is read in one query (the "add a country"
list needs them all anyway)."""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from countries.expressions import joined_names
from countries.models import Country, Language

MAX_COUNTRIES = 10
# More codes than this in one request are not even looked at: the message says "too many" anyway.
MAX_CODES_READ = 100


def normalise_code(code):
    return code.strip().upper()


def read_codes(values):
    """The non-empty codes among `values` (the repeated `c` parameter), upper-cased, in order."""
    return [code for code in (normalise_code(value) for value in values[:MAX_CODES_READ]) if code]


@dataclass
class Selection:
    """The countries a request names, and what is wrong with the request if anything.

    `countries` holds the known codes, each once, at most `maximum`, in the order given: the form
    shows them, so that one more click repairs the request.
    """

    countries: list
    choices: list
    errors: list = field(default_factory=list)
    notice: str = ""
    minimum: int = 1
    maximum: int = MAX_COUNTRIES

    @property
    def is_ready(self):
        return not self.errors and not self.notice

    @property
    def codes(self):
        return [str(country.code) for country in self.countries]

    @property
    def is_full(self):
        return len(self.countries) >= self.maximum

    @property
    def addable(self):
        """The countries that can still be added (not chosen yet)."""
        chosen = {country.pk for country in self.countries}
        return [country for country in self.choices if country.pk not in chosen]


def all_countries():
    """Every country by name, with its request languages joined (one query)."""
    return list(
        Country.objects.annotate(request_language_names=joined_names(Language.objects.all(), "countries")).order_by(
            "name"
        )
    )


def parse_selection(*, codes, countries, minimum, maximum=MAX_COUNTRIES, empty_notice=""):
    """Check `codes` against `countries` (all of them) and return a `Selection`."""
    by_code = {str(country.code): country for country in countries}
    chosen, seen, unknown, repeated = [], set(), [], []
    for code in codes:
        country = by_code.get(code)
        if country is None:
            if code not in unknown:
                unknown.append(code)
        elif code in seen:
            if country not in repeated:
                repeated.append(country)
        else:
            seen.add(code)
            chosen.append(country)
    errors = []
    if unknown:
        shown = ", ".join(f"“{code[:12]}”" for code in unknown[:5])
        errors.append(
            ngettext(
                "Unknown country code: %(codes)s. Use the two-letter ISO codes of the countries in the handbook.",
                "Unknown country codes: %(codes)s. Use the two-letter ISO codes of the countries in the handbook.",
                len(unknown),
            )
            % {"codes": shown}
        )
    for country in repeated:
        errors.append(
            _("%(country)s is listed more than once; each country can appear only once.") % {"country": country}
        )
    if len(chosen) > maximum:
        errors.append(
            _("Choose at most %(maximum)s countries (%(count)s were given); only the first %(maximum)s are kept below.")
            % {"maximum": maximum, "count": len(chosen)}
        )
        chosen = chosen[:maximum]
    notice = ""
    if not errors and len(chosen) < minimum:
        notice = (
            empty_notice
            if not chosen and empty_notice
            else _("Choose at least %(minimum)s countries (%(count)s chosen so far).")
            % {"minimum": minimum, "count": len(chosen)}
        )
    return Selection(
        countries=chosen, choices=countries, errors=errors, notice=notice, minimum=minimum, maximum=maximum
    )


def select_countries(*, codes, minimum, maximum=MAX_COUNTRIES, empty_notice=""):
    return parse_selection(
        codes=codes, countries=all_countries(), minimum=minimum, maximum=maximum, empty_notice=empty_notice
    )


def edit_codes(*, codes, add="", move="", remove=""):
    """`codes` after the form's buttons: `remove=<index>`, `move=up:<index>` or `move=down:<index>`,
    then `add=<code>` appended. Indexes count from 0; anything malformed is ignored."""
    codes = list(codes)
    try:
        index = int(remove)
    except (TypeError, ValueError):
        index = None
    if index is not None and 0 <= index < len(codes):
        del codes[index]
    direction, _sep, position = (move or "").partition(":")
    try:
        index = int(position)
    except ValueError:
        index = None
    if index is not None and 0 <= index < len(codes):
        other = index - 1 if direction == "up" else index + 1 if direction == "down" else -1
        if 0 <= other < len(codes):
            codes[index], codes[other] = codes[other], codes[index]
    add = normalise_code(add or "")
    if add:
        codes.append(add)
    return codes
