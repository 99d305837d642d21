"""The Jinja2 environment of the site's own pages (`templates/`; the admin keeps the Django template
language, see TEMPLATES in handbook/settings.py).

One engine for every page, because the Django template language spent most of a large page's time
resolving variables and translating constant text; Jinja2 compiles each template to Python once.

What the templates find beside their context (the request's, from the context processors):

- `gettext` / `ngettext` (Django's own, so the active language applies), new-style: placeholders
  are named, `gettext("Dear %(name)s,", name=user.name)`, and the values are escaped; the same
  message ids as Django's `{% blocktranslate %}` gave, so the catalogues need no change;
- `url(name, *args, **kwargs)`, `slug_url(name, slug)` (memoised), `static(path)`;
- `querystring(page=n)`: the current query string with the given parameters changed, as Django's
  `{% querystring %}` writes it;
- `written(value, css_class, tag, linebreaks)`: text a focal point wrote, marked with its language;
- `control(bound_field)`: a filter form's control, its drop-down lists written out in Python;
- `choice_labels("contacts.Authority", "kind")`: a field's choice labels, translated once for a
  list (Django's `get_kind_display()` translates every label of the field each time);
- `get_current_language()`, `available_languages()`; filters `date`, `article` ("Art. 11" as the
  reader's language writes it), `linebreaksbr`, `capfirst`, `conditional_escape`.

HTML templates are escaped; the plain-text e-mails (`.txt`) are not, since a mail client shows an
`&amp;` as it is.
"""

import datetime
import sys
from html import escape
from types import SimpleNamespace

import jinja2
from django import forms
from django.apps import apps
from django.core.cache import cache
from django.core.cache.utils import make_template_fragment_key
from django.forms.utils import flatatt
from django.template import defaultfilters, defaulttags
from django.templatetags.static import static
from django.urls import reverse
from django.utils import translation
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.timezone import template_localtime
from jinja2 import Environment, Undefined, pass_context, select_autoescape
from markupsafe import Markup

from countries.i18n import article_label, format_day, render_written
from countries.urls_cache import reverse_slug
from handbook.languages import own_names


def environment(**options):
    # Django's backend proposes these two; the handbook decides them.
    options.pop("autoescape", None)
    options.pop("undefined", None)
    env = Environment(
        # Escaped HTML, unescaped plain-text mail; a template made from a string is HTML.
        autoescape=select_autoescape(
            enabled_extensions=("html",), disabled_extensions=("txt",), default_for_string=True, default=True
        ),
        # A missing value prints nothing and counts as false, as in the Django template language
        # (Django's backend would print `{{ name }}` itself while DEBUG is on).
        undefined=Undefined,
        # A template's last line break is kept, as Django keeps it: the e-mails end with one. Tags
        # keep the line breaks around them too (no trim_blocks or lstrip_blocks), so that the
        # e-mails' lines and the pages' whitespace are what the Django templates gave.
        keep_trailing_newline=True,
        extensions=["jinja2.ext.i18n"],
        **options,
    )
    env.template_class = Template
    env.install_gettext_translations(translation, newstyle=True)
    env.globals.update(
        url=url,
        slug_url=reverse_slug,
        static=static,
        querystring=querystring,
        written=render_written,
        control=control,
        get_current_language=translation.get_language,
        available_languages=available_languages,
        choice_labels=choice_labels,
    )
    # `conditional_escape`: Django's, for text a form gives lazily and may have marked safe (the
    # password validators' help), which Jinja2 would escape without evaluating it first.
    env.filters.update(
        date=date,
        article=article_label,
        linebreaksbr=linebreaksbr,
        capfirst=capfirst,
        conditional_escape=conditional_escape,
        phone=phone,
        email=email,
    )
    return env


def phone(number, css_class=""):
    """`{{ contact.phone|phone("tel") }}`: a telephone number that a phone dials, as a link
    (`number`: a PhoneNumber). A filter rather than a macro or a global function: lists write it
    for every number, and Jinja2 calls a filter directly where it checks each call of a macro or a
    function for its context first."""
    class_attribute = f' class="{escape(css_class)}"' if css_class else ""
    # Every value in it escaped above: safe HTML.
    return Markup(f'<a{class_attribute} href="tel:{escape(number.as_e164)}">{escape(str(number))}</a>')  # noqa: S704


def email(address):
    """`{{ contact.email|email }}`: a mailto link whose text may wrap after the "@" and before each
    dot, so that a narrow column breaks an address between its parts, never inside a name."""
    text = escape(address).replace("@", "@<wbr>").replace(".", "<wbr>.")
    # Escaped above; only <wbr> added: safe HTML.
    return Markup(f'<a href="mailto:{escape(address)}">{text}</a>')  # noqa: S704


class Template(jinja2.Template):
    """A page that tells Django's test client what it rendered (`response.context`,
    `assertTemplateUsed`), as Django's own templates do under test."""

    def render(self, *args, **kwargs):
        context = dict(*args, **kwargs)
        # Only the test client listens, and only once it is imported: nothing to send otherwise.
        test_signals = sys.modules.get("django.test.signals")
        if test_signals is not None:
            test_signals.template_rendered.send(sender=self, template=self, context=context)
        return super().render(context)


def url(viewname, *args, **kwargs):
    """`{{ url("country-print", country.slug) }}`: Django's `reverse`."""
    return reverse(viewname, args=args or None, kwargs=kwargs or None)


@pass_context
def querystring(context, query_dict=None, **kwargs):
    """`{{ querystring(page=2) }}`: Django's `{% querystring %}`, on the request's query string."""
    return defaulttags.querystring(SimpleNamespace(request=context["request"]), query_dict, **kwargs)


class ChoiceLabels(dict):
    """{value: label}; a value that is not a choice is its own label, as in `get_FOO_display()`."""

    def __missing__(self, value):
        return value


def choice_labels(model, field):
    """`{% set kinds = choice_labels("contacts.Authority", "kind") %}` … `{{ kinds[authority.kind] }}`:
    what `authority.get_kind_display()` shows, translated once for a whole list."""
    choices = apps.get_model(model)._meta.get_field(field).flatchoices
    return ChoiceLabels((value, str(label)) for value, label in choices)


def available_languages():
    """The languages of the switcher, each named in itself ("English", "Français", "Русский")
    whatever the page's language: a reader looks for their own language's name
    (handbook/languages.py)."""
    return own_names()


def date(value, format_string="j F Y"):
    """`{{ day|date("j M Y") }}`: Django's formats in the reader's language; a date and time in the
    current time zone, as Django's `date` filter shows it."""
    if isinstance(value, datetime.datetime):
        value = template_localtime(value)
    return format_day(value, format_string)


def linebreaksbr(value):
    """Django's `linebreaksbr`: the text escaped, each line break a `<br>`."""
    return defaultfilters.linebreaksbr(value, autoescape=True)


# A filter form's controls -------------------------------------------------------------------------
# Django renders a drop-down list through a template per option: for the 150 options of the contact
# directory's filters that was a quarter of the time of the whole page. A single-choice `Select`
# (django-filter's choice filters, the ordering, the 24/7 yes/no list) is written here with the
# attributes Django would give it (name, id, `aria-invalid`, `aria-describedby`, `required`); any
# other widget renders as Django renders it.
#
# The option that matches the submitted value is marked selected by equality. (Django's own test is
# `str(option) in value`, a substring test for the yes/no list, where "" is found in "true": the
# 24/7 list showed "Any" while the list was filtered on "Yes".)


def _selected_values(widget, value):
    formatted = widget.format_value(value)
    # NullBooleanSelect gives one string ("true", "false" or "unknown"); other lists give a list.
    return {formatted} if isinstance(formatted, str) else set(formatted)


def control(bound_field):
    """`{{ control(field) }}`: the HTML of a filter form's control."""
    widget = bound_field.field.widget
    # Not list(): it asks a model choice list for its length, a query of its own.
    choices = [choice for choice in getattr(widget, "choices", ())]  # noqa: C416
    if (
        not isinstance(widget, forms.Select)
        or widget.allow_multiple_selected
        or any(isinstance(label, (list, tuple)) for _value, label in choices)  # option groups
    ):
        return bound_field.as_widget()
    # Read the choices once (a model choice list is a query each time it is read); the widget is
    # this form's own copy.
    widget.choices = choices
    attrs = {**widget.attrs, **bound_field.build_widget_attrs({}, widget)}
    if bound_field.auto_id and "id" not in widget.attrs:
        attrs["id"] = bound_field.auto_id
    selected = _selected_values(widget, bound_field.value())
    options = "".join(
        f'<option value="{escape(option)}"{" selected" if option in selected else ""}>{escape(str(label))}</option>'
        for option, label in (("" if value is None else str(value), label) for value, label in choices)
    )
    # Every value above is escaped (the standard library's `html.escape`, which Django's `escape`
    # calls, without its check for lazy text on each of the 150 options): the option values and
    # labels, the name, the attributes.
    select = f'<select name="{escape(bound_field.html_name)}"{flatatt(attrs)}>{options}</select>'
    return mark_safe(select)  # noqa: S308


# Cached fragments ---------------------------------------------------------------------------------


def cached_fragment(name, key_parts, render, *, timeout=3600):
    """The HTML `render()` gives, kept in the cache under `name` and `key_parts` for `timeout`
    seconds: what Django's `{% cache timeout name *key_parts %}` did (the same key), for a part
    of a page that is the same for everyone it is keyed by. `render` runs only on a miss, so the
    queries behind the fragment do too."""
    key = make_template_fragment_key(name, key_parts)
    html = cache.get(key)
    if html is None:
        html = str(render())
        cache.set(key, html, timeout)
    # Rendered by an escaping template (or read back from what one rendered): safe HTML.
    return mark_safe(html)  # noqa: S308
