"""`{% control field %}`: a filter form's control, its drop-down lists written out in Python.

Django renders a drop-down list through a template per option: for the 150 options of the contact
directory's filters that was a quarter of the time of the whole page. A single-choice `Select`
(django-filter's choice filters, the ordering, the 24/7 yes/no list) is written here with the
attributes Django would give it (name, id, `aria-invalid`, `aria-describedby`, `required`); any
other widget renders as Django renders it.

The option that matches the submitted value is marked selected by equality. (Django's own test is
`str(option) in value`, a substring test for the yes/no list, where "" is found in "true": the 24/7
list showed "Any" while the list was filtered on "Yes".)
"""

from html import escape

from django import forms, template
from django.forms.utils import flatatt
from django.utils.safestring import mark_safe

register = template.Library()


def _selected_values(widget, value):
    formatted = widget.format_value(value)
    # NullBooleanSelect gives one string ("true", "false" or "unknown"); other lists give a list.
    return {formatted} if isinstance(formatted, str) else set(formatted)


@register.simple_tag
def control(bound_field):
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
