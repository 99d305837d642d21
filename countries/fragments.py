"""Long lists rendered with Jinja2 inside pages written in the Django template language.

A page of the contact directory lists fifty contact points; the Django template language spent
most of the page's time resolving the variables of those rows. Jinja2 compiles a template to
Python and renders such rows several times faster, so the rows of the hot lists are Jinja2
templates under `templates/jinja2/` (`.jinja`), rendered by the view with `render_fragment` and
placed into the page, whose layout stays in the Django template language.

Text in these templates goes through `gettext` / `ngettext`, which are Django's own (the active
language applies), with Jinja2's new-style gettext: placeholders are named and the result is
escaped like any other value.
"""

from django.template import engines
from django.utils import translation
from django.utils.safestring import mark_safe
from jinja2 import Environment

from countries.i18n import format_day, render_written
from countries.urls_cache import reverse_slug


def environment(**options):
    options.pop("autoescape", None)  # always on, whatever the settings say
    env = Environment(autoescape=True, extensions=["jinja2.ext.i18n"], **options)
    env.install_gettext_translations(translation, newstyle=True)
    env.globals["slug_url"] = reverse_slug
    env.globals["written"] = render_written  # {{ written(answer.details_written, "answer__details") }}
    env.filters["date"] = format_day  # Django's formats, per language: {{ day|date("j F Y") }}
    return env


def render_fragment(template_name, context):
    """The HTML of a Jinja2 template of `templates/jinja2/`, to place into a page."""
    html = engines["jinja2"].get_template(template_name).render(context)
    # The Jinja2 engine escapes every value (Django's backend turns autoescape on): the output is
    # safe HTML, like a Django template's.
    return mark_safe(html)  # noqa: S308
