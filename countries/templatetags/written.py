"""`{% written value "css-class" %}`: text a focal point wrote, marked with the language it is
written in, and a note when it is not the reader's (countries.i18n.Written). Jinja2 templates
call the same function as `written(value, "css-class")`."""

from django import template

from countries.i18n import render_written

register = template.Library()


@register.simple_tag
def written(value, css_class="", tag="span", linebreaks=False):
    return render_written(value, css_class, tag, linebreaks)
